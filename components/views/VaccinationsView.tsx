import { formatClinicalDate } from '../../lib/format';
import { t } from '../../lib/i18n';
import { portalLabel } from '../../lib/portal-label';
import { usePagedRecords } from '../hooks/use-paged';
import type { Immunization } from '../../storage/schemas';
import { DetailsLink } from '../DetailsLink';
import { LoadState } from '../LoadState';
import { MoreButton } from '../MoreButton';
import type { ViewProps } from './view-props';
import { PersonName } from '../PersonName';

/** Vaccinations, newest first. */
export function VaccinationsView({ db, scope }: ViewProps) {
  const paged = usePagedRecords(db, { kinds: ['immunization'], persons: scope }, [scope], 100);
  const vaccinations = paged.items as Immunization[];

  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title" tabIndex={-1}>
        {t('navVaccinations')}
      </h2>
      <LoadState state={paged} />
      {paged.status === 'ready' && vaccinations.length === 0 && <p>{t('vaccinationsEmpty')}</p>}
      {vaccinations.length > 0 && (
        <table data-testid="vaccinations" data-count={vaccinations.length}>
          <thead>
            <tr>
              <th scope="col">{t('colDate')}</th>
              <th scope="col">{t('colVaccine')}</th>
              <th scope="col">{t('colDose')}</th>
              <th scope="col">{t('colLot')}</th>
              <th scope="col">{t('colPerformer')}</th>
              <th scope="col">{t('colPatient')}</th>
              <th scope="col">{t('colSource')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('colRecordLink')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {vaccinations.map((v) => (
              <tr key={v.id} data-testid="vaccination-row">
                <td class="date">{formatClinicalDate(v.date)}</td>
                <td>{v.vaccine}</td>
                <td>{v.dose ?? '—'}</td>
                <td>{v.lot ?? '—'}</td>
                <td>{v.performer ?? '—'}</td>
                <td>
                  <PersonName name={v.patient} />
                </td>
                <td>{portalLabel(v.source)}</td>
                <td>
                  <DetailsLink record={v} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <MoreButton paged={paged} />
    </section>
  );
}
