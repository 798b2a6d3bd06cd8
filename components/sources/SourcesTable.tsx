import { formatInstant } from '../../lib/format';
import { t, type MessageKey } from '../../lib/i18n';
import { portalLabel } from '../../lib/portal-label';
import { SAVE_OUTCOMES, type SaveOutcome, type SourceHealth } from '../../storage/views/sources';

/** "Réussis", "Partiels", "Échoués". */
export function outcomeLabel(outcome: SaveOutcome): string {
  return t(`sourcesOutcome_${outcome}` as MessageKey);
}

function when(instant: string | undefined): string {
  return instant ? formatInstant(instant) : t('sourcesNever');
}

/** Every portal on one line: its reader, its saves by outcome, its last success and failure. */
export function SourcesTable({ sources }: { sources: readonly SourceHealth[] }) {
  return (
    <table data-testid="sources-table">
      <caption class="visually-hidden">{t('sourcesTableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('colSource')}</th>
          <th scope="col">{t('sourcesColVersion')}</th>
          {SAVE_OUTCOMES.map((outcome) => (
            <th key={outcome} scope="col" class="num">
              {outcomeLabel(outcome)}
            </th>
          ))}
          <th scope="col">{t('sourcesColLastSuccess')}</th>
          <th scope="col">{t('sourcesColLastFailure')}</th>
        </tr>
      </thead>
      <tbody>
        {sources.map((health) => (
          <tr
            key={health.source}
            data-testid="source-row"
            data-source={health.source}
            data-version={health.version}
          >
            <th scope="row">{portalLabel(health.source)}</th>
            <td>{health.version}</td>
            {SAVE_OUTCOMES.map((outcome) => (
              <td
                key={outcome}
                class="num"
                data-testid="outcome-count"
                data-outcome={outcome}
                data-count={health.outcomes[outcome]}
              >
                {health.outcomes[outcome]}
              </td>
            ))}
            <td class="date">{when(health.lastSuccess?.startedAt)}</td>
            <td class="date">{when(health.lastFailure?.startedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
