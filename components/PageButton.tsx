import { useEffect, useRef, useState } from 'preact/hooks';
import type { CaptureOutcome } from '../lib/capture-outcome';
import { t } from '../lib/i18n';
import type { PageProgress, SaveAllOutcome } from '../content/save-all';
import { CaptureResult } from './CaptureResult';
import { ReportPreview } from './ReportPreview';
import { SaveAllResult } from './SaveAllResult';

interface Props {
  /** Reads the page and stores it, its document files too; resolves with what happened (never rejects). */
  onSave: (onFiles: (done: number, total: number) => void) => Promise<CaptureOutcome>;
  /** On a paginated history: saves this page and the next ones (never rejects). */
  onSaveAll?: (onProgress: (progress: PageProgress) => void) => Promise<SaveAllOutcome>;
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
}

export interface PageReport {
  html: string;
  download: () => void;
}

type Shown = { kind: 'one'; outcome: CaptureOutcome } | { kind: 'all'; outcome: SaveAllOutcome };

/**
 * The floating "Enregistrer mes données" button of a portal page (and "Tout enregistrer" on a
 * paginated history) with the outcome of the last save. Native buttons, so Tab reaches them and
 * Enter or Space press them; progress and outcome are a live region, read out by screen readers
 * without moving the focus.
 */
export function PageButton({
  onSave,
  onSaveAll,
  onOpenDashboard,
  external,
  accepts = () => true,
  makeReport,
  reportRequest,
}: Props) {
  const [report, setReport] = useState<PageReport | null>(null);
  const [busy, setBusy] = useState<'one' | 'all' | null>(null);
  const [progress, setProgress] = useState<PageProgress | null>(null);
  const [files, setFiles] = useState<{ done: number; total: number } | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (external) setShown({ kind: 'one', outcome: external });
  }, [external]);

  useEffect(() => {
    if (reportRequest && makeReport) setReport(makeReport());
  }, [reportRequest, makeReport]);

  // aria-disabled rather than disabled: a disabled button would drop the keyboard focus.
  const save = async (event: Event) => {
    if (busy || !accepts(event)) return;
    setBusy('one');
    setShown(null);
    setFiles(null);
    try {
      setShown({ kind: 'one', outcome: await onSave((done, total) => setFiles({ done, total })) });
    } finally {
      setBusy(null);
      setFiles(null);
    }
  };

  const saveAll = async (event: Event) => {
    if (busy || !onSaveAll || !accepts(event)) return;
    setBusy('all');
    setShown(null);
    setProgress(null);
    try {
      setShown({ kind: 'all', outcome: await onSaveAll(setProgress) });
    } finally {
      setBusy(null);
      setProgress(null);
    }
  };

  const close = () => {
    setShown(null);
    setReport(null);
    buttonRef.current?.focus();
  };
  const openReport = makeReport && (() => setReport(makeReport()));

  const progressText =
    progress === null
      ? t('saving')
      : progress.pages
        ? t('saveAllProgress', [progress.page, progress.pages])
        : t('saveAllProgressUnknown', progress.page);

  return (
    <div
      class="panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && (shown || report)) close();
      }}
    >
      <div role="status" aria-live="polite" class="live">
        {busy && (
          <p class="saving" data-testid="capture-result" data-status="saving">
            {busy === 'all'
              ? progressText
              : files && files.total > 0
                ? t('filesProgress', [files.done, files.total])
                : t('saving')}
          </p>
        )}
        {report && !busy && <ReportPreview html={report.html} onDownload={report.download} onClose={close} />}
        {shown?.kind === 'one' && !busy && !report && (
          <CaptureResult
            outcome={shown.outcome}
            onOpenDashboard={onOpenDashboard}
            onClose={close}
            onReport={openReport}
          />
        )}
        {shown?.kind === 'all' && !busy && !report && (
          <SaveAllResult outcome={shown.outcome} onOpenDashboard={onOpenDashboard} onClose={close} />
        )}
      </div>
      <div class="buttons">
        {onSaveAll && (
          <button
            type="button"
            class="save secondary"
            data-testid="save-all"
            title={t('saveAllTitle')}
            aria-disabled={busy !== null}
            aria-busy={busy === 'all'}
            onClick={saveAll}
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
          onClick={save}
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
    </div>
  );
}
