import { describe, expect, it } from 'vitest';
import { checkStoredRecord } from '../../storage/archive/validate-stored';
import { Capture } from '../../storage/schemas';
import { benchArchive, daysEarlier, fixturePages } from './archive-records';

describe('bench archive', () => {
  const pages = fixturePages();

  it('moves dates back, time kept, across months and years', () => {
    expect(daysEarlier('2024-03-02', 7)).toBe('2024-02-24');
    expect(daysEarlier('2024-01-03T08:15', 7)).toBe('2023-12-27T08:15');
  });

  it('gives valid stored records with the ids their facts give, each once', () => {
    const { records, captures, stats } = benchArchive(3_000, pages);
    expect(records).toHaveLength(3_000);
    expect(new Set(records.map((r) => r.id)).size).toBe(3_000);
    const refused = records
      .map((record) => ({ id: record.id, check: checkStoredRecord(record) }))
      .filter(({ check }) => !check.ok);
    expect(refused).toEqual([]);
    for (const capture of captures) expect(Capture.safeParse(capture).success).toBe(true);
    const captureIds = new Set(captures.map((c) => c.id));
    expect(records.every((r) => captureIds.has(r.captureId))).toBe(true);
    expect(captures.reduce((n, c) => n + c.counts.added, 0)).toBe(3_000);
    expect(stats.reduce((n, row) => n + row.count, 0)).toBe(3_000);
  });

  it('spreads over several portals, kinds and people, without files', () => {
    const { records } = benchArchive(3_000, pages);
    expect(new Set(records.map((r) => r.source)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(records.map((r) => r.kind)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(records.map((r) => r.patient)).size).toBeGreaterThanOrEqual(5);
    expect(records.some((r) => r.kind === 'document' && r.fileId !== null)).toBe(false);
  });

  it('is the same archive whatever its size: a smaller one is a prefix', () => {
    const small = benchArchive(500, pages).records.map((r) => r.id);
    expect(
      benchArchive(1_000, pages)
        .records.slice(0, 500)
        .map((r) => r.id),
    ).toEqual(small);
  });
});
