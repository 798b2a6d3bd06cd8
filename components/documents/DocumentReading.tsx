import { useEffect, useState } from 'preact/hooks';
import { t, tCount } from '../../lib/i18n';
import type { MesDonneesDb } from '../../storage/db';
import { writeErrorMessage } from '../../storage/storage-errors';
import { readUnreadDocuments, type ReadOutcome, type ReadProgress } from './read-documents';
import { OutcomeList } from './OutcomeList';

type State =
  | { status: 'idle' }
  | { status: 'reading'; progress: ReadProgress }
  | { status: 'done'; outcomes: ReadOutcome[]; stopped: boolean }
  | { status: 'error'; message: string };

/**
 * Reads, when the dashboard opens, the documents saved from the portals that no reader has read
 * yet (a lab report in CDA from Mon espace santé…), one at a time, with its progress and a way to
 * stop; then says what they gave. Says nothing when there is nothing to read.
 */
export function DocumentReading({ db }: { db: MesDonneesDb }) {
  const [state, setState] = useState<State>({ status: 'idle' });
  const [controller] = useState(() => new AbortController());

  useEffect(() => {
    let active = true;
    readUnreadDocuments(db, {
      signal: controller.signal,
      onProgress: (progress) => {
        if (active && progress.total > 0) setState({ status: 'reading', progress });
      },
    }).then(
      (outcomes) => {
        if (active && outcomes.length > 0)
          setState({ status: 'done', outcomes, stopped: controller.signal.aborted });
      },
      (error: unknown) => {
        if (active) setState({ status: 'error', message: writeErrorMessage(error) });
      },
    );
    return () => {
      active = false;
      controller.abort();
    };
  }, [db]);

  if (state.status === 'idle') return null;
  return (
    <section class="document-reading" aria-label={t('documentReadingTitle')} data-testid="document-reading">
      {state.status === 'reading' && (
        <p role="status">
          {t('documentReadingProgress', [state.progress.done + 1, state.progress.total])}{' '}
          <button type="button" onClick={() => controller.abort()} data-testid="document-reading-stop">
            {t('documentReadingStop')}
          </button>
        </p>
      )}
      {state.status === 'done' && (
        <>
          <p role="status" data-testid="document-reading-done">
            {state.stopped ? t('documentReadingStopped') : ''} {summaryOf(state.outcomes)}
          </p>
          <OutcomeList outcomes={state.outcomes} />
        </>
      )}
      {state.status === 'error' && <p role="alert">{t('documentReadingFailed', state.message)}</p>}
    </section>
  );
}

/** « 2 documents lus : 18 éléments ajoutés. » */
export function summaryOf(outcomes: readonly ReadOutcome[]): string {
  const read = outcomes.filter((outcome) => outcome.status === 'read');
  const added = read.reduce((n, outcome) => n + outcome.added, 0);
  return t('documentReadingSummary', [
    tCount('countDocumentsRead', read.length),
    tCount('countItemsAdded', added),
  ]);
}
