import { localToday } from '../../lib/dates';
import { t } from '../../lib/i18n';
import { previousVisit } from '../../lib/last-visit';
import { PERSON_PARAM, withParams } from '../../lib/route';
import { useArchiveQuery } from '../hooks/use-archive-query';
import { listCaptures } from '../../storage/queries';
import { cached } from '../../storage/views/cached';
import { personHighlights, savedSince } from '../../storage/views/highlights';
import { portalSummaries } from '../../storage/views/overview';
import { countPerPerson } from '../../storage/views/persons';
import { CaptureList } from '../CaptureList';
import { LoadState } from '../LoadState';
import { Highlights } from '../overview/Highlights';
import { PortalCard } from '../overview/PortalCard';
import type { ViewProps } from './view-props';

/**
 * What matters first (per person: out of range, next appointments, reste à charge; what is new;
 * what to save again), then what the archive holds: per portal, per person, and the saves made.
 */
export function OverviewView({ db, route, scope, persons }: ViewProps) {
  const summaries = useArchiveQuery(db, () => portalSummaries(db, scope), [db, scope]);
  const shown =
    scope === null ? persons : persons.filter((person) => person.names.some((n) => scope.includes(n)));
  const today = localToday();
  // One key for the people shown: the list is a new array whenever the shell reloads it.
  const shownKeys = shown.map((person) => person.key).join('\n');
  const highlights = useArchiveQuery(
    db,
    async () =>
      (
        await cached(db, JSON.stringify(['highlights', scope, shownKeys, today]), () =>
          personHighlights(db, scope, [...(shownKeys ? shownKeys.split('\n') : []), ''], today),
        )
      ).filter(
        // Records that name no one have a card only when they say something.
        (item) => item.person !== '' || item.outOfRange.length + item.upcoming.length > 0 || item.spending,
      ),
    [db, scope, shownKeys, today],
  );
  const visit = previousVisit();
  const since = useArchiveQuery(
    db,
    async () => (visit ? { at: visit, saved: await savedSince(db, visit) } : null),
    [db, visit],
  );
  const perPerson = useArchiveQuery(db, () => countPerPerson(db, persons), [db, persons]);
  const captures = useArchiveQuery(db, () => listCaptures(db, 20), [db]);
  const now = new Date();
  const empty =
    summaries.status === 'ready' &&
    summaries.value.length === 0 &&
    captures.status === 'ready' &&
    captures.value.length === 0;

  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title" tabIndex={-1}>
        {t('navOverview')}
      </h2>
      <LoadState state={summaries} />
      {empty && <p data-testid="empty-archive">{t('dashEmpty')}</p>}
      {!empty &&
        highlights.status === 'ready' &&
        summaries.status === 'ready' &&
        since.status === 'ready' && (
          <Highlights
            highlights={highlights.value}
            persons={persons}
            summaries={summaries.value}
            since={since.value}
            route={route}
            now={now}
          />
        )}
      {summaries.status === 'ready' && summaries.value.length > 0 && (
        <div class="cards">
          {summaries.value.map((summary) => (
            <PortalCard key={summary.source} summary={summary} route={route} now={now} />
          ))}
        </div>
      )}
      {perPerson.status === 'ready' && perPerson.value.length > 1 && (
        <section aria-labelledby="persons-title">
          <h3 id="persons-title">{t('overviewPersons')}</h3>
          <table class="narrow">
            <thead>
              <tr>
                <th scope="col">{t('colPatient')}</th>
                <th scope="col" class="num">
                  {t('colRecords')}
                </th>
              </tr>
            </thead>
            <tbody>
              {perPerson.value.map(({ person, count }) => (
                <tr key={person.key} data-testid="person-count" data-person={person.key} data-count={count}>
                  <th scope="row">
                    <a
                      href={withParams(route, { [PERSON_PARAM]: person.key })}
                      aria-current={route.params.get(PERSON_PARAM) === person.key ? 'true' : undefined}
                    >
                      {person.label}
                    </a>
                  </th>
                  <td class="num">{count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section aria-labelledby="captures-title">
        <h3 id="captures-title">{t('dashCaptures')}</h3>
        <LoadState state={captures} />
        {captures.status === 'ready' && <CaptureList captures={captures.value} />}
      </section>
    </section>
  );
}
