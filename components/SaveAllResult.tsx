import { t, type MessageKey } from '../lib/i18n';
import { totals, type SaveAllOutcome, type StopReason } from '../content/save-all';
import { captureOutcomeText } from './CaptureList';

const STOPS: Record<StopReason, MessageKey> = {
  'last-page': 'saveAllStopLast',
  limit: 'saveAllStopLimit',
  error: 'saveAllStopError',
  'other-host': 'saveAllStopHost',
  loop: 'saveAllStopLoop',
};

interface Props {
  outcome: SaveAllOutcome;
  onOpenDashboard?: () => void;
  onClose?: () => void;
}

/** The outcome of "Tout enregistrer": every page's counts added up, then page by page. */
export function SaveAllResult({ outcome, onOpenDashboard, onClose }: Props) {
  const sum = totals(outcome);
  const complete = outcome.stop === 'last-page';
  const saved = outcome.pages.filter((page) => page.outcome.status === 'ok').length;
  const failed = outcome.pages.find((page) => page.outcome.status !== 'ok');
  return (
    <section
      class={`result result-${complete ? 'ok' : 'broken'}`}
      data-testid="save-all-result"
      data-status={complete ? 'ok' : 'stopped'}
      data-stop={outcome.stop}
      data-pages={saved}
      data-found={sum.found}
      data-added={sum.added}
      data-updated={sum.updated}
      data-unchanged={sum.unchanged}
      data-invalid={sum.invalid}
      aria-labelledby="mdms-save-all-title"
    >
      <h2 id="mdms-save-all-title">{t('saveAllDone', saved)}</h2>
      <p>
        {t(STOPS[outcome.stop], [outcome.at, outcome.detail ?? t('saveAllPageError')])}
        {!complete && saved > 0 && ` ${t('saveAllKept')}`}
      </p>
      <dl class="counts">
        <div class="count">
          <dt>{t('countAdded')}</dt>
          <dd>{sum.added}</dd>
        </div>
        <div class="count">
          <dt>{t('countUpdated')}</dt>
          <dd>{sum.updated}</dd>
        </div>
        <div class="count">
          <dt>{t('countUnchanged')}</dt>
          <dd>{sum.unchanged}</dd>
        </div>
        <div class="count">
          <dt>{t('countInvalid')}</dt>
          <dd>{sum.invalid}</dd>
        </div>
      </dl>
      <details open={!complete}>
        <summary>{t('saveAllPerPage')}</summary>
        <ol class="problems">
          {outcome.pages.map(({ url, outcome: page }) => (
            <li key={url}>
              {page.capture ? captureOutcomeText(page.capture) : t('errorUnexpected', page.error ?? '')}
            </li>
          ))}
        </ol>
        {failed?.outcome.capture?.problems.map((problem, index) => (
          <p key={index} class={`problem problem-${problem.level}`}>
            {problem.message}
          </p>
        ))}
      </details>
      <div class="actions">
        {onOpenDashboard && (
          <button type="button" class="link" onClick={onOpenDashboard}>
            {t('openDashboard')}
          </button>
        )}
        {onClose && (
          <button type="button" class="link" onClick={onClose}>
            {t('close')}
          </button>
        )}
      </div>
    </section>
  );
}
