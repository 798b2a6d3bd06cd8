import { useEffect, useRef, useState } from 'preact/hooks';
import type { CaptureOutcome } from '../lib/capture-outcome';
import { t } from '../lib/i18n';
import type { ChannelStep } from '../scrapers/channels';
import { CaptureResult } from './CaptureResult';
import { ReportPreview } from './ReportPreview';

/** Where a save is: reading the portal's answers (n of N), or downloading documents' files. */
export interface SaveProgress {
  step: ChannelStep;
  done: number;
  total: number | null;
}

/** Starts a save; resolves with what happened (never rejects); `signal` cancels it. */
export type SaveAction = (
  onProgress: (progress: SaveProgress) => void,
  signal: AbortSignal,
) => Promise<CaptureOutcome>;

interface Props {
  /** Saves what the page shows (through the portal's requests, where it has them), files too. */
  onSave: SaveAction;
  /** Where the portal offers more than the page shows: the whole history ("Tout enregistrer"). */
  onSaveAll?: SaveAction;
  onOpenDashboard: () => void;
  /** A save started elsewhere (the popup) reports its outcome here too. */
  external?: CaptureOutcome | null;
  /**
   * Whether a click may start a save. On a portal page only the person's own clicks do: the
   * page's scripts can reach an open shadow root and click, but their events are not trusted.
   */
  accepts?: (event: Event) => boolean;
  /** Builds the anonymised copy of the page for a report ("Signaler cette page"). */
  makeReport?: () => PageReport;
  /** Changes each time the popup asks to prepare a report. */
  reportRequest?: number;
  /** The portal's name as people know it. */
  portalName?: string;
}

export interface PageReport {
  html: string;
  download: () => void;
}

/** The progress line of a save at `progress`. */
function progressText(progress: SaveProgress | null): string {
  if (progress === null) return t('saving');
  const { step, done, total } = progress;
  if (step === 'files') return total ? t('filesProgress', [done, total]) : t('saving');
  if (step === 'details') return total ? t('channelStep_details', [done, total]) : t('channelStep_list');
  const words = {
    token: 'channelStep_token',
    list: 'channelStep_list',
    documents: 'channelStep_documents',
  } as const;
  return t(words[step]);
}

/**
 * The floating "Enregistrer mes données" button of a portal page (and "Tout enregistrer" where
 * the portal offers a whole history) with the outcome of the last save. Native buttons, so Tab
 * reaches them and Enter or Space press them; progress and outcome are a live region, read out by
 * screen readers without moving the focus; Tab goes on from the buttons to the outcome's actions,
 * and Escape closes it, giving the focus back to the button. A save in progress can be cancelled.
 */
export function PageButton({
  onSave,
  onSaveAll,
  onOpenDashboard,
  external,
  accepts = () => true,
  makeReport,
  reportRequest,
  portalName,
}: Props) {
  const [report, setReport] = useState<PageReport | null>(null);
  const [busy, setBusy] = useState<'one' | 'all' | null>(null);
  const [progress, setProgress] = useState<SaveProgress | null>(null);
  const [shown, setShown] = useState<CaptureOutcome | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const abortRef = useRef<AbortController | null>(null);

  useEffect(() => {
    if (external) setShown(external);
  }, [external]);

  useEffect(() => {
    if (reportRequest && makeReport) setReport(makeReport());
  }, [reportRequest, makeReport]);

  // aria-disabled rather than disabled: a disabled button would drop the keyboard focus.
  const start = (which: 'one' | 'all', action: SaveAction | undefined) => async (event: Event) => {
    if (busy || !action || !accepts(event)) return;
    const abort = new AbortController();
    abortRef.current = abort;
    setBusy(which);
    setShown(null);
    setProgress(null);
    try {
      setShown(await action(setProgress, abort.signal));
    } finally {
      abortRef.current = null;
      setBusy(null);
      setProgress(null);
    }
  };
  const cancel = (event: Event) => {
    if (accepts(event)) abortRef.current?.abort();
  };

  const close = () => {
    setShown(null);
    setReport(null);
    buttonRef.current?.focus();
  };
  const openReport = makeReport && (() => setReport(makeReport()));

  return (
    <div
      class="panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && (shown || report)) close();
      }}
    >
      <div class="buttons">
        {busy && (
          <button
            type="button"
            class="save secondary"
            data-testid="save-cancel"
            title={t('cancelSaveTitle')}
            onClick={cancel}
          >
            {t('cancelSave')}
          </button>
        )}
        {onSaveAll && (
          <button
            type="button"
            class="save secondary"
            data-testid="save-all"
            title={t('saveAllTitle')}
            aria-disabled={busy !== null}
            aria-busy={busy === 'all'}
            onClick={start('all', onSaveAll)}
          >
            {t('saveAll')}
          </button>
        )}
        <button
          ref={buttonRef}
          type="button"
          class="save"
          data-testid="save-my-data"
          title={t('saveButtonTitle')}
          aria-disabled={busy !== null}
          aria-busy={busy === 'one'}
          onClick={start('one', onSave)}
        >
          <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18">
            <path
              fill="currentColor"
              d="M12 3a1 1 0 0 1 1 1v9.59l3.3-3.3a1 1 0 1 1 1.4 1.42l-5 5a1 1 0 0 1-1.4 0l-5-5a1 1 0 1 1 1.4-1.42l3.3 3.3V4a1 1 0 0 1 1-1zM5 19h14a1 1 0 1 1 0 2H5a1 1 0 1 1 0-2z"
            />
          </svg>
          <span>{busy === 'one' ? t('saving') : t('saveButton')}</span>
        </button>
      </div>
      {/* After the buttons in the document, above them on screen: Tab goes from the button
          that was pressed to the outcome's own buttons, not away into the page. */}
      <div role="status" aria-live="polite" class="live">
        {busy && (
          <p class="saving" data-testid="capture-result" data-status="saving" data-step={progress?.step}>
            {progressText(progress)}
          </p>
        )}
        {report && !busy && <ReportPreview html={report.html} onDownload={report.download} onClose={close} />}
        {shown && !busy && !report && (
          <CaptureResult
            outcome={shown}
            onOpenDashboard={onOpenDashboard}
            onClose={close}
            onReport={openReport}
            portalName={portalName}
          />
        )}
      </div>
    </div>
  );
}
