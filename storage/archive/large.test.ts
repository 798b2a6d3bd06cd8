import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb, type RecordRow } from '../db';
import { recordId } from '../ids';
import { manyReimbursements } from '../test-fixtures';
import { applyImport } from './apply';
import { exportArchive } from './export';
import { planImport } from './plan';
import type { Progress } from './sink';

const COUNT = 100_000;
const app = { name: 'Mes données, ma santé', version: '0.1.0' };

let source: MesDonneesDb;
let target: MesDonneesDb;
beforeEach(() => {
  source = openDb(`large-src-${crypto.randomUUID()}`);
  target = openDb(`large-dst-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await deleteDb(source);
  await deleteDb(target);
});

async function fill(db: MesDonneesDb): Promise<void> {
  const stamp = '2026-11-28T10:00:00.000Z';
  await db.captures.add({
    id: 'capture-1',
    source: 'ameli',
    url: 'https://assure.ameli.fr/p',
    title: 'Mes paiements',
    startedAt: stamp,
    finishedAt: stamp,
    scraper: { id: 'ameli', version: '1.0.0' },
    counts: { found: COUNT, added: COUNT, updated: 0, unchanged: 0, invalid: 0 },
    problems: [],
    snapshotId: null,
  });
  const day = (i: number) => new Date(Date.UTC(2015, 0, 1 + (i % 3650))).toISOString().slice(0, 10);
  for (let start = 0; start < COUNT; start += 10_000) {
    const rows = manyReimbursements(Math.min(10_000, COUNT - start)).map((r, i): RecordRow => {
      const record = { ...r, ref: `REF-${start + i}`, date: day(start + i) };
      return { ...record, id: recordId(record), captureId: 'capture-1', capturedAt: stamp, updatedAt: stamp };
    });
    await db.records.bulkAdd(rows);
  }
}

// fake-indexeddb is far slower than a browser's IndexedDB: most of this test's time is there.
describe('an archive of 100 000 records', () => {
  it('exports and imports in pages, with progress', async () => {
    await fill(source);
    const phases = new Set<string>();
    let events = 0;
    const onProgress = (p: Progress) => {
      phases.add(p.phase);
      events++;
    };
    const exported = await exportArchive(source, { format: 'json', locale: 'fr', app, onProgress });
    expect(exported.records).toBe(COUNT);
    // Written a page at a time: at least one progress event per page of 500.
    expect(events).toBeGreaterThanOrEqual(COUNT / 500);

    const plan = await planImport(target, exported.blob, { onProgress });
    expect(plan.records.reimbursement.added).toBe(COUNT);
    expect(phases).toEqual(new Set(['records', 'captures', 'read']));
    expect(await applyImport(target, plan)).toEqual({ records: COUNT, captures: 1, files: 0 });
    expect(await target.records.count()).toBe(COUNT);
  }, 300_000);
});
