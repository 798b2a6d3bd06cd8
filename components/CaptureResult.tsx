import type { CaptureOutcome } from '../lib/capture-outcome';
import type { ChannelErrorCode } from '../scrapers/channels';
import type { Capture } from '../storage/schemas';
import { t, tCount, type MessageKey } from '../lib/i18n';
import { captureSummaryText } from './CaptureList';

const TITLES: Record<CaptureOutcome['status'], MessageKey> = {
  ok: 'resultTitleOk',
  broken: 'resultTitleBroken',
  error: 'resultTitleError',
};

interface Props {
  outcome: CaptureOutcome;
  onOpenDashboard?: () => void;
  onClose?: () => void;
  /** Offered when the page could not be read: an anonymised copy for the researchers. */
  onReport?: () => void;
  /**
   * The portal's name as people know it (lib/portal-label.ts); its id without it. Given by the
   * caller: in a portal page the content script knows its own portal, and the registry of every
   * portal would weigh on it.
   */
  portalName?: string;
}

/** The words for a save through the portal's requests that stopped: one per reason. */
function channelErrorText(code: ChannelErrorCode): string {
  return t(`channelError_${code.replaceAll('-', '_') as Underscored<ChannelErrorCode>}`);
}

type Underscored<S extends string> = S extends `${infer A}-${infer B}` ? `${A}_${Underscored<B>}` : S;

/**
 * What a save gave, in one sentence a patient reads at a glance: the portal by its name, what is
 * new (or that nothing is), what was already saved and the lines that could not be read.
 */
function savedText(capture: Capture, portal: string): string {
  const what = t('resultSaved', [portal, captureSummaryText(capture)]);
  const { unchanged } = capture.counts;
  return unchanged > 0 ? `${what} ${tCount('resultAlreadySaved', unchanged)}` : what;
}

/**
 * The outcome of one save, in plain words: what was new, already there or left out, and every
 * problem the reader met. Everything shown is text (never page HTML).
 */
export function CaptureResult({ outcome, onOpenDashboard, onClose, onReport, portalName }: Props) {
  const { capture, channel } = outcome;
  const portal = portalName ?? capture?.scraper.id ?? '';
  const counts = capture?.counts;
  const empty = outcome.status === 'ok' && counts?.found === 0;
  const partial = outcome.status === 'ok' && channel?.status === 'partial';
  const title = partial ? t('resultTitlePartial') : empty ? t('resultTitleEmpty') : t(TITLES[outcome.status]);
  return (
    <section
      class={`result result-${partial ? 'partial' : outcome.status}`}
      data-testid="capture-result"
      data-status={outcome.status}
      data-channel={channel?.status}
      data-code={channel?.code ?? undefined}
      data-found={counts?.found}
      data-added={counts?.added}
      data-updated={counts?.updated}
      data-unchanged={counts?.unchanged}
      data-invalid={counts?.invalid}
      aria-labelledby="mdms-result-title"
    >
      <h2 id="mdms-result-title">{title}</h2>
      {capture && counts && outcome.status === 'ok' && !empty && (
        <p class="source" data-testid="result-summary">
          {savedText(capture, portal)}
        </p>
      )}
      {capture && (outcome.status !== 'ok' || empty) && <p class="source">{portal}</p>}
      {partial && (
        <div class="missing" data-testid="result-missing">
          <p>{t('resultPartialIntro')}</p>
          <ul>
            {channel.missing.map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </ul>
          <p>{t('resultPartialHint')}</p>
        </div>
      )}
      {outcome.status === 'broken' && <p>{t('resultBrokenHint')}</p>}
      {outcome.status === 'error' && (
        <p>
          {channel?.code
            ? channelErrorText(channel.code)
            : outcome.error === 'no-answer'
              ? t('errorNoAnswer')
              : t('errorUnexpected', outcome.error ?? '')}
        </p>
      )}
      {capture && capture.problems.length > 0 && (
        <details open={outcome.status !== 'ok'}>
          <summary>
            {t('problemsTitle')} ({capture.problems.length})
          </summary>
          <ul class="problems">
            {capture.problems.map((problem, index) => (
              <li key={index} class={`problem problem-${problem.level}`}>
                <strong>{t(problem.level === 'error' ? 'problemError' : 'problemWarning')}</strong>{' '}
                {problem.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div class="actions">
        {onReport && outcome.status === 'broken' && (
          <button type="button" class="link" data-testid="report-offer" onClick={onReport}>
            {t('reportOffer')}
          </button>
        )}
        {onOpenDashboard && capture && (
          <button type="button" class="link" data-testid="result-open-dashboard" onClick={onOpenDashboard}>
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
