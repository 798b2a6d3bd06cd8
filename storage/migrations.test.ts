/**
 * Every schema version upgrades from every earlier one with its data intact: for each version of
 * SCHEMA_HISTORY but the last, a database is written as that version wrote it (its own stores,
 * rows of its shape), opened with the product's `openDb`, and every table compared with what the
 * upgrades in between must leave. A new version needs its line in UPGRADES (and, when it changes
 * the shape of stored rows, one in WRITTEN_BY): the first test fails until it has them.
 */
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type CaptureRow, type FileRow, type MesDonneesDb, type SnapshotRow } from './db';
import { SCHEMA_HISTORY } from './migrations';
import type { PageRow } from './pages';
import type { StagedBatch } from './archive/staging';
import { type StatsRow, statsKey } from './stats';
import { StoredRecord } from './schemas';
import { stored } from './views/test-records';

/**
 * Every table's rows, sorted by key; files without their Blob, which the in-memory IndexedDB of
 * the unit tests does not give back as a Blob (the browser tests open stored files).
 */
interface Tables {
  records: StoredRecord[];
  captures: CaptureRow[];
  files: Omit<FileRow, 'blob'>[];
  snapshots: SnapshotRow[];
  stats: StatsRow[];
  pages: PageRow[];
  staging: StagedBatch[];
}

const LATEST = SCHEMA_HISTORY.at(-1)!.version;

function capture(id: string, source: string): CaptureRow {
  return {
    id,
    source,
    url: `https://${source}.example.fr/page`,
    title: `Page ${source}`,
    startedAt: '2026-11-01T09:59:00.000Z',
    finishedAt: '2026-11-01T10:00:00.000Z',
    scraper: { id: source, version: '1.0.0' },
    counts: { found: 2, added: 2, updated: 0, unchanged: 0, invalid: 0 },
    problems: [{ level: 'warning', message: 'Ligne 3 ignorée', detail: '<tr>…</tr>' }],
    snapshotId: id === 'capture-1' ? 'snapshot-1' : null,
  };
}

/** A record as record model version 1 wrote it: without `fromDocument` (version 2). */
function modelV1(record: StoredRecord): StoredRecord {
  const { fromDocument: _, ...rest } = record as StoredRecord & { fromDocument?: unknown };
  return rest as StoredRecord;
}

/** Version 1: records of every kind, two people and one unnamed, captures, a file, a snapshot. */
function version1(): Tables {
  return sorted({
    records: [
      stored('lab-result', { source: 'labo' }),
      stored('lab-result', { source: 'labo', analyte: 'Dosage inconnu', patient: 'Léo MARTIN' }),
      stored('reimbursement', { source: 'ameli', ref: 'A' }),
      stored('reimbursement', { source: 'ameli', ref: 'B', patient: null }),
      stored('appointment'),
      stored('document', { fileId: 'file-1', sha256: 'a'.repeat(64) }),
      stored('medication'),
      stored('immunization', { patient: 'Léo MARTIN' }),
      stored('measurement'),
      stored('table-row'),
    ].map(modelV1),
    captures: [capture('capture-1', 'ameli'), capture('capture-2', 'labo')],
    files: [
      {
        id: 'file-1',
        sha256: 'a'.repeat(64),
        size: 8,
        mimeType: 'application/pdf',
        url: 'https://portail.example.fr/docs/123.pdf',
        savedAt: '2026-11-01T10:00:00.000Z',
      },
    ],
    snapshots: [
      {
        id: 'snapshot-1',
        captureId: 'capture-1',
        url: 'https://ameli.example.fr/page',
        html: '<p>Copie</p>',
        savedAt: '2026-11-01T10:00:00.000Z',
      },
    ],
    stats: [],
    pages: [],
    staging: [],
  });
}

/** What each version writes, as it wrote it; a version not listed writes what its upgrade leaves. */
const WRITTEN_BY: Record<number, () => Tables> = { 1: version1 };

/** What upgrading to each version does to the tables of the version before. */
const UPGRADES: Record<number, (before: Tables) => Tables> = {
  // The counts table, filled from the records already stored; nothing else changes.
  2: (before) => ({ ...before, stats: countsOf(before.records) }),
  // The pages remembered for unchanged re-saves: none yet, the next save of each page reads it all.
  3: (before) => ({ ...before, pages: [] }),
  // Record model version 2: the results, medications and vaccinations saved before were read from pages.
  4: (before) => ({
    ...before,
    records: before.records.map((record) =>
      ['lab-result', 'medication', 'immunization'].includes(record.kind)
        ? ({ ...record, fromDocument: null } as StoredRecord)
        : record,
    ),
  }),
  // Where an import waits for its confirmation: empty.
  5: (before) => ({ ...before, staging: [] }),
  6: (before) => ({ ...before, reads: [] }),
  // The Aperçu's kept answers: none yet, computed the next time it opens.
  7: (before) => ({ ...before, cache: [] }),
  8: (before) => ({ ...before, research: [] }),
};

