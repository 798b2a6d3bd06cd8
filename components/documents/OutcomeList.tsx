import { t, tCount } from '../../lib/i18n';
import type { ReadOutcome } from './read-documents';

/** What each document gave, or why it could not be read; the warnings of each, folded. */
export function OutcomeList({ outcomes }: { outcomes: readonly ReadOutcome[] }) {
  return (
    <ul class="document-outcomes" data-testid="document-outcomes">
      {outcomes.map((outcome, i) => (
        <li key={i} data-status={outcome.status}>
          <strong>{outcome.title}</strong>{' '}
          {outcome.status === 'read'
            ? outcome.added > 0
              ? t('documentReadAdded', [
                  tCount('countItemsRead', outcome.records),
                  tCount('countNewOnes', outcome.added),
                ])
              : tCount('documentReadKnown', outcome.records)
            : t('documentUnreadable', outcome.message ?? '')}
          {outcome.problems.length > 0 && (
            <details>
              <summary>{tCount('documentWarnings', outcome.problems.length)}</summary>
              <ul>
                {outcome.problems.map((problem, j) => (
                  <li key={j}>{problem.message}</li>
                ))}
              </ul>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}
