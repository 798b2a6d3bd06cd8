/**
 * A query of the archive, run again whenever records or saves change. Unlike `useLiveQuery`, the
 * query itself runs outside Dexie's live tracking: tracking remembers every key a query read, and
 * for the tens of thousands of index keys an overview of a large archive walks, remembering costs
 * more than reading. A cheap tracked query says when to run it again: the record counts
 * (storage/stats.ts, rewritten by every write of records) and the captures' count. Counting the
 * records themselves would walk all 50 000 of them each time a view opens.
 */
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import type { MesDonneesDb } from '../../storage/db';
import type { LiveState } from './use-live-query';

export function useArchiveQuery<T>(db: MesDonneesDb, query: () => Promise<T>, deps: unknown[]): LiveState<T> {
  const [state, setState] = useState<LiveState<T>>({ status: 'loading' });
  useEffect(() => {
    let latest = 0;
    let stopped = false;
    const fail = (error: unknown) =>
      setState({ status: 'error', error: error instanceof Error ? error.message : String(error) });
    const subscription = liveQuery(() => Promise.all([db.stats.toArray(), db.captures.count()])).subscribe({
      next: () => {
        const run = ++latest;
        query().then(
          (value) => {
            if (!stopped && run === latest) setState({ status: 'ready', value });
          },
          (error: unknown) => {
            if (!stopped && run === latest) fail(error);
          },
        );
      },
      error: fail,
    });
    return () => {
      stopped = true;
      subscription.unsubscribe();
    };
    // The caller lists what the query depends on, as with useEffect.
  }, [db, ...deps]);
  return state;
}
