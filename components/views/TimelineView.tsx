import { t, tCount } from '../../lib/i18n';
import { useArchiveQuery } from '../hooks/use-archive-query';
import { usePagedRecords } from '../hooks/use-paged';
import { distinctKeys } from '../../storage/views/index-keys';
import { LoadState } from '../LoadState';
import { filterFromRoute } from '../timeline/timeline-filter';
import { TimelineFilters } from '../timeline/TimelineFilters';
import { TimelineTable } from '../timeline/TimelineTable';
import type { ViewProps } from './view-props';

const PAGE = 100;

/** Every record on one time axis, newest first, grouped by day, with filters. */
export function TimelineView({ db, route, scope }: ViewProps) {
  const filter = filterFromRoute(route, scope);
  const paged = usePagedRecords(db, filter, [JSON.stringify(filter)], PAGE);
  const sources = useArchiveQuery(db, () => distinctKeys(db, 'source'), []);
  const loaded = paged.items.length;

  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title" tabIndex={-1}>
        {t('navTimeline')}
      </h2>
      <TimelineFilters route={route} sources={sources.status === 'ready' ? sources.value : []} />
      <p
        class="muted"
        aria-live="polite"
        data-testid="timeline-status"
        data-loaded={paged.status === 'ready' ? loaded : ''}
        data-done={String(paged.done)}
      >
        {paged.status === 'ready' &&
          (paged.done ? tCount('timelineCount', loaded) : t('timelineCountMore', loaded))}
      </p>
      <LoadState state={paged} />
      {paged.status === 'ready' && loaded === 0 && <p>{t('timelineNoMatch')}</p>}
      {paged.status === 'ready' && loaded > 0 && (
        <TimelineTable key={JSON.stringify(filter)} db={db} paged={paged} />
      )}
    </section>
  );
}
