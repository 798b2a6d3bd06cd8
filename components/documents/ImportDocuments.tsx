import { useRef, useState } from 'preact/hooks';
import type { MesDonneesDb } from '../../storage/db';
import { t, type MessageKey } from '../../lib/i18n';
import { ArchiveError } from '../../storage/archive/envelope';
import { writeErrorMessage } from '../../storage/storage-errors';
import { XdmError } from '../../scrapers/document-package';
import {
  importBroughtFile,
  type ReadOutcome,
  type ReadProgress,
  RefusedFileError,
  unreadableOutcome,
} from './read-documents';
import { summaryOf } from './DocumentReading';
import { OutcomeList } from './OutcomeList';

type State =
  | { status: 'idle' }
  | { status: 'busy'; done: number; total: number; name: string; inside: ReadProgress | null }
  | { status: 'done'; outcomes: ReadOutcome[]; stopped: boolean };

/** Why a brought file was refused, in the person's words. */
function refusal(error: unknown): string {
  if (error instanceof RefusedFileError || error instanceof XdmError) return error.message;
  if (error instanceof ArchiveError) {
    return t(`importError_${error.code.replaceAll('-', '_')}` as MessageKey, error.detail);
  }
  return writeErrorMessage(error);
}

/**
 * « Importer un document »: a lab report (CDA, PDF), a vaccination note or a summary the person
 * downloaded elsewhere, or a portal's whole export (an IHE XDM ZIP, as MyChart gives), read into their records; each file saved whole or not at all, one at a
 * time with its progress, stoppable between two files.
 */
export function ImportDocuments({ db }: { db: MesDonneesDb }) {
  const [state, setState] = useState<State>({ status: 'idle' });
  const stop = useRef<AbortController | null>(null);
  const done = useRef<HTMLParagraphElement>(null);

  const run = async (files: File[]) => {
    const controller = new AbortController();
    stop.current = controller;
    const outcomes: ReadOutcome[] = [];
    for (const file of files) {
      if (controller.signal.aborted) break;
      const done = files.indexOf(file);
      const busy = { status: 'busy', done, total: files.length, name: file.name } as const;
      setState({ ...busy, inside: null });
      try {
        outcomes.push(
          ...(await importBroughtFile(db, file, {
            signal: controller.signal,
            // A package's documents, one by one.
            onProgress: (inside) => setState({ ...busy, inside }),
          })),
        );
      } catch (error) {
        outcomes.push(unreadableOutcome(file.name, refusal(error)));
      }
    }
    stop.current = null;
    setState({ status: 'done', outcomes, stopped: controller.signal.aborted });
    requestAnimationFrame(() => done.current?.focus());
  };

  const busy = state.status === 'busy';
  return (
    <section aria-labelledby="import-documents-title" class="import-documents" data-testid="import-documents">
      <h3 id="import-documents-title">{t('importDocumentsTitle')}</h3>
      <p>{t('importDocumentsHelp')}</p>
      <p>
        <label for="import-documents-file">{t('importDocumentsChoose')}</label>{' '}
        <input
          id="import-documents-file"
          data-testid="import-documents-file"
          type="file"
          multiple
          accept=".xml,.pdf,.zip,application/xml,text/xml,application/pdf,application/zip"
          disabled={busy}
          onChange={(event) => {
            const files = Array.from(event.currentTarget.files ?? []);
            event.currentTarget.value = '';
            if (files.length > 0) void run(files);
          }}
        />
      </p>
      {busy && (
        <p role="status">
          {t('importDocumentsProgress', [state.done + 1, state.total])}{' '}
          {state.inside &&
            state.inside.total > 0 &&
            t('importDocumentsPackageProgress', [
              state.name,
              Math.min(state.inside.done + 1, state.inside.total),
              state.inside.total,
            ])}{' '}
          <button type="button" onClick={() => stop.current?.abort()}>
            {t('documentReadingStop')}
          </button>
        </p>
      )}
      {state.status === 'done' && (
        <>
          <p role="status" tabIndex={-1} ref={done} data-testid="import-documents-done">
            {state.stopped ? t('documentReadingStopped') : ''} {summaryOf(state.outcomes)}
          </p>
          <OutcomeList outcomes={state.outcomes} />
        </>
      )}
    </section>
  );
}
