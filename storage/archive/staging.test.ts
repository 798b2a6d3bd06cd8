/**
 * An import's rows wait in the staging table between its plan and its confirmation: the plan
 * stages them, the apply writes them and removes them in its transaction, a cancelled or
 * abandoned import leaves nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../db';
import { applyImport } from './apply';
import { exportArchive } from './export';
import { planImport } from './plan';
import { discardImport, discardStaleImports, stagedBatch, stageRows } from './staging';
import { seedSamples, stagedOf } from './test-helpers';

let source: MesDonneesDb;
let target: MesDonneesDb;
beforeEach(() => {
  source = openDb(`staging-src-${crypto.randomUUID()}`);
  target = openDb(`staging-dst-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await deleteDb(source);
  await deleteDb(target);
});

async function archive(): Promise<Blob> {
  await seedSamples(source);
  const result = await exportArchive(source, {
    format: 'json',
    locale: 'fr',
    app: { name: 'test', version: '0' },
    readFile: async () => new Uint8Array(0),
  });
  return result.blob;
}

describe('staging an import', () => {
  it('keeps the plan’s rows in the database, not in the plan, and writes them on confirmation', async () => {
    const plan = await planImport(target, await archive());
    const staged = await stagedOf(target, plan);
    expect(staged.records).toHaveLength(await source.records.count());
    expect(staged.captures).toHaveLength(await source.captures.count());
    expect(plan.staged).toMatchObject({ records: staged.records.length, captures: staged.captures.length });
    expect(await target.records.count()).toBe(0);

    const outcome = await applyImport(target, plan);
    expect(outcome.records).toBe(staged.records.length);
    expect(await target.records.count()).toBe(staged.records.length);
    expect(await target.staging.count()).toBe(0);
  });

  it('forgets a cancelled plan, and only that one', async () => {
    const file = await archive();
    const cancelled = await planImport(target, file);
    const kept = await planImport(target, file);
    await discardImport(target, cancelled.staged.importId);
    expect((await stagedOf(target, cancelled)).records).toEqual([]);
    expect((await stagedOf(target, kept)).records.length).toBeGreaterThan(0);
    await applyImport(target, kept);
    expect(await target.staging.count()).toBe(0);
  });

  it('forgets plans abandoned for a day, and keeps a recent one', async () => {
    const now = new Date('2026-12-07T10:00:00.000Z');
    const row = (await source.records.toArray())[0] ?? (await seedSamples(source))[0]!;
    await stageRows(target, 'ancien', 0, [{ table: 'records', row }], new Date('2026-12-06T09:00:00.000Z'));
    await stageRows(target, 'recent', 0, [{ table: 'records', row }], new Date('2026-12-07T09:00:00.000Z'));
    expect(await discardStaleImports(target, now)).toBe(1);
    expect((await target.staging.toArray()).map((r) => r.importId)).toEqual(['recent']);
  });

  it('keeps a batch as one row, and reads the batches back in the order they were staged', async () => {
    const rows = await seedSamples(source);
    const row = (i: number) => ({
      table: 'records' as const,
      row: { ...rows[0]!, id: `${rows[0]!.id.split(':')[0]}:${String(i).padStart(32, '0')}` },
    });
    const first = Array.from({ length: 700 }, (_, i) => row(i));
    const second = Array.from({ length: 500 }, (_, i) => row(700 + i));
    // Staged out of order: the sequence numbers, not the order of the writes, give the order.
    expect(await stageRows(target, 'lot', 1, second, new Date())).toBe(2);
    expect(await stageRows(target, 'lot', 0, first, new Date())).toBe(1);
    expect(await target.staging.count()).toBe(2);
    expect((await stagedBatch(target, 'lot', 0))?.rows).toHaveLength(700);
    expect((await stagedBatch(target, 'lot', 1))?.rows).toHaveLength(500);
    expect(await stagedBatch(target, 'lot', 2)).toBeUndefined();
    const plan = { staged: { importId: 'lot' } };
    expect((await stagedOf(target, plan)).records.map((r) => r.id)).toEqual(
      [...first, ...second].map((m) => m.row.id),
    );
  });
});
