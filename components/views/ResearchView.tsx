import { useRef, useState } from 'preact/hooks';
import { formatClinicalDate, formatInstant } from '../../lib/format';
import { t, tCount, uiLocale, type MessageKey } from '../../lib/i18n';
import { kindsLabel } from '../../lib/record-summary';
import { scrapers } from '../../scrapers/registry';
import { LIMITS, describeLimit } from '../../storage/limits';
import { NEVER_SHARED, shareField, type ShareableKind } from '../../storage/research/fields';
import { makeShare, sharesOf, type ResearchRow } from '../../storage/research/participants';
import { askedKinds, shareCounts, ShareError, shareRecordCount } from '../../storage/research/share';
import { parseStudy, StudyError, type Study } from '../../storage/research/study';
import type { Person } from '../../storage/views/persons';
import { saveFile } from '../ExportPanel';
import { useArchiveQuery } from '../hooks/use-archive-query';
import { LoadState } from '../LoadState';
import { ChoosePerson, onePerson } from './ChoosePerson';
import type { ViewProps } from './view-props';

type State =
  | { status: 'idle' }
  | { status: 'busy'; done: number; total: number }
  | { status: 'done'; filename: string; count: number; replaced: boolean }
  | { status: 'error'; message: string };

function english(): boolean {
  return uiLocale().toLowerCase().startsWith('en');
}

/** The file's name: the study and the day, nothing of the person. */
function shareFileName(study: Study, now: Date): string {
  return `partage-${study.id}-${now.toISOString().slice(0, 10)}.json`;
}

/** What a study asks for, kind by kind, in plain words, with how many of the person's records. */
function WhatIsShared({ study, counts }: { study: Study; counts: { kind: ShareableKind; count: number }[] }) {
  const en = english();
  return (
    <ul class="research-fields" data-testid="research-fields">
      {askedKinds(study).map((kind) => {
        const count = counts.find((c) => c.kind === kind)?.count ?? 0;
        return (
          <li key={kind} data-kind={kind} data-count={count}>
            <strong>{kindsLabel(kind)}</strong> ({tCount('researchCount', count)}) :{' '}
            {study.asks[kind]!.map((name) => {
              const field = shareField(kind, name)!;
              return en ? field.en : field.fr;
            }).join(' ; ')}
          </li>
        );
      })}
    </ul>
  );
}

