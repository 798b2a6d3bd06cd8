/**
 * Every live-like portal of the demo, through its own plan (scrapers/<id>/channels.ts), in
 * process: each of its pages saves what index.json expects, « Tout enregistrer » what its
 * `saveAll` expects, and the portal's refusals (an ended session, a refused token, failing
 * details, 429) each end as they should. Portal-specific checks: demo/live/<id>.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runChannels } from '../../content/channel-runner';
import { channelsById } from '../../scrapers/channel-registry';
import type { ChannelScope } from '../../scrapers/channels';
import { recordId } from '../../storage/ids';
import type { ScrapedRecord } from '../../storage/schemas';
import { validateRecords } from '../../storage/validate';
import { parseHtml } from '../../tools/parse-html';
import { DEFAULT_PORTALS_DIR, livePortals, loadPortalIndex } from '../server';
import { inProcessFetch } from './in-process-fetch';
import { LiveState, type Faults } from './live';

const expected = (file: string) =>
  (JSON.parse(readFileSync(join(DEFAULT_PORTALS_DIR, file), 'utf8')) as { records: ScrapedRecord[] }).records;

const live = livePortals(DEFAULT_PORTALS_DIR);
const pages = loadPortalIndex().portals.flatMap((portal) =>
  live.some((candidate) => candidate.id === portal.id)
    ? // The pages its requests start from (a live portal may keep static pages, read as shown).
      portal.pages.filter((page) => page.spa).map((page) => ({ portal: portal.id, page }))
    : [],
);

/** A logged-in tab on `url`, `faults` switched on once it has loaded. */
async function tab(portal: string, url: string, faults: Faults = {}) {
  const state = new LiveState();
  const { fetch } = inProcessFetch(live, state);
  const html = await (await fetch(url)).text();
  state.setFaults(portal, faults);
  const doc = parseHtml(html, url).document;
  const channels = channelsById(portal);
  if (!channels) throw new Error(`${portal}: no channels`);
  const run = (scope: ChannelScope) =>
    runChannels(channels, { doc, url: new URL(url) }, scope, {
      fetch,
      parseHtml: (text) => parseHtml(text, url).document,
      sleep: vi.fn(() => Promise.resolve()),
    });
  return { state, run };
}

describe('the live-like portals', () => {
  it('are the portals whose scrapers declare in-session requests', () => {
    expect(live.map((portal) => portal.id).sort()).toEqual(
      [...new Set(pages.map((page) => page.portal))].sort(),
    );
  });

  describe.each(pages)('$portal: $page.file', ({ portal, page }) => {
    it('saves what the page shows, complete', async () => {
      const result = await (await tab(portal, page.url)).run('page');
      expect(result.status).toBe('complete');
      expect(result.records).toEqual(expected(page.expected));
      expect(validateRecords(result.records, { source: portal }).problems).toEqual([]);
    });

    it.runIf(page.saveAll)('saves everything with « Tout enregistrer », then the same again', async () => {
      const { run } = await tab(portal, page.url);
      const first = await run('all');
      expect(first.status).toBe('complete');
      expect(first.records).toEqual(expected(page.saveAll!.expected));
      expect(first.records).toHaveLength(page.saveAll!.recordCount);
      const again = await run('all');
      expect(again.records.map(recordId)).toEqual(first.records.map(recordId));
    });

    it('keeps nothing and says why when the session has ended', async () => {
      const result = await (await tab(portal, page.url, { expired: true })).run('all');
      expect(result).toMatchObject({ status: 'failed', records: [], error: { code: 'session-ended' } });
    });

    it('keeps nothing and says why when the portal refuses its token, even a fresh one', async () => {
      const { run, state } = await tab(portal, page.url, { refuseToken: true });
      const result = await run('all');
      expect(result).toMatchObject({ status: 'failed', records: [], error: { code: 'token-refused' } });
      // Refused with the first token, then with a fresh one when the portal has a way to get one.
      const refused = state.served.get(portal)?.['refused'] ?? 0;
      if (channelsById(portal)?.token) expect(refused).toBe(2);
      else expect(refused).toBeGreaterThanOrEqual(1);
    });

    it('waits out two 429s and reads everything', async () => {
      const result = await (
        await tab(portal, page.url, { rateLimit: { count: 2, retryAfter: 1 } })
      ).run('all');
      expect(result.status).toBe('complete');
    });
  });
});

describe.each(
  pages.filter(({ page }) => page.saveAll).map(({ portal, page }) => ({ portal, url: page.url })),
)('$portal: a detail that fails', ({ portal, url }) => {
  it('leaves it out, saves the rest as « partiel » and names what is missing', async () => {
    const { run, state } = await tab(portal, url, { failDetails: 2 });
    const partial = await run('all');
    expect(partial.status).toBe('partial');
    expect(partial.missing).toHaveLength(2);
    for (const line of partial.missing) expect(line).toMatch(/ : le portail a répondu par une erreur 503$/);
    state.setFaults(portal, {});
    const whole = await run('all');
    expect(whole.status).toBe('complete');
    const ids = new Set(whole.records.map(recordId));
    expect(partial.records.every((record) => ids.has(recordId(record)))).toBe(true);
  });
});

/**
 * The records read through the requests are those the page readers gave from the first round's
 * pages of the same fictional data (saved copies in scrapers/<id>/fixtures/), with the same
 * identity: an archive saved before merges without a duplicate. (ameli: also through a real
 * archive, ./ameli.test.ts.)
 */
describe.each([
  ['ameli', ['paiements', 'paiements-page2', 'paiements-page3']],
  ['mgen', ['mes-remboursements', 'mes-remboursements.spa', 'mes-releves']],
  ['mychart', ['test-result-detail', 'test-result-detail.spa']],
  ['espace-sante', ['documents', 'vaccinations', 'mesures']],
] as const)('%s: the same facts, the same identity', (portal, fixtures) => {
  it('gives every record of the first round’s pages again, with the same id', () => {
    const page = pages.find((candidate) => candidate.portal === portal && candidate.page.saveAll);
    if (!page?.page.saveAll) throw new Error(`${portal}: no « Tout enregistrer » page`);
    const now = new Set(expected(page.page.saveAll.expected).map(recordId));
    const before = fixtures.flatMap((name) =>
      (
        JSON.parse(
          readFileSync(
            join(import.meta.dirname, `../../scrapers/${portal}/fixtures/${name}.expected.json`),
            'utf8',
          ),
        ) as { records: ScrapedRecord[] }
      ).records.map(recordId),
    );
    expect(before.length).toBeGreaterThan(0);
    expect(before.filter((id) => !now.has(id))).toEqual([]);
  });
});
