import { localToday } from '../../lib/dates';
import { formatClinicalDate } from '../../lib/format';
import { t } from '../../lib/i18n';
import { portalLabel } from '../../lib/portal-label';
import { useArchiveQuery } from '../hooks/use-archive-query';
import { usePagedRecords } from '../hooks/use-paged';
import type { Appointment } from '../../storage/schemas';
import { upcomingAppointments } from '../../storage/views/appointments';
import { DetailsLink } from '../DetailsLink';
import { LoadState } from '../LoadState';
import { MoreButton } from '../MoreButton';
import { statusLabel } from '../timeline/RecordEssentials';
import type { ViewProps } from './view-props';
import { PersonName } from '../PersonName';

function AppointmentTable({
  appointments,
  caption,
  testId,
}: {
  appointments: readonly Appointment[];
  caption: string;
  testId: string;
}) {
  return (
    <table data-testid={testId} data-count={appointments.length}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('colDate')}</th>
          <th scope="col">{t('colService')}</th>
          <th scope="col">{t('colPractitioner')}</th>
          <th scope="col">{t('colLocation')}</th>
          <th scope="col">{t('colStatus')}</th>
          <th scope="col">{t('colPatient')}</th>
          <th scope="col">{t('colSource')}</th>
          <th scope="col">
            <span class="visually-hidden">{t('colRecordLink')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {appointments.map((a) => (
          <tr
            key={a.id}
            data-testid="appointment-row"
            data-status={a.status ?? ''}
            class={a.status === 'cancelled' ? 'cancelled' : undefined}
          >
            <td class="date">{formatClinicalDate(a.date)}</td>
            <td>
              {a.service ?? '—'}
              {a.reason && <span class="details">{a.reason}</span>}
            </td>
            <td>{a.practitioner ?? '—'}</td>
            <td>{a.location ?? '—'}</td>
            <td>{a.status ? statusLabel(a.status) : '—'}</td>
            <td>
              <PersonName name={a.patient} />
            </td>
            <td>{portalLabel(a.source)}</td>
            <td>
              <DetailsLink record={a} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Appointments to come (soonest first), then the past ones (latest first, page by page). */
export function AppointmentsView({ db, scope }: ViewProps) {
  const today = localToday();
  const upcoming = useArchiveQuery(db, () => upcomingAppointments(db, scope, today), [db, scope, today]);
  const past = usePagedRecords(
    db,
    { kinds: ['appointment'], persons: scope, to: today, where: (r) => r.date < today },
    [scope, today],
    50,
  );

  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title" tabIndex={-1}>
        {t('navAppointments')}
      </h2>
      <LoadState state={upcoming} />
      {upcoming.status === 'ready' &&
        (upcoming.value.length > 0 ? (
          <AppointmentTable
            testId="upcoming-appointments"
            appointments={upcoming.value}
            caption={t('appointmentsUpcoming')}
          />
        ) : (
          <p data-testid="upcoming-appointments" data-count={0}>
            {t('appointmentsNoneUpcoming')}
          </p>
        ))}
      <LoadState state={past} />
      {past.status === 'ready' && past.items.length > 0 && (
        <AppointmentTable
          testId="past-appointments"
          appointments={past.items as Appointment[]}
          caption={t('appointmentsPast')}
        />
      )}
      {past.status === 'ready' && past.items.length === 0 && <p>{t('appointmentsNonePast')}</p>}
      <MoreButton paged={past} />
    </section>
  );
}