function ShareForm({
  db,
  person,
  study,
  history,
  onShared,
}: ViewProps & { person: Person; study: Study; history: readonly ResearchRow[]; onShared: () => void }) {
  const counts = useArchiveQuery(db, () => shareCounts(db, study, person), [db, study, person.key]);
  const [consent, setConsent] = useState(false);
  const [state, setState] = useState<State>({ status: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const busy = state.status === 'busy';
  const earlier = history.find((row) => row.study === study.id);
  const precision = t(`researchDates_${study.dates}` as MessageKey);

  async function share(event: Event) {
    event.preventDefault();
    if (busy) return;
    if (!consent) {
      setState({ status: 'error', message: t('researchConsentNeeded') });
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    setState({ status: 'busy', done: 0, total: askedKinds(study).length });
    try {
      const now = new Date();
      const { sealed, data } = await makeShare(db, study, person, {
        supportedPortals: scrapers.map((scraper) => scraper.id),
        now,
        signal: controller.signal,
        onProgress: (done, total) => setState({ status: 'busy', done, total }),
      });
      const filename = shareFileName(study, now);
      saveFile(new Blob([JSON.stringify(sealed)], { type: 'application/json' }), filename);
      const count = shareRecordCount(data);
      setState({ status: 'done', filename, count, replaced: earlier !== undefined });
      setConsent(false);
      onShared();
    } catch (error) {
      if (controller.signal.aborted) setState({ status: 'error', message: t('researchCancelled') });
      else if (error instanceof ShareError) {
        // The one refusal of a share made here: more records than a share holds.
        setState({
          status: 'error',
          message: t('researchTooMany', describeLimit('shareRecords', english() ? 'en' : 'fr')),
        });
      } else
        setState({
          status: 'error',
          message: t('researchFailed', String((error as Error)?.message ?? error)),
        });
    } finally {
      abort.current = null;
    }
  }

  return (
    <form class="research-share" data-testid="research-form" onSubmit={share}>
      <h3>{t('researchWhat')}</h3>
      <p>
        {t('researchWhatIntro', [
          formatClinicalDate(study.period.from),
          formatClinicalDate(study.period.to),
          precision,
        ])}
      </p>
      {counts.status === 'ready' ? (
        <WhatIsShared study={study} counts={counts.value} />
      ) : (
        <LoadState state={counts} />
      )}
      <h3>{t('researchNever')}</h3>
      <p data-testid="research-never">{english() ? NEVER_SHARED.en : NEVER_SHARED.fr}</p>
      <p>{t('researchPseudonym')}</p>
      {earlier && (
        <p data-testid="research-earlier">
          {t('researchEarlier', formatInstant(earlier.shares.at(-1)?.at ?? ''))}
        </p>
      )}
      <p>
        <label>
          <input
            type="checkbox"
            data-testid="research-consent"
            checked={consent}
            disabled={busy}
            onChange={(event) => setConsent(event.currentTarget.checked)}
          />{' '}
          {t('researchConsent', study.name)}
        </label>
      </p>
      <p>
        <button type="submit" class="primary" data-testid="research-share" aria-disabled={busy || !consent}>
          {t('researchShare')}
        </button>{' '}
        {busy && (
          <button type="button" data-testid="research-cancel" onClick={() => abort.current?.abort()}>
            {t('cancel')}
          </button>
        )}
      </p>
      <div role="status" aria-live="polite">
        {state.status === 'busy' && (
          <p>
            {t('researchProgress')}{' '}
            <progress value={state.done} max={state.total} aria-label={t('researchProgress')} />
          </p>
        )}
        {state.status === 'done' && (
          <p data-testid="research-done" data-count={state.count}>
            {t(state.replaced ? 'researchDoneAgain' : 'researchDone', [
              state.filename,
              tCount('researchCount', state.count),
            ])}
          </p>
        )}
      </div>
      {state.status === 'error' && (
        <p role="alert" class="error" data-testid="research-error">
          {state.message}
        </p>
      )}
    </form>
  );
}

function History({ rows }: { rows: ResearchRow[] }) {
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="research-history">
      <h3 id="research-history">{t('researchHistory')}</h3>
      <ul data-testid="research-history">
        {rows.map((row) => (
          <li key={row.key}>
            {t('researchHistoryLine', [
              row.studyName,
              tCount('researchShares', row.shares.length),
              formatInstant(row.shares.at(-1)?.at ?? ''),
            ])}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * « Partager pour la recherche » (`#/recherche?personne=`): the person picks the study file the
 * researchers gave them, reads what it asks for and what is never shared, consents, and gets a
 * share sealed so that only the study can open it, downloaded like an export. Nothing is sent.
 */
export function ResearchView(props: ViewProps) {
  const { db, route, scope, persons } = props;
  const [study, setStudy] = useState<Study | null>(null);
  const [studyError, setStudyError] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);
  const person = onePerson(scope, persons);
  const history = useArchiveQuery(db, () => (person ? sharesOf(db, person) : Promise.resolve([])), [
    db,
    person?.key,
    revision,
  ]);

  async function chooseStudy(event: Event) {
    const file = (event.currentTarget as HTMLInputElement).files?.[0];
    setStudy(null);
    setStudyError(null);
    if (!file) return;
    if (file.size > LIMITS.studyFileBytes.value) {
      setStudyError(
        t('researchStudyError_too_large', describeLimit('studyFileBytes', english() ? 'en' : 'fr')),
      );
      return;
    }
    try {
      setStudy(parseStudy(await file.text()));
    } catch (error) {
      setStudyError(
        error instanceof StudyError
          ? t(`researchStudyError_${error.code.replace('-', '_')}` as MessageKey, error.detail)
          : t('researchStudyUnreadable'),
      );
    }
  }

  return (
    <section aria-labelledby="view-title" class="research-view">
      <h2 id="view-title" tabIndex={-1}>
        {t('researchTitle')}
      </h2>
      <p>{t('researchIntro')}</p>
      {!person ? (
        <ChoosePerson
          route={route}
          persons={persons}
          prompt={t('researchChoosePerson')}
          testId="research-persons"
        />
      ) : (
        <>
          <p data-testid="research-person">{t('researchFor', person.label)}</p>
          <p>
            <label>
              {t('researchStudyFile')}{' '}
              <input
                type="file"
                accept=".json,application/json"
                data-testid="research-study-file"
                onChange={chooseStudy}
              />
            </label>
          </p>
          {studyError && (
            <p role="alert" class="error" data-testid="research-study-error">
              {studyError}
            </p>
          )}
          {study && (
            <article class="research-study" data-testid="research-study" data-study={study.id}>
              <h3>{study.name}</h3>
              <dl>
                <dt>{t('researchPurpose')}</dt>
                <dd>{study.purpose}</dd>
                <dt>{t('researchContact')}</dt>
                <dd>{study.contact}</dd>
              </dl>
              <ShareForm
                {...props}
                person={person}
                study={study}
                history={history.status === 'ready' ? history.value : []}
                onShared={() => setRevision((r) => r + 1)}
              />
            </article>
          )}
          {history.status === 'ready' && <History rows={history.value} />}
        </>
      )}
    </section>
  );
}
