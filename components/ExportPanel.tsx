import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t, uiLocale, type MessageKey, tCount } from '../lib/i18n';
import { kindLabel } from '../lib/record-summary';
import { useLiveQuery } from './hooks/use-live-query';
import { csvLocale } from '../storage/archive/csv';
import { exportArchive, type ExportFormat } from '../storage/archive/export';
import { selectionChoices, type Selection } from '../storage/archive/selection';
import type { Progress } from '../storage/archive/sink';
import type { MesDonneesDb } from '../storage/db';
import { RECORD_KINDS, type RecordKind } from '../storage/schemas';

const FORMATS: { id: ExportFormat; label: MessageKey }[] = [
  { id: 'zip', label: 'exportFormatZip' },
  { id: 'json', label: 'exportFormatJson' },
  { id: 'csv', label: 'exportFormatCsv' },
  { id: 'fhir', label: 'exportFormatFhir' },
];

export const MIN_PASSPHRASE = 8;

/** A Blob saved by the browser as a download: it leaves the extension only there. */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its bytes by then.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function appVersion(): string {
  try {
    return browser.runtime.getManifest().version;
  } catch {
    return '0.0.0';
  }
}

/** What a long export or import is doing: a bar, and its words for screen readers. */
export function ProgressLine({ progress }: { progress: Progress | null }) {
  const label = progress ? t(`progress_${progress.phase}` as MessageKey) : t('progressWorking');
  const known = progress !== null && progress.total > 0;
  return (
    <div class="progress" aria-busy="true">
      <p role="status">{label}</p>
      {known ? (
        <progress value={Math.min(progress.done, progress.total)} max={progress.total} aria-label={label} />
      ) : (
        <progress aria-label={label} />
      )}
      {known && progress.phase !== 'read' && (
        <span class="muted"> {t('progressCount', [progress.done, progress.total])}</span>
      )}
    </div>
  );
}

type State =
  | { status: 'idle' }
  | { status: 'busy'; progress: Progress | null }
  | { status: 'done'; filename: string; count: number }
  | { status: 'error'; message: string };

interface Props {
  db: MesDonneesDb;
  /** Tests replace the download. */
  save?: (blob: Blob, filename: string) => void;
}

/**
 * The export form: a format, an optional selection (person, portal, kind, dates) and an optional
 * passphrase. Plain form controls, so it works with the keyboard alone.
 */
export function ExportPanel({ db, save = saveFile }: Props) {
  const choices = useLiveQuery(() => selectionChoices(db), [db]);
  const [format, setFormat] = useState<ExportFormat>('zip');
  const [patient, setPatient] = useState('');
  const [source, setSource] = useState('');
  const [kind, setKind] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [encrypt, setEncrypt] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [state, setState] = useState<State>({ status: 'idle' });
  const busy = state.status === 'busy';

  const problem = (() => {
    if (from && to && from > to) return t('exportDateOrder');
    if (encrypt && passphrase.length < MIN_PASSPHRASE) return t('exportPassphraseShort');
    if (encrypt && passphrase !== confirm) return t('exportPassphraseMismatch');
    return null;
  })();

  async function submit(event: Event) {
    event.preventDefault();
    if (busy || problem) return;
    const selection: Selection = {
      patients: patient ? [patient] : undefined,
      sources: source ? [source] : undefined,
      kinds: kind ? [kind as RecordKind] : undefined,
      from: from || undefined,
      to: to || undefined,
    };
    setState({ status: 'busy', progress: null });
    try {
      const result = await exportArchive(db, {
        format,
        selection,
        locale: csvLocale(uiLocale()),
        app: { name: t('extName'), version: appVersion() },
        passphrase: encrypt ? passphrase : undefined,
        onProgress: (progress) => setState({ status: 'busy', progress }),
      });
      save(result.blob, result.filename);
      setState({ status: 'done', filename: result.filename, count: result.records });
    } catch (error) {
      setState({
        status: 'error',
        message: t('exportFailed', error instanceof Error ? error.message : String(error)),
      });
    }
  }

  const people = choices.status === 'ready' ? choices.value.patients : [];
  const portals = choices.status === 'ready' ? choices.value.sources : [];

  return (
    <form class="export-panel" aria-labelledby="export-title" onSubmit={(e) => void submit(e)}>
      <h3 id="export-title">{t('exportTitle')}</h3>
      <p class="muted">{t('exportIntro')}</p>
      <fieldset disabled={busy}>
        <legend>{t('exportFormat')}</legend>
        {FORMATS.map((f) => (
          <label key={f.id} class="choice">
            <input
              type="radio"
              name="export-format"
              value={f.id}
              checked={format === f.id}
              onChange={() => setFormat(f.id)}
            />{' '}
            {t(f.label)}
          </label>
        ))}
      </fieldset>
      <fieldset disabled={busy}>
        <legend>{t('exportScope')}</legend>
        <label>
          {t('exportPerson')}{' '}
          <select value={patient} onChange={(e) => setPatient(e.currentTarget.value)}>
            <option value="">{t('exportAllPersons')}</option>
            {people.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('exportPortal')}{' '}
          <select value={source} onChange={(e) => setSource(e.currentTarget.value)}>
            <option value="">{t('exportAllPortals')}</option>
            {portals.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('exportKind')}{' '}
          <select value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            <option value="">{t('exportAllKinds')}</option>
            {RECORD_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('exportFrom')} <input type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>{' '}
        <label>
          {t('exportTo')} <input type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
      </fieldset>
      <fieldset disabled={busy}>
        <label class="choice">
          <input type="checkbox" checked={encrypt} onChange={(e) => setEncrypt(e.currentTarget.checked)} />{' '}
          {t('exportEncrypt')}
        </label>
        {encrypt && (
          <>
            <p class="muted" id="export-passphrase-hint">
              {t('exportPassphraseHint')}
            </p>
            <label>
              {t('exportPassphrase')}{' '}
              <input
                type="password"
                autocomplete="new-password"
                aria-describedby="export-passphrase-hint"
                value={passphrase}
                onInput={(e) => setPassphrase(e.currentTarget.value)}
              />
            </label>{' '}
            <label>
              {t('exportPassphraseConfirm')}{' '}
              <input
                type="password"
                autocomplete="new-password"
                value={confirm}
                onInput={(e) => setConfirm(e.currentTarget.value)}
              />
            </label>
          </>
        )}
      </fieldset>
      {problem && (passphrase || confirm || (from && to)) && (
        <p role="alert" data-testid="export-problem">
          {problem}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy || problem !== null} data-testid="export-submit">
        {t('exportButton')}
      </button>
      {state.status === 'busy' && <ProgressLine progress={state.progress} />}
      {state.status === 'done' && (
        <p role="status" data-testid="export-done">
          {tCount('exportDone', state.count, [state.filename])}
        </p>
      )}
      {state.status === 'error' && <p role="alert">{state.message}</p>}
    </form>
  );
}
