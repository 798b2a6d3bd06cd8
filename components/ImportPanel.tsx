import { useEffect, useRef, useState } from 'preact/hooks';
import { t, type MessageKey, tCount } from '../lib/i18n';
import { formatInstant } from '../lib/format';
import { applyImport, type ImportOutcome } from '../storage/archive/apply';
import { ArchiveError } from '../storage/archive/envelope';
import { sniff } from '../storage/archive/open';
import { planImport, type ImportPlan } from '../storage/archive/plan';
import { discardImport, discardStaleImports } from '../storage/archive/staging';
import type { Progress } from '../storage/archive/sink';
import type { MesDonneesDb } from '../storage/db';
import { RECORD_KINDS } from '../storage/schemas';
import { kindLabel } from '../lib/record-summary';
import { ProgressLine } from './ExportPanel';
import { writeErrorMessage } from '../storage/storage-errors';

type State =
  | { status: 'idle' }
  | { status: 'busy'; progress: Progress | null }
  | { status: 'plan'; plan: ImportPlan }
  | { status: 'done'; outcome: ImportOutcome }
  | { status: 'error'; message: string; detail: string | null };

/** An import failure in the person's words; the archive's own details stay as it wrote them. */
function describe(error: unknown): { message: string; detail: string | null } {
  if (error instanceof ArchiveError) {
    const key = `importError_${error.code.replaceAll('-', '_')}` as MessageKey;
    if (error.code === 'invalid-record') return { message: t(key), detail: error.detail };
    return { message: t(key, error.detail), detail: null };
  }
  return { message: t('importFailed', writeErrorMessage(error)), detail: null };
}

function changes(plan: ImportPlan): number {
  const records = Object.values(plan.records).reduce((n, c) => n + c.added + c.updated, 0);
  return records + plan.captures.added + plan.files.added;
}

/**
 * Import in two steps: check the file and show what it would do, then write it on confirmation.
 * Nothing is written by the first step, and an archive that cannot be used says why.
 */
