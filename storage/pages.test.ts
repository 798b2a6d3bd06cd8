import { Dexie } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyImport } from './archive/apply';
import type { RecordRow } from './db';
import { stageRows } from './archive/staging';
import type { ImportPlan } from './archive/plan';
import { type MesDonneesDb, deleteDb, openDb } from './db';
import { recordId } from './ids';
import { SCHEMA_HISTORY } from './migrations';
import { pageKey, saveUnchangedPage, type UnchangedInput } from './pages';
import { type CaptureInput, saveCapture } from './save-capture';
import type { ScrapedRecord } from './schemas';
import { manyReimbursements } from './test-fixtures';
import { deleteRecord, eraseArchive } from './views/records';

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`test-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await deleteDb(db);
});

const URL_A = 'https://assure.ameli.fr/releve?page=1';
const URL_B = 'https://assure.ameli.fr/releve?page=2';
const DIGEST = 'a'.repeat(64);
const VERSION = '1.2.0';

function full(records: unknown[], url = URL_A, digest = DIGEST): CaptureInput {
  return {
    source: 'ameli',
    url,
    title: 'Mes paiements',
    scraper: { id: 'ameli', version: '1.0.0' },
    startedAt: '2024-06-01T09:59:59.000Z',
    records,
    problems: [{ level: 'warning', message: 'Paiement du 3 mars : détail absent' }],
    page: { digest, appVersion: VERSION },
  };
}

function again(overrides: Partial<UnchangedInput> = {}): UnchangedInput {
  return {
    source: 'ameli',
    url: URL_A,
    title: 'Mes paiements',
    scraper: { id: 'ameli', version: '1.0.0' },
    startedAt: '2024-06-02T09:59:59.000Z',
    digest: DIGEST,
    appVersion: VERSION,
    ...overrides,
  };
}

describe('saving an unchanged page again', () => {
  it('writes a capture with the previous counts and problems, and touches no record', async () => {
    const records = manyReimbursements(4);
    const invalid = { kind: 'reimbursement', source: 'ameli' };
    const first = await saveCapture(db, full([...records, invalid]));
    const before = await db.records.toArray();

    const capture = await saveUnchangedPage(db, again(), () => new Date('2024-06-02T10:00:00.000Z'));

    expect(capture).not.toBeNull();
    expect(capture?.id).not.toBe(first.id);
    expect(capture?.counts).toEqual({ found: 5, added: 0, updated: 0, unchanged: 4, invalid: 1 });
    expect(capture?.problems).toEqual(first.problems);
    expect(capture?.startedAt).toBe('2024-06-02T09:59:59.000Z');
    expect(capture?.finishedAt).toBe('2024-06-02T10:00:00.000Z');
    expect(await db.captures.get(capture!.id)).toEqual(capture);
    expect(await db.records.toArray()).toEqual(before);
    // Found unchanged twice in a row: the page now points at the newest capture.
    expect((await db.pages.get(pageKey('ameli', URL_A)))?.captureId).toBe(capture?.id);
    expect((await saveUnchangedPage(db, again()))?.counts.unchanged).toBe(4);
  });

  it('counts the records a first save added or updated as unchanged the next time', async () => {
    const records = manyReimbursements(3);
    await saveCapture(db, full(records.slice(0, 2), URL_A, 'b'.repeat(64)));
    await saveCapture(db, full(records));
    expect((await saveUnchangedPage(db, again()))?.counts).toEqual({
      found: 3,
      added: 0,
      updated: 0,
      unchanged: 3,
      invalid: 0,
    });
  });

  it.each<[string, Partial<UnchangedInput>]>([
    ['another digest (the page shows other records)', { digest: 'c'.repeat(64) }],
    ['another address', { url: URL_B }],
    ['another portal', { source: 'mgen' }],
    ['another version of the extension', { appVersion: '1.3.0' }],
    ['another version of the scraper', { scraper: { id: 'ameli', version: '1.1.0' } }],
  ])('asks for the records when it is %s', async (_case, change) => {
    await saveCapture(db, full(manyReimbursements(2)));
    const captures = await db.captures.count();
    expect(await saveUnchangedPage(db, again(change))).toBeNull();
    expect(await db.captures.count()).toBe(captures);
  });

  it('asks for the records of a page never saved with a digest', async () => {
    await saveCapture(db, { ...full(manyReimbursements(2)), page: undefined });
    expect(await saveUnchangedPage(db, again())).toBeNull();
  });

  it('asks for the records once one of them was deleted', async () => {
    const records = manyReimbursements(3);
    await saveCapture(db, full(records));
    await deleteRecord(db, recordId(records[1] as ScrapedRecord));
    expect(await saveUnchangedPage(db, again())).toBeNull();
  });

  it('asks for the records once another page updated one of them', async () => {
    const records = manyReimbursements(3);
    await saveCapture(db, full(records));
    const corrected = { ...records[0]!, reimbursedComplementary: 12.5 };
    await saveCapture(db, full([corrected], URL_B, 'd'.repeat(64)));
    expect(await saveUnchangedPage(db, again())).toBeNull();
  });

  it('asks for the records once another page added one of the same portal and person', async () => {
    const records = manyReimbursements(4);
    await saveCapture(db, full(records.slice(0, 2)));
    await saveCapture(db, full(records.slice(2), URL_B, 'd'.repeat(64)));
    expect(await saveUnchangedPage(db, again())).toBeNull();
    // Page B's own records are as B left them.
    expect(await saveUnchangedPage(db, again({ url: URL_B, digest: 'd'.repeat(64) }))).not.toBeNull();
  });

  it('still finds a page unchanged when only another portal was written', async () => {
    await saveCapture(db, full(manyReimbursements(2)));
    await saveCapture(db, {
      ...full(manyReimbursements(2, 'mgen'), 'https://www.mgen.fr/mon-espace-perso/remboursements'),
      source: 'mgen',
      scraper: { id: 'mgen', version: '1.0.0' },
    });
    expect(await saveUnchangedPage(db, again())).not.toBeNull();
  });

  it('asks for the records after an import wrote one of them', async () => {
    const records = manyReimbursements(2);
    await saveCapture(db, full(records));
    const stored = (await db.records.get(recordId(records[0] as ScrapedRecord)))!;
    const plan = { staged: { importId: 'import-1' }, fileRows: [] } as unknown as ImportPlan;
    await stageRows(
      db,
      'import-1',
      0,
      [
        {
          table: 'records',
          row: { ...stored, updatedAt: '2030-01-01T00:00:00.000Z', provider: 'Autre' } as RecordRow,
        },
      ],
      new Date(),
    );
    await applyImport(db, plan);
    expect(await saveUnchangedPage(db, again())).toBeNull();
  });

  it('asks for the records after everything was erased', async () => {
    await saveCapture(db, full(manyReimbursements(2)));
    await eraseArchive(db);
    expect(await db.pages.count()).toBe(0);
    expect(await saveUnchangedPage(db, again())).toBeNull();
  });

  it('forgets nothing when a full save of an unchanged page follows', async () => {
    const records = manyReimbursements(2);
    await saveCapture(db, full(records));
    // A full save that writes nothing leaves the revisions as they were.
    const second = await saveCapture(db, full(records));
    expect(second.counts.unchanged).toBe(2);
    expect((await saveUnchangedPage(db, again()))?.counts.unchanged).toBe(2);
  });
});

describe('schema version 3 (pages)', () => {
  it('upgrades a version-2 database with its records and counts intact, and no page remembered', async () => {
    const name = `pages-${crypto.randomUUID()}`;
    const v2 = new Dexie(name);
    v2.version(1).stores(SCHEMA_HISTORY[0]!.stores);
    v2.version(2).stores(SCHEMA_HISTORY[1]!.stores);
    const [record] = manyReimbursements(1);
    const row = {
      ...record!,
      id: recordId(record as ScrapedRecord),
      captureId: 'c1',
      capturedAt: '2024-06-01T10:00:00.000Z',
      updatedAt: '2024-06-01T10:00:00.000Z',
    };
    const count = {
      key: '["ameli","reimbursement",null]',
      source: 'ameli',
      kind: 'reimbursement',
      patient: null,
      count: 1,
    };
    await v2.table('records').add(row);
    await v2.table('stats').add(count);
    v2.close();

    const upgraded = openDb(name);
    try {
      await upgraded.open();
      expect(upgraded.verno).toBe(SCHEMA_HISTORY.at(-1)!.version);
      expect(await upgraded.records.toArray()).toEqual([row]);
      expect(await upgraded.stats.toArray()).toEqual([count]);
      expect(await upgraded.pages.count()).toBe(0);
      expect(await saveUnchangedPage(upgraded, again())).toBeNull();
    } finally {
      await deleteDb(upgraded);
    }
  });
});
