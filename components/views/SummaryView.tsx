import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { localToday } from '../../lib/dates';
import { formatClinicalDate, formatInstant, formatNumber } from '../../lib/format';
import { t, type MessageKey } from '../../lib/i18n';
import { portalLabel } from '../../lib/portal-label';
import { rangeFlag } from '../../storage/views/highlights';
import { personSummary, type PersonSummary } from '../../storage/views/summary';
import { FlagBadge } from '../FlagBadge';
import { groupBySystem } from '../labs/AnalyteTable';
import { useArchiveQuery } from '../hooks/use-archive-query';
import { rangeText } from '../labs/lab-text';
import { LoadState } from '../LoadState';
import { resultText } from '../timeline/RecordEssentials';
import { ChoosePerson, onePerson } from './ChoosePerson';
import type { ViewProps } from './view-props';

export const SUMMARY_SECTIONS = [
  'results',
  'immunizations',
  'medications',
  'allergies',
  'problems',
  'documents',
  'appointments',
  'sources',
] as const;
export type SummarySection = (typeof SUMMARY_SECTIONS)[number];

function Part({ id, count, children }: { id: SummarySection; count: number; children: ComponentChildren }) {
  return (
    <section class="summary-part" data-testid="summary-section" data-section={id} data-count={count}>
      <h4>{t(`summary_${id}` as MessageKey)}</h4>
      {count === 0 ? <p class="muted">{t('summaryNone')}</p> : children}
    </section>
  );
}

/** "de 0,9 à 1,2 sur 3 résultats", or nothing for a single result. */
function trend(values: readonly { value: number }[]): string {
  const first = values[0];
  const last = values[values.length - 1];
  if (!first || !last || values.length < 2) return '';
  return t('summaryTrend', [values.length, formatNumber(first.value), formatNumber(last.value)]);
}

