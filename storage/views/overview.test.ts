import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type CaptureRow, type MesDonneesDb } from '../db';
import { isBrokenCapture, portalSummaries } from './overview';
import { put, stored } from './test-records';

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`overview-${crypto.randomUUID()}`);
});
afterEach(() => deleteDb(db));

function capture(source: string, startedAt: string, broken = false): CaptureRow {
  return {
    id: `${source}-${startedAt}`,
    source,
    url: `https://${source}.example/p`,
    title: 'Page',
    startedAt,
    finishedAt: startedAt,
    scraper: { id: source, version: '1.0.0' },
    counts: { found: broken ? 0 : 3, added: 0, updated: 0, unchanged: broken ? 0 : 3, invalid: 0 },
    problems: broken ? [{ level: 'error', message: 'Colonne absente' }] : [],
    snapshotId: null,
  };
}

describe('portalSummaries', () => {
  beforeEach(async () => {
    await put(
      db,
      stored('reimbursement', { source: 'ameli', ref: 'A', patient: 'Léo MARTIN' }),
      stored('reimbursement', { source: 'ameli', ref: 'B', patient: 'Camille MARTIN' }),
      stored('medication', { source: 'ameli', patient: 'Léo MARTIN' }),
      stored('lab-result', { source: 'labo', patient: 'Camille MARTIN' }),
    );
    await db.captures.bulkAdd([
      capture('ameli', '2026-09-01T10:00:00.000Z'),
      capture('ameli', '2026-10-01T10:00:00.000Z', true),
      capture('hopital', '2026-08-01T10:00:00.000Z', true),
    ]);
  });

  it('counts each kind per portal and finds the last save and the last one that worked', async () => {
    const summaries = await portalSummaries(db, null);
    expect(summaries.map((s) => [s.source, s.total, s.counts])).toEqual([
      ['ameli', 3, { reimbursement: 2, medication: 1 }],
      ['labo', 1, { 'lab-result': 1 }],
      ['hopital', 0, {}],
    ]);
    const ameli = summaries[0]!;
    expect(ameli.lastCapture?.startedAt).toBe('2026-10-01T10:00:00.000Z');
    expect(isBrokenCapture(ameli.lastCapture!)).toBe(true);
    expect(ameli.lastGoodCapture?.startedAt).toBe('2026-09-01T10:00:00.000Z');
    expect(summaries[1]!.lastCapture).toBeNull();
    expect(summaries[2]!.lastGoodCapture).toBeNull();
  });

  it('counts only the person asked for, and drops the portals that hold nothing about them', async () => {
    const summaries = await portalSummaries(db, ['Léo MARTIN']);
    expect(summaries.map((s) => [s.source, s.counts])).toEqual([
      ['ameli', { reimbursement: 1, medication: 1 }],
    ]);
  });
});
