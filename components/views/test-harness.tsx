/**
 * Rendering the dashboard at an address in the unit tests (happy-dom, fake-indexeddb), with
 * records put straight into the database.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { openDb, deleteDb, type MesDonneesDb } from '../../storage/db';
import type { StoredRecord } from '../../storage/schemas';
import { put } from '../../storage/views/test-records';
import { Dashboard } from '../Dashboard';

export interface Harness {
  db: MesDonneesDb;
  root: HTMLElement;
  put(...records: StoredRecord[]): Promise<void>;
  /** Shows the dashboard at `hash` and waits for its queries. */
  open(hash: string): Promise<void>;
  go(hash: string): Promise<void>;
  settle(ms?: number): Promise<void>;
  all(selector: string): Element[];
  text(): string;
  close(): Promise<void>;
}

export function harness(): Harness {
  const db = openDb(`view-${crypto.randomUUID()}`);
  const root = document.createElement('div');
  document.body.append(root);
  // Several short turns: a view mounted in one turn starts its queries in the next.
  const settle = async (ms = 300) => {
    for (let waited = 0; waited < ms; waited += 50) {
      await act(async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
      });
    }
  };
  return {
    db,
    root,
    put: (...records) => put(db, ...records),
    async open(hash) {
      location.hash = hash;
      render(<Dashboard db={db} />, root);
      await settle();
    },
    async go(hash) {
      await act(() => {
        location.hash = hash;
      });
      await settle();
    },
    settle,
    all: (selector) => [...root.querySelectorAll(selector)],
    text: () => (root.textContent ?? '').replace(/\s+/g, ' '),
    async close() {
      render(null, root);
      root.remove();
      location.hash = '';
      await deleteDb(db);
    },
  };
}