function Summary({ summary, chosen }: { summary: PersonSummary; chosen: ReadonlySet<SummarySection> }) {
  const { results, immunizations, medications, allergies, problems, documents, appointments, sources } =
    summary;
  return (
    <>
      {chosen.has('results') && (
        <Part id="results" count={results.length}>
          <table class="summary-table">
            <thead>
              <tr>
                <th scope="col">{t('colAnalyte')}</th>
                <th scope="col">{t('colLatest')}</th>
                <th scope="col">{t('colDate')}</th>
                <th scope="col">{t('colRange')}</th>
                <th scope="col">{t('colTrend')}</th>
              </tr>
            </thead>
            {groupBySystem(results).map((group) => (
              <tbody key={group.system} data-system={group.system}>
                <tr class="group-row">
                  <th scope="colgroup" colSpan={5}>
                    {t(`labSystem_${group.system.replace('-', '_')}` as MessageKey)}
                  </th>
                </tr>
                {group.rows.map((analyte) => (
                  <tr key={analyte.key} data-testid="summary-result">
                    <th scope="row">{analyte.name}</th>
                    <td>
                      {resultText(analyte.latest)} <FlagBadge flag={rangeFlag(analyte.latest)} />
                    </td>
                    <td>{formatClinicalDate(analyte.latest.date.slice(0, 10))}</td>
                    <td>{rangeText(analyte.latest)}</td>
                    <td>{trend(analyte.values)}</td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </Part>
      )}
      {chosen.has('immunizations') && (
        <Part id="immunizations" count={immunizations.length}>
          <ul>
            {immunizations.map((v) => (
              <li key={v.id}>
                {formatClinicalDate(v.date)} — {v.vaccine}
                {v.dose ? ` (${v.dose})` : ''}
              </li>
            ))}
          </ul>
        </Part>
      )}
      {chosen.has('medications') && (
        <Part id="medications" count={medications.length}>
          <ul>
            {medications.map((m) => (
              <li key={m.id}>
                {m.name} — {t('summaryLastOn', formatClinicalDate(m.date))}
                {m.prescriber ? ` · ${m.prescriber}` : ''}
              </li>
            ))}
          </ul>
        </Part>
      )}
      {chosen.has('allergies') && (
        <Part id="allergies" count={allergies.length}>
          <ul>
            {allergies.map((a) => (
              <li key={a.id}>
                {a.substance}
                {a.reaction ? ` — ${a.reaction}` : ''}
                {a.severity ? ` (${a.severity})` : ''}
                {a.status && a.status !== 'active'
                  ? ` · ${t(`summaryStatus_${a.status}` as MessageKey)}`
                  : ''}
              </li>
            ))}
          </ul>
        </Part>
      )}
      {chosen.has('problems') && (
        <Part id="problems" count={problems.length}>
          <ul>
            {problems.map((p) => (
              <li key={p.id}>
                {p.name} — {t('summarySince', formatClinicalDate(p.date))}
                {p.status && p.status !== 'active'
                  ? ` · ${t(`summaryStatus_${p.status}` as MessageKey)}`
                  : ''}
              </li>
            ))}
          </ul>
        </Part>
      )}
      {chosen.has('documents') && (
        <Part id="documents" count={documents.length}>
          <ul>
            {documents.map((d) => (
              <li key={d.id}>
                {formatClinicalDate(d.date)} — {d.title}
                {d.author ? ` · ${d.author}` : ''}
              </li>
            ))}
          </ul>
        </Part>
      )}
      {chosen.has('appointments') && (
        <Part id="appointments" count={appointments.upcoming.length + appointments.past.length}>
          <ul>
            {[...appointments.upcoming, ...appointments.past].map((a) => (
              <li key={a.id}>
                {formatClinicalDate(a.date)} —{' '}
                {[a.service, a.practitioner, a.location].filter(Boolean).join(' · ') ||
                  t('highlightsAppointment')}
              </li>
            ))}
          </ul>
        </Part>
      )}
      {chosen.has('sources') && (
        <Part id="sources" count={sources.length}>
          <ul>
            {sources.map((s) => (
              <li key={s.source}>
                {portalLabel(s.source)} —{' '}
                {s.lastSave ? t('summaryLastSave', formatInstant(s.lastSave)) : t('overviewNeverCaptured')}
              </li>
            ))}
          </ul>
        </Part>
      )}
    </>
  );
}

/**
 * « Préparer un résumé pour mon médecin » (`#/resume?personne=`): one person's essentials on one
 * printable page, the parts the person chooses; printed (or saved as PDF) by the browser's own
 * print, nothing leaving it.
 */
export function SummaryView({ db, route, scope, persons }: ViewProps) {
  const [chosen, setChosen] = useState<ReadonlySet<SummarySection>>(new Set(SUMMARY_SECTIONS));
  // With one person in the archive, theirs; with several, the one chosen.
  const person = onePerson(scope, persons);
  const today = localToday();
  const summary = useArchiveQuery(
    db,
    () => (person ? personSummary(db, person.names, today) : Promise.resolve(null)),
    [db, person?.key, today],
  );
  const toggle = (section: SummarySection, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(section);
    else next.delete(section);
    setChosen(next);
  };

  return (
    <section aria-labelledby="view-title" class="summary-view">
      <h2 id="view-title" tabIndex={-1}>
        {t('navSummary')}
      </h2>
      {!person ? (
        <ChoosePerson route={route} persons={persons} prompt={t('summaryChoose')} testId="summary-persons" />
      ) : (
        <>
          <form class="no-print" data-testid="summary-choice" onSubmit={(event) => event.preventDefault()}>
            <fieldset>
              <legend>{t('summaryInclude')}</legend>
              {SUMMARY_SECTIONS.map((section) => (
                <label key={section} class="summary-choice">
                  <input
                    type="checkbox"
                    name={section}
                    checked={chosen.has(section)}
                    onChange={(event) => toggle(section, event.currentTarget.checked)}
                  />{' '}
                  {t(`summary_${section}` as MessageKey)}
                </label>
              ))}
            </fieldset>
            <p>
              <button
                type="button"
                class="primary"
                data-testid="summary-print"
                onClick={() => window.print()}
              >
                {t('summaryPrint')}
              </button>{' '}
              <span class="muted">{t('summaryPrintHelp')}</span>
            </p>
          </form>
          <LoadState state={summary} />
          {summary.status === 'ready' && summary.value && (
            <article
              class="summary-page"
              data-testid="summary"
              data-person={person.key}
              aria-labelledby="summary-title"
            >
              <h3 id="summary-title">{t('summaryTitle', person.label)}</h3>
              <p class="muted">{t('summaryMadeOn', formatClinicalDate(today))}</p>
              <Summary summary={summary.value} chosen={chosen} />
              <p class="muted summary-footer">{t('summaryFooter')}</p>
            </article>
          )}
        </>
      )}
    </section>
  );
}
