import { t } from '../lib/i18n';
import type { PagedState } from './hooks/use-paged';

/** "Show more" under a list read page by page; gone once everything is shown. */
export function MoreButton({ paged }: { paged: PagedState<unknown> & { loadMore: () => void } }) {
  if (paged.status !== 'ready' || paged.done) return null;
  return (
    <button type="button" class="more" aria-busy={paged.loadingMore} onClick={paged.loadMore}>
      {t('dashLoadMore')}
    </button>
  );
}
