/**
 * A list read page by page (see storage/views/timeline.ts), kept up to date: the next page is
 * fetched from where the last one ended, and any write to the records reloads what is shown,
 * as far down as it was read, so a save made while the page is open appears without a reload.
 */
import { liveQuery } from 'dexie';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { MesDonneesDb, RecordRow } from '../../storage/db';
import { pageRecords, type Page, type RecordCursor, type RecordFilter } from '../../storage/views/timeline';

export interface PagedState<T> {
  status: 'loading' | 'ready' | 'error';
  items: T[];
  /** Nothing more to read. */
  done: boolean;
  loadingMore: boolean;
  error: string | null;
}

export type FetchPage<T, C> = (after: C | undefined, limit: number) => Promise<Page<T, C>>;

function loading<T>(): PagedState<T> {
  return { status: 'loading', items: [], done: false, loadingMore: false, error: null };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function usePaged<T, C>(
  db: MesDonneesDb,
  fetchPage: FetchPage<T, C>,
  deps: unknown[],
  pageSize = 100,
): PagedState<T> & { loadMore: () => void } {
  const [state, setState] = useState<PagedState<T>>(loading);
  const current = useRef<PagedState<T> & { next: C | null }>({ ...loading<T>(), next: null });
  // Bumped by every reload: a page fetched before it belongs to an older list and is dropped.
  const epoch = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const publish = (next: PagedState<T> & { next: C | null }) => {
    current.current = next;
    setState(next);
  };

  useEffect(() => {
    publish({ ...loading<T>(), next: null });
    // `count()` observes the whole table: any add, change or delete of a record wakes it.
    const subscription = liveQuery(() => db.records.count()).subscribe({
      next: () => {
        const mine = ++epoch.current;
        const limit = Math.max(pageSize, current.current.items.length);
        fetchRef.current(undefined, limit).then(
          (page) => {
            if (mine !== epoch.current) return;
            publish({
              status: 'ready',
              items: page.items,
              next: page.next,
              done: page.next === null,
              loadingMore: false,
              error: null,
            });
          },
          (error: unknown) => {
            if (mine === epoch.current)
              publish({ ...current.current, status: 'error', error: message(error) });
          },
        );
      },
      error: (error: unknown) => publish({ ...current.current, status: 'error', error: message(error) }),
    });
    return () => {
      epoch.current++;
      subscription.unsubscribe();
    };
    // The caller lists what the fetch depends on, as with useEffect.
  }, [db, pageSize, ...deps]);

  const loadMore = useCallback(() => {
    const now = current.current;
    if (now.status !== 'ready' || now.done || now.loadingMore || now.next === null) return;
    const mine = epoch.current;
    publish({ ...now, loadingMore: true });
    fetchRef.current(now.next, pageSize).then(
      (page) => {
        if (mine !== epoch.current) return;
        const before = current.current;
        publish({
          ...before,
          items: [...before.items, ...page.items],
          next: page.next,
          done: page.next === null,
          loadingMore: false,
        });
      },
      (error: unknown) => {
        if (mine === epoch.current) publish({ ...current.current, status: 'error', error: message(error) });
      },
    );
  }, [pageSize]);

  return { ...state, loadMore };
}

/** Records newest first through `pageRecords`, for the lists of the dashboard. */
export function usePagedRecords(
  db: MesDonneesDb,
  filter: RecordFilter,
  deps: unknown[],
  pageSize = 100,
): PagedState<RecordRow> & { loadMore: () => void } {
  return usePaged<RecordRow, RecordCursor>(
    db,
    (after, limit) => pageRecords(db, filter, { after, limit }),
    deps,
    pageSize,
  );
}
