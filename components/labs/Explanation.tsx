import { t, uiLocale } from '../../lib/i18n';
import { explanationOf } from '../../storage/analytes/explanations';

/**
 * What a test is, in plain words (storage/analytes/explanations.ts): folded under « En quelques
 * mots » in a table row, open on the test's own page. Says that the range is the lab's.
 */
export function Explanation({ loinc, open = false }: { loinc: string | null; open?: boolean }) {
  const explanation = explanationOf(loinc, uiLocale());
  if (!explanation) return null;
  const body = (
    <>
      <strong>{explanation.name}</strong> — {explanation.text}{' '}
      <span class="muted">{t('labExplainRange')}</span>
    </>
  );
  if (open) {
    return (
      <p class="explain" data-testid="explanation">
        {body}
      </p>
    );
  }
  return (
    <details class="explain" data-testid="explanation">
      <summary>{t('labExplainSummary')}</summary>
      <p>{body}</p>
    </details>
  );
}