function countsOf(records: readonly StoredRecord[]): StatsRow[] {
  const rows = new Map<string, StatsRow>();
  for (const { source, kind, patient } of records) {
    const key = statsKey({ source, kind, patient });
    const row = rows.get(key) ?? { key, source, kind, patient, count: 0 };
    row.count++;
    rows.set(key, row);
  }
  return [...rows.values()];
}

function sorted(tables: Tables): Tables {
  const by =
    <T>(key: (row: T) => string) =>
    (a: T, b: T) =>
      key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  return {
    records: [...tables.records].sort(by((row) => row.id)),
    captures: [...tables.captures].sort(by((row) => row.id)),
    files: [...tables.files].sort(by((row) => row.id)),
    snapshots: [...tables.snapshots].sort(by((row) => row.id)),
    stats: [...tables.stats].sort(by((row) => row.key)),
    pages: [...tables.pages].sort(by((row) => row.key)),
    staging: [...tables.staging].sort(by((row) => `${row.importId} ${row.seq}`)),
  };
}

/** The tables of a database at `version`: written by it, or by an earlier one and upgraded. */
function tablesAt(version: number): Tables {
  const own = WRITTEN_BY[version];
  if (own) return own();
  const upgrade = UPGRADES[version];
  if (!upgrade) throw new Error(`version ${version} has no line in UPGRADES (storage/migrations.test.ts)`);
  return sorted(upgrade(tablesAt(version - 1)));
}

/** A database created by `version` itself: its stores only, its rows written straight in. */
async function writeAt(name: string, version: number, tables: Tables): Promise<void> {
  const old = new Dexie(name);
  for (const entry of SCHEMA_HISTORY.filter((v) => v.version <= version))
    old.version(entry.version).stores(entry.stores);
  await old.open();
  const names = old.tables.map((table) => table.name);
  await old.transaction('rw', names, async () => {
    for (const [table, rows] of Object.entries(tables) as [keyof Tables, unknown[]][]) {
      if (rows.length === 0) continue;
      if (!names.includes(table)) throw new Error(`version ${version} has no ${table} table for its rows`);
      const written =
        table === 'files'
          ? (rows as Tables['files']).map((row) => ({ ...row, blob: new Blob(['%PDF-1.4']) }))
          : rows;
      await old.table(table).bulkAdd(written);
    }
  });
  old.close();
}

async function readAll(db: MesDonneesDb): Promise<Tables> {
  const files = (await db.files.toArray()).map(({ blob, ...row }) => {
    expect(blob).toBeDefined();
    return row;
  });
  return sorted({
    records: await db.records.toArray(),
    captures: await db.captures.toArray(),
    files,
    snapshots: await db.snapshots.toArray(),
    stats: await db.stats.toArray(),
    pages: await db.pages.toArray(),
    staging: await db.staging.toArray(),
  });
}

let db: MesDonneesDb | undefined;
afterEach(async () => {
  if (db) await deleteDb(db);
  db = undefined;
});

describe('schema upgrades', () => {
  it('say what each version after the first does to the data', () => {
    const versions = SCHEMA_HISTORY.map((v) => v.version).filter((v) => v > 1);
    expect(versions.filter((v) => !UPGRADES[v])).toEqual([]);
  });

  it.each(SCHEMA_HISTORY.filter((v) => v.version < LATEST).map((v) => v.version))(
    `upgrade a database of version %i to version ${LATEST} with its data intact`,
    async (from) => {
      const name = `upgrade-${from}-${crypto.randomUUID()}`;
      const before = tablesAt(from);
      await writeAt(name, from, before);

      db = openDb(name);
      await db.open();
      expect(db.verno).toBe(LATEST);
      const after = await readAll(db);
      expect(after).toEqual(tablesAt(LATEST));
      // Still records the product accepts, and counts that agree with them.
      for (const record of after.records)
        expect(StoredRecord.safeParse(record).success, record.id).toBe(true);
      expect(after.stats.reduce((sum, row) => sum + row.count, 0)).toBe(after.records.length);
    },
  );
});
