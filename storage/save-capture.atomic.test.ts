/**
 * A save that fails half-way changes nothing: a write refused in the middle of saveCapture's
 * transaction (the Nth record, the counts, the capture) leaves records, captures, counts and files
 * as they were, and the same save done again afterwards stores all of it. The failure is injected
 * below Dexie's tables (a DBCore middleware), after the records before it were really written in
 * the transaction, as a full disk or a quota error would.
 */
import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from './db';
import { hashDatabase } from './archive/test-helpers';
import { saveCapture } from './save-capture';
import { isQuotaError, QUOTA_MESSAGE, writeErrorMessage } from './storage-errors';
import { readStats, totalRecords } from './stats';
import { captureInput, manyReimbursements } from './test-fixtures';

interface Failure {
  table: 'records' | 'captures' | 'stats';
  /** The value that fails, counted over every add and put of the table. */
  nth: number;
  /** Set when it fails: how many values of the failing request were written before it. */
  wrote?: number;
  /** Fail as a full browser storage does, with IndexedDB's QuotaExceededError. */
  quota?: boolean;
}

/** Fails the table's `nth` written value once armed; writes the values before it first. */
function failingWrites(failure: { current: Failure | null }): Middleware<DBCore> {
  let written = 0;
  return {
    stack: 'dbcore',
    name: 'failing-writes',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: async (request: DBCoreMutateRequest) => {
            const armed = failure.current;
            if (!armed || armed.table !== name || (request.type !== 'add' && request.type !== 'put')) {
              return table.mutate(request);
            }
            const before = armed.nth - 1 - written;
            written += request.values.length;
            if (before >= request.values.length) return table.mutate(request);
            armed.wrote ??= Math.max(0, before);
            if (before > 0) {
              await table.mutate({
                ...request,
                values: request.values.slice(0, before),
                keys: request.keys?.slice(0, before),
              });
            }
            if (armed.quota) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
            throw new Error(`disque plein (${name}, écriture n°${armed.nth})`);
          },
        };
      },
    }),
  };
}

let db: MesDonneesDb;
const failure: { current: Failure | null } = { current: null };

beforeEach(() => {
  failure.current = null;
  db = openDb(`atomic-${crypto.randomUUID()}`);
  db.use(failingWrites(failure));
});
afterEach(async () => {
  await deleteDb(db);
});

const input = (records: unknown[]) => captureInput(records);

const byKey = <T extends { id?: string; key?: string }>(rows: T[]) =>
  rows.sort((a, b) => ((a.id ?? a.key ?? '') < (b.id ?? b.key ?? '') ? -1 : 1));

async function contents() {
  return {
    records: byKey(await db.records.toArray()),
    captures: byKey(await db.captures.toArray()),
    stats: byKey(await readStats(db)),
    files: byKey(await db.files.toArray()).map(({ blob, ...row }) => ({ ...row, size: blob.size })),
  };
}

/** 50 records saved, with a file; then a page that updates 30 of them and adds 120. */
async function seeded() {
  const all = manyReimbursements(170);
  await saveCapture(db, input(all.slice(0, 50)));
  await db.files.add({
    id: 'file-1',
    sha256: 'a'.repeat(64),
    size: 3,
    mimeType: 'application/pdf',
    blob: new Blob(['pdf']),
    url: 'https://assure.ameli.fr/decompte.pdf',
    savedAt: '2024-06-01T10:00:00.000Z',
  });
  const next = [...all.slice(20, 50).map((record) => ({ ...record, charged: 99 })), ...all.slice(50)];
  return { next, before: await contents() };
}

describe('saveCapture interrupted by a failing write', () => {
  it.each<[string, Failure, number]>([
    ['the first new record', { table: 'records', nth: 1 }, 0],
    ['the 60th new record', { table: 'records', nth: 60 }, 59],
    // The 120 additions are written first, then the 30 updates.
    ['the 15th updated record', { table: 'records', nth: 135 }, 14],
    ['the counts', { table: 'stats', nth: 1 }, 0],
    ['the capture', { table: 'captures', nth: 1 }, 0],
  ])('at %s leaves everything as it was, and saving again stores it all', async (_name, at, written) => {
    const { next, before } = await seeded();
    expect(before.records).toHaveLength(50);

    failure.current = at;
    await expect(saveCapture(db, input(next))).rejects.toThrow(/disque plein/);
    failure.current = null;
    expect(await contents()).toEqual(before);
    // Written in the transaction before the failure, then rolled back with it.
    expect(at.wrote).toBe(written);

    const capture = await saveCapture(db, input(next));
    expect(capture.counts).toMatchObject({ found: 150, added: 120, updated: 30, unchanged: 0 });
    expect(await db.records.count()).toBe(170);
    expect(await totalRecords(db)).toBe(170);
    expect(await db.captures.count()).toBe(2);
  });

  it('on a full browser storage says so in plain words, and every store hashes the same', async () => {
    const { next } = await seeded();
    const before = await hashDatabase(db);
    failure.current = { table: 'records', nth: 70, quota: true };
    const error = await saveCapture(db, input(next)).catch((e: unknown) => e);
    failure.current = null;
    expect(isQuotaError(error)).toBe(true);
    expect(writeErrorMessage(error)).toBe(QUOTA_MESSAGE);
    expect(await hashDatabase(db)).toEqual(before);
    expect((await saveCapture(db, input(next))).counts).toMatchObject({ added: 120, updated: 30 });
  });
});