export function ImportPanel({ db }: { db: MesDonneesDb }) {
  const [file, setFile] = useState<File | null>(null);
  const [encrypted, setEncrypted] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [state, setState] = useState<State>({ status: 'idle' });
  const summary = useRef<HTMLHeadingElement>(null);
  const result = useRef<HTMLParagraphElement>(null);
  const busy = state.status === 'busy';

  // An import planned and never confirmed (its tab closed) leaves its staged rows: forgotten
  // after a day. One left as a plan in this view is forgotten when the person leaves it.
  const planned = useRef<string | null>(null);
  useEffect(() => {
    void discardStaleImports(db).catch(() => undefined);
    return () => {
      if (planned.current) void discardImport(db, planned.current).catch(() => undefined);
    };
  }, [db]);

  // The outcome of a step takes the focus, so keyboard and screen reader users land on it.
  useEffect(() => {
    if (state.status === 'plan') summary.current?.focus();
    if (state.status === 'done' || state.status === 'error') result.current?.focus();
  }, [state.status]);

  async function choose(chosen: File | null) {
    setFile(chosen);
    setState({ status: 'idle' });
    setEncrypted(chosen ? (await sniff(chosen)) === 'encrypted' : false);
  }

  async function analyse(event: Event) {
    event.preventDefault();
    if (!file || busy) return;
    setState({ status: 'busy', progress: null });
    try {
      const plan = await planImport(db, file, {
        passphrase: passphrase || undefined,
        onProgress: (progress) => setState({ status: 'busy', progress }),
      });
      planned.current = plan.staged.importId;
      setState({ status: 'plan', plan });
    } catch (error) {
      if (error instanceof ArchiveError && error.code === 'passphrase-required') setEncrypted(true);
      setState({ status: 'error', ...describe(error) });
    }
  }

  async function confirm(plan: ImportPlan) {
    // Applied now: its staged rows are the import's to remove, in its own transaction.
    planned.current = null;
    setState({ status: 'busy', progress: { phase: 'write', done: 0, total: 0 } });
    try {
      setState({ status: 'done', outcome: await applyImport(db, plan) });
    } catch (error) {
      setState({ status: 'error', ...describe(error) });
    }
  }

  return (
    <div class="import-panel">
      <form aria-labelledby="import-title" onSubmit={(e) => void analyse(e)}>
        <h3 id="import-title">{t('importTitle')}</h3>
        <p class="muted">{t('importIntro')}</p>
        <label>
          {t('importFile')}{' '}
          <input
            type="file"
            data-testid="import-file"
            accept=".json,.zip,.enc,application/json,application/zip"
            disabled={busy}
            onChange={(e) => void choose(e.currentTarget.files?.[0] ?? null)}
          />
        </label>
        {encrypted && (
          <p>
            {t('importEncrypted')}{' '}
            <label>
              {t('importPassphrase')}{' '}
              <input
                type="password"
                autocomplete="off"
                disabled={busy}
                value={passphrase}
                onInput={(e) => setPassphrase(e.currentTarget.value)}
              />
            </label>
          </p>
        )}
        <button
          type="submit"
          class="primary"
          data-testid="import-analyse"
          disabled={!file || busy || (encrypted && !passphrase)}
        >
          {t('importAnalyse')}
        </button>
      </form>
      {state.status === 'busy' && <ProgressLine progress={state.progress} />}
      {state.status === 'plan' && (
        <PlanSummary
          plan={state.plan}
          heading={summary}
          onConfirm={() => void confirm(state.plan)}
          onCancel={() => {
            planned.current = null;
            void discardImport(db, state.plan.staged.importId);
            setState({ status: 'idle' });
          }}
        />
      )}
      {state.status === 'done' && (
        <p role="status" tabIndex={-1} ref={result} data-testid="import-done">
          {t('importDone', [
            tCount('countRecords', state.outcome.records),
            tCount('countCaptures', state.outcome.captures),
            tCount('countFiles', state.outcome.files),
          ])}
        </p>
      )}
      {state.status === 'error' && (
        <div role="alert" data-testid="import-error">
          <p tabIndex={-1} ref={result}>
            {state.message}
          </p>
          {state.detail && (
            <ul>
              {state.detail.split('\n').map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          <p>{t('importUnchangedDb')}</p>
        </div>
      )}
    </div>
  );
}

interface SummaryProps {
  plan: ImportPlan;
  heading: { current: HTMLHeadingElement | null };
  onConfirm: () => void;
  onCancel: () => void;
}

function PlanSummary({ plan, heading, onConfirm, onCancel }: SummaryProps) {
  const kinds = RECORD_KINDS.filter((k) => {
    const c = plan.records[k];
    return c.added + c.updated + c.unchanged + c.keptLocal > 0;
  });
  const nothing = changes(plan) === 0;
  return (
    <section class="result" aria-labelledby="import-summary-title" data-testid="import-plan">
      <h4 id="import-summary-title" tabIndex={-1} ref={heading}>
        {t('importSummaryTitle')}
      </h4>
      {plan.exportedAt && <p class="muted">{t('importExportedAt', formatInstant(plan.exportedAt))}</p>}
      {kinds.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('importColKind')}</th>
              <th scope="col" class="num">
                {t('importColAdded')}
              </th>
              <th scope="col" class="num">
                {t('importColUpdated')}
              </th>
              <th scope="col" class="num">
                {t('importColUnchanged')}
              </th>
              <th scope="col" class="num">
                {t('importColKept')}
              </th>
            </tr>
          </thead>
          <tbody>
            {kinds.map((k) => (
              <tr key={k} data-kind={k} data-added={plan.records[k].added}>
                <th scope="row">{kindLabel(k)}</th>
                <td class="num">{plan.records[k].added}</td>
                <td class="num">{plan.records[k].updated}</td>
                <td class="num">{plan.records[k].unchanged}</td>
                <td class="num">{plan.records[k].keptLocal}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        {t('importCaptures', [
          tCount('countNewCaptures', plan.captures.added),
          tCount('countKnownCapturesHere', plan.captures.unchanged),
        ])}
      </p>
      <p>
        {t('importFiles', [
          tCount('countNewFiles', plan.files.added),
          tCount('countKnownFilesHere', plan.files.unchanged),
        ])}
      </p>
      {plan.warnings.length > 0 && (
        <>
          <h5>{t('importWarnings')}</h5>
          <ul>
            {plan.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </>
      )}
      {nothing && <p>{t('importNothing')}</p>}
      <div class="actions">
        <button type="button" class="more" onClick={onCancel}>
          {t('importCancel')}
        </button>
        {!nothing && (
          <button type="button" class="primary" data-testid="import-confirm" onClick={onConfirm}>
            {t('importConfirm')}
          </button>
        )}
      </div>
    </section>
  );
}
