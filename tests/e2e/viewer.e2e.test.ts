/**
 * The viewer, in the browser with the built extension: the demo portals saved through the button,
 * then each view checked against the portals' expected records, in French and in English; an
 * axe-core check and a screenshot of each view (saved under .tmp/e2e-artifacts/viewer, not
 * committed); and an archive of 50 000 generated records, opened and scrolled without reading it.
 * One file for the three browsers, which share the harness below.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer } from '../../demo/server';
import {
  dashboardUrl,
  launchChromium,
  readDashboard,
  saveAndWait,
  waitForSaveButton,
} from '../../tools/chromium';
import {
  EXTENSION_DIR,
  assertExtensionBuilt,
  expectedRecords,
  portalIndex,
  recordsFromDocuments,
  waitForDownload,
} from './helpers';
import { main as poolMain, withDuckDb } from '../../tools/pool/main';
import { recordId } from '../../storage/ids';
import type { Appointment, LabResult, Reimbursement, ScrapedRecord } from '../../storage/schemas';
import { assignLoinc } from '../../storage/analytes/normalise';
import { outOfRangeLatest, RECENT_LAB_YEARS, yearToDate } from '../../storage/views/highlights';
import { analyteKey } from '../../storage/views/labs';
import { personKey } from '../../storage/views/persons';
import { careKind } from '../../storage/views/care';
import { localToday } from '../../lib/dates';

const ARTIFACTS = join(process.cwd(), process.env.E2E_ARTIFACTS_DIR ?? '.tmp/e2e-artifacts/viewer');

type Expected = ReturnType<typeof expectedRecords>[number] & Record<string, unknown>;

const index = portalIndex();
const pagesWithRecords = index.portals.flatMap((portal) =>
  portal.pages
    .filter((page) => !page.expectError && (page.recordCount ?? 0) > 0)
    .map((page) => ({ portal, page })),
);
/**
 * The records of every page, once each (a live portal's list page also holds its detail page's
 * results), and those the dashboard reads from the documents saved with them (Mon espace santé's
 * lab report in CDA).
 */
const fromPages = pagesWithRecords.flatMap(({ page }) => expectedRecords(page) as Expected[]);
const expected: Expected[] = [
  ...new Map(
    [...fromPages, ...((await recordsFromDocuments(fromPages)) as unknown as Expected[])].map(
      (record) => [recordId(record as unknown as ScrapedRecord), record] as const,
    ),
  ).values(),
];
/** Every view of the navigation. */
const VIEWS = [
  'apercu',
  'chronologie',
  'analyses',
  'depenses',
  'rendez-vous',
  'documents',
  'vaccinations',
  'mesures',
  'resume',
  'sources',
  'recherche',
  'exporter',
  'reglages',
];
const claire = (record: Expected) => record.patient === 'Claire DUPONT' || record.patient === 'DUPONT Claire';

interface Viewer {
  dashboard: string;
  open(url: string): Promise<Page>;
  closePages(): Promise<void>;
  close(): Promise<void>;
}

async function startViewer(locale: 'fr' | 'en'): Promise<Viewer> {
  assertExtensionBuilt();
  const server = await startDemoServer({ port: 0 });
  const chromium = await launchChromium({
    extensionDir: EXTENSION_DIR,
    port: server.port,
    headless: process.env.E2E_HEADFUL !== '1',
    hosts: server.hosts,
    locale,
  }).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  const pages: Page[] = [];
  return {
    dashboard: dashboardUrl(chromium.extensionId),
    async open(url) {
      const page = await chromium.browser.newPage();
      pages.push(page);
      await page.goto(url, { waitUntil: 'load' });
      return page;
    },
    async closePages() {
      await Promise.all(pages.splice(0).map((page) => page.close().catch(() => undefined)));
    },
    async close() {
      await chromium.close();
      await server.close();
    },
  };
}

/** Saves every demo page that holds records, through its button, as a person would. */
async function saveDemoPortals(viewer: Viewer): Promise<void> {
  for (const { page } of pagesWithRecords) {
    const tab = await viewer.open(page.url);
    const button = await waitForSaveButton(tab, 10_000);
    if (!button) throw new Error(`No save button on ${page.url}`);
    const result = await saveAndWait(button);
    expect(result, `${page.url}: ${result.text}`).toMatchObject({ status: 'ok', invalid: 0 });
    await tab.close();
  }
  // The dashboard reads the documents saved with the pages the first time it opens.
  const dashboard = await viewer.open(viewer.dashboard);
  await dashboard.waitForSelector('[data-testid="document-reading-done"]', { timeout: 60_000 });
  await dashboard.close();
}

/** Opens the dashboard at `hash` and waits for its view to finish reading. */
async function openView(viewer: Viewer, hash: string): Promise<Page> {
  const page = await viewer.open(`${viewer.dashboard}${hash}`);
  await settled(page, hash);
  return page;
}

async function settled(page: Page, hash: string): Promise<void> {
  const view = hash.replace(/^#\/?/, '').split('?')[0] || 'apercu';
  await page.waitForSelector(`main[data-view="${view}"]`, { timeout: 15_000 });
  await page.waitForFunction(() => !document.querySelector('main p[aria-busy="true"]'), { timeout: 15_000 });
  // Charts draw after their data: give the last query and the canvas a moment.
  await new Promise((resolveWait) => setTimeout(resolveWait, 300));
}

async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((target) => (location.hash = target), hash);
  await settled(page, hash);
}

const attr = (page: Page, selector: string, name: string) =>
  page.$eval(selector, (element, attribute) => element.getAttribute(attribute), name);
const count = (page: Page, selector: string) => page.$$eval(selector, (elements) => elements.length);

/** axe-core's violations on the page, of any impact, as readable lines. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      targets: v.nodes.slice(0, 3).map((node) => node.target.join(' ')),
    }));
  });
  return violations.map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`);
}

/** Every view on a phone (390 × 844), screenshotted; those wider than the screen, with what overflows. */
async function onPhone(page: Page, lang: 'fr' | 'en'): Promise<string[]> {
  await page.setViewport({ width: 390, height: 844 });
  const wide: string[] = [];
  for (const view of VIEWS) {
    await go(page, `#/${view}`);
    await screenshot(page, `${lang}-390-${view}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 390) {
      // The outermost element past the screen's edge, to say what to fix.
      const culprit = await page.evaluate(() => {
        const clipped = (element: Element): boolean => {
          for (let up = element.parentElement; up; up = up.parentElement) {
            if (getComputedStyle(up).overflowX !== 'visible') return true;
          }
          return false;
        };
        const over = Array.from(document.querySelectorAll('body *')).filter(
          (element) => element.getBoundingClientRect().right > 391 && !clipped(element),
        );
        const outer = over.find((element) => !over.includes(element.parentElement!));
        return outer
          ? `${outer.tagName.toLowerCase()}.${outer.className} ${outer.getAttribute('data-testid') ?? ''}`
          : '?';
      });
      wide.push(`${view}: ${width} px (${culprit})`);
    }
  }
  await page.setViewport({ width: 1280, height: 800 });
  return wide;
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

describe('the viewer, with the demo portals saved (French)', () => {
  let viewer: Viewer;

  beforeAll(async () => {
    viewer = await startViewer('fr');
    await saveDemoPortals(viewer);
  }, 300_000);
  afterEach(async () => {
    await viewer.closePages();
  });
  afterAll(async () => {
    await viewer?.close();
  });

  it('overview: records per portal and kind, the last save of each, one row per person', async () => {
    const page = await openView(viewer, '#/apercu');
    expect(Number(await attr(page, '[data-testid="record-count"]', 'data-count'))).toBe(expected.length);
    for (const portal of index.portals) {
      const mine = expected.filter((record) => record.source === portal.id);
      const card = `[data-testid="portal-summary"][data-source="${portal.id}"]`;
      expect(Number(await attr(page, card, 'data-total')), portal.id).toBe(mine.length);
      const kinds = await page.$$eval(`${card} [data-testid="kind-count"]`, (items) =>
        Object.fromEntries(
          items.map((item) => [item.getAttribute('data-kind'), Number(item.getAttribute('data-count'))]),
        ),
      );
      expect(kinds, portal.id).toEqual(countBy(mine, (record) => record.kind));
      expect(await page.$eval(`${card} [data-testid="last-capture"]`, (e) => e.textContent)).toMatch(
        /Dernier enregistrement/,
      );
    }
    expect(await count(page, '[data-testid="save-nudge"]')).toBe(0);
    const persons = new Set(expected.map((record) => record.patient));
    // "Claire DUPONT" (hospital) and "DUPONT Claire" (lab) are one person.
    expect(await count(page, '[data-testid="person-count"]')).toBe(persons.size - 1);
  });

  it('overview: per person, the results out of range, the appointments and the reste à charge of the demo data', async () => {
    const page = await openView(viewer, '#/apercu');
    const cards = await page.$$eval('[data-testid="person-highlights"]', (items) =>
      items.map((card) => ({
        person: card.getAttribute('data-person') ?? '',
        outOfRange: Array.from(card.querySelectorAll('[data-testid="out-of-range"]'), (li) => [
          li.getAttribute('data-key'),
          li.getAttribute('data-since'),
        ]),
        more: Number(
          card.querySelector('[data-testid="out-of-range-more"]')?.getAttribute('data-count') ?? 0,
        ),
        upcoming: Array.from(card.querySelectorAll('[data-testid="upcoming"]'), (li) =>
          li.getAttribute('data-date'),
        ),
        previous: card.querySelector('[data-testid="upcoming-none"]')?.getAttribute('data-previous') ?? null,
        year: card.querySelector('[data-testid="year-to-date"]')?.getAttribute('data-year') ?? null,
        leftToPay:
          card.querySelector('[data-testid="year-to-date"]')?.getAttribute('data-left-to-pay') ?? null,
      })),
    );
    const named = [...new Set(expected.flatMap((r) => (r.patient ? [personKey(String(r.patient))] : [])))];
    expect(cards.map((card) => card.person).sort()).toEqual(named.sort());

    // Out of range: each test's latest result, over the three years before the latest result.
    const labs = expected
      .filter((record) => record.kind === 'lab-result')
      .map((record) => {
        const lab = record as unknown as LabResult;
        return { ...lab, loinc: assignLoinc(lab), id: recordId(lab) } as LabResult & { id: string };
      })
      .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
    const latest = labs[labs.length - 1]!.date.slice(0, 10);
    const from = `${Number(latest.slice(0, 4)) - RECENT_LAB_YEARS}${latest.slice(4)}`;
    const outOfRange = outOfRangeLatest(labs.filter((lab) => lab.date >= from));
    let listed = 0;
    for (const card of cards) {
      // The five most recent, and how many more Analyses holds.
      const want = (outOfRange.get(card.person) ?? []).map((item) => [item.key, item.since]);
      expect(card.outOfRange, card.person).toEqual(want.slice(0, 5));
      expect(card.more, card.person).toBe(Math.max(0, want.length - 5));
      listed += want.length;
    }
    expect(listed).toBeGreaterThan(0);

    // Appointments: the next ones from today; none to come, the last one.
    const today = localToday();
    for (const card of cards) {
      const theirs = expected
        .filter((r) => r.kind === 'appointment' && personKey(String(r.patient ?? '')) === card.person)
        .map((r) => r as unknown as Appointment)
        .filter((a) => a.status !== 'cancelled')
        .map((a) => a.date)
        .sort();
      const next = theirs.filter((date) => date >= today).slice(0, 3);
      expect(card.upcoming, card.person).toEqual(next);
      if (next.length === 0) expect(card.previous, card.person).toBe(theirs.at(-1) ?? null);
    }

    // Reste à charge: this year against the last; with neither, the person's latest year.
    const reimbursements = expected
      .filter((record) => record.kind === 'reimbursement')
      .map((record) => record as unknown as Reimbursement);
    let shown = 0;
    for (const card of cards) {
      const theirs = reimbursements.filter((r) => personKey(r.patient ?? '') === card.person);
      if (theirs.length === 0) {
        expect(card.year, card.person).toBeNull();
        continue;
      }
      const thisYear = today.slice(0, 4);
      const recent = theirs.filter((r) => r.date.slice(0, 4) >= String(Number(thisYear) - 1));
      const year =
        recent.length > 0
          ? thisYear
          : theirs
              .map((r) => r.date.slice(0, 4))
              .sort()
              .at(-1)!;
      const until = recent.length > 0 ? today : `${year}-12-31`;
      const want = yearToDate(theirs, until, recent.length === 0).get(card.person)!;
      expect([card.year, Number(card.leftToPay)], card.person).toEqual([year, want.leftToPay]);
      shown++;
    }
    expect(shown).toBeGreaterThan(0);
  });

  it('timeline: every record newest first, narrowed by kind, portal, dates and words', async () => {
    const page = await openView(viewer, '#/chronologie');
    const all = await readDashboard(page);
    expect(all.rows).toHaveLength(expected.length);
    // Virtualised: far fewer rows in the DOM than records.
    expect(await count(page, '[data-testid="record-row"]')).toBeLessThan(60);
    // One person, one way of writing their name: the lab writes « DUPONT Claire ».
    expect(expected.some((r) => r.source === 'labo' && r.patient === 'DUPONT Claire')).toBe(true);
    await go(page, '#/chronologie?portail=labo');
    const names = await page.$$eval('[data-testid="record-row"] [data-field="patient"]', (cells) =>
      Array.from(new Set(cells.map((cell) => cell.textContent))),
    );
    expect(names).toEqual(['Claire DUPONT']);
    await go(page, '#/chronologie');

    await page.select('[data-testid="filter-kind"]', 'lab-result');
    await settled(page, '#/chronologie');
    expect(await page.evaluate(() => location.hash)).toBe('#/chronologie?type=lab-result');
    const labs = await readDashboard(page);
    expect(labs.rows).toHaveLength(expected.filter((r) => r.kind === 'lab-result').length);
    expect(labs.rows.every((row) => row.kind === 'lab-result')).toBe(true);

    await go(page, '#/chronologie?type=lab-result&portail=mychart');
    expect((await readDashboard(page)).rows).toHaveLength(
      expected.filter((r) => r.kind === 'lab-result' && r.source === 'mychart').length,
    );
    await go(page, '#/chronologie?du=2024-01-01&au=2024-01-31');
    const january = expected.filter((r) => String(r.date).slice(0, 7) === '2024-01');
    expect((await readDashboard(page)).rows).toHaveLength(january.length);

    await go(page, '#/chronologie');
    await page.type('[data-testid="filter-text"]', 'créatinine');
    await page.waitForFunction(() => location.hash.includes('q='), { timeout: 5_000 });
    await settled(page, '#/chronologie');
    const found = await readDashboard(page);
    expect(found.rows.length).toBe(
      expected.filter((r) => /cr[ée]atinine/i.test(String(r.analyte ?? ''))).length,
    );
    await screenshot(page, 'fr-chronologie-recherche');
  });

  it('lab results: one row per analyte; the detail draws every result over the reference band', async () => {
    const page = await openView(viewer, '#/analyses');
    expect(await count(page, '[data-testid="analyte-row"]')).toBeGreaterThan(30);
    expect(await count(page, '[data-testid="analyte-row"] [data-testid="sparkline"]')).toBeGreaterThan(20);
    // By body system: the groups with a result out of range first, and those results first in each.
    const groups = await page.$$eval('[data-testid="analyte-group"]', (items) =>
      items.map((group) => ({
        system: group.getAttribute('data-system'),
        out: Array.from(group.querySelectorAll('[data-testid="analyte-row"]'), (row) =>
          Boolean(row.querySelector('[data-testid="flag"]')),
        ),
      })),
    );
    const sortedOut = (flags: boolean[]) => flags.every((flag, i) => i === 0 || !flag || flags[i - 1]);
    for (const group of groups) expect(sortedOut(group.out), String(group.system)).toBe(true);
    expect(sortedOut(groups.map((group) => group.out.some(Boolean)))).toBe(true);
    expect(groups.map((group) => group.system)).toEqual(
      expect.arrayContaining(['lipids', 'liver', 'blood-count']),
    );
    // One row per test whatever each lab called it: Claire's lab writes « ALAT (TGP) » in UI/L,
    // her Mon espace santé report « Alanine aminotransférase (ALT) » in U/L.
    const alat = expected.filter(
      (r) => claire(r) && r.kind === 'lab-result' && /ALAT|\bALT\b/.test(String(r.analyte)),
    );
    expect(new Set(alat.map((r) => r.analyte)).size).toBe(2);
    const alatRows = await page.$$eval('[data-testid="analyte-row"]', (rows) =>
      rows
        .filter(
          (row) =>
            row.getAttribute('data-key')?.startsWith('claire dupont|') &&
            /ALAT|\bALT\b|alanine/i.test(row.textContent ?? ''),
        )
        .map((row) => ({ key: row.getAttribute('data-key'), count: row.getAttribute('data-count') })),
    );
    expect(alatRows).toEqual([{ key: 'claire dupont|loinc:1742-6|u/l', count: String(alat.length) }]);
    // Glycémie à jeun in g/L: two reports of the lab, 0,92 and 0,98, range 0,7 – 1,1.
    const link = await page.$$eval('[data-testid="analyte-row"] th a', (links) =>
      links
        .find(
          (a) =>
            a.textContent === 'Glycémie à jeun' &&
            a.closest('tr')?.textContent?.includes('g/L') &&
            a.closest('tr')?.getAttribute('data-count') === '2',
        )
        ?.getAttribute('href'),
    );
    expect(link).toBeTruthy();
    await go(page, link!);
    const chart = '[data-testid="chart"][data-kind="lab"][data-drawn="true"]';
    // Band low edge and high edge (each result plus both axis ends), then the two values.
    expect(await attr(page, chart, 'data-points')).toBe('4,4,2');
    expect(await attr(page, chart, 'data-datasets')).toBe(
      'Valeurs de référence|Valeurs de référence|Glycémie à jeun (g/L)',
    );
    // The band between the lab's bounds, 0,7 and 1,1, at each point; the two results; none marked.
    const drawn = JSON.parse((await attr(page, chart, 'data-values'))!) as (number | null)[][];
    expect(new Set(drawn[0])).toEqual(new Set([0.7]));
    expect(new Set(drawn[1])).toEqual(new Set([1.1]));
    expect(drawn[2]).toEqual([0.92, 0.98]);
    expect(await attr(page, chart, 'data-marked')).toBe('0');
    expect(await count(page, '[data-testid="analyte-result"]')).toBe(2);
    await screenshot(page, 'fr-analyse-detail');

    // Claire's total cholesterol in g/L: her results out of range are the points marked.
    const cholesterol = expected.filter(
      (r) => claire(r) && r.kind === 'lab-result' && r.analyte === 'Cholestérol total' && r.unit === 'g/L',
    ) as unknown as LabResult[];
    const flagged = cholesterol.filter((r) => r.flag !== null).length;
    expect(flagged).toBeGreaterThan(0);
    await go(page, '#/analyses?personne=claire%20dupont');
    const total = await page.$$eval('[data-testid="analyte-row"] th a', (links) =>
      links.find((a) => a.textContent === 'Cholestérol total')?.getAttribute('href'),
    );
    await go(page, total!);
    expect(await attr(page, chart, 'data-marked')).toBe(String(flagged));
    expect(JSON.parse((await attr(page, chart, 'data-values'))!).at(-1)).toHaveLength(cholesterol.length);
  });

  it('spending: a year by month, the acts behind a bar, totals per person and year', async () => {
    const page = await openView(viewer, '#/depenses?annee=2024');
    const reimbursements = expected.filter(
      (r) => r.kind === 'reimbursement' && String(r.date).startsWith('2024'),
    );
    expect(Number(await attr(page, '[data-testid="spending-total"]', 'data-count'))).toBe(
      reimbursements.length,
    );
    expect(
      await attr(page, '[data-testid="chart"][data-kind="spending"][data-drawn="true"]', 'data-points'),
    ).toBe('12,12,12');
    await page.click('[data-testid="spending-months"] a[href*="mois=2024-03"]');
    await settled(page, '#/depenses');
    const march = reimbursements.filter((r) => String(r.date).startsWith('2024-03'));
    expect(Number(await attr(page, '[data-testid="month-acts"]', 'data-count'))).toBe(march.length);
    expect(await count(page, '[data-testid="spending-persons"] tbody tr')).toBe(
      new Set(reimbursements.map((r) => r.patient)).size,
    );
    expect(await count(page, '[data-testid="largest-acts"] tbody tr')).toBe(10);
    // By kind of care: one row per kind the year's acts are of.
    const cares = await page.$$eval('[data-testid="spending-care"] tbody tr', (rows) =>
      rows.map((row) => row.getAttribute('data-key')),
    );
    const kinds = new Set(
      reimbursements.map((r) => careKind(String(r.act), typeof r.provider === 'string' ? r.provider : null)),
    );
    expect(new Set(cares)).toEqual(kinds);
    expect(cares).toEqual(expect.arrayContaining(['pharmacy', 'optics', 'consultation']));
    expect(await count(page, '[data-testid="spending-providers"] tbody tr')).toBeGreaterThan(3);
    const years = new Set(
      expected.filter((r) => r.kind === 'reimbursement').map((r) => String(r.date).slice(0, 4)),
    );
    expect(await count(page, '[data-testid="spending-years"] tbody tr')).toBe(years.size);
    await screenshot(page, 'fr-depenses');
  });

  it('appointments, documents, vaccinations and measurements', async () => {
    const page = await openView(viewer, '#/rendez-vous');
    // The demo's appointments are all in 2024: in the past.
    expect(Number(await attr(page, '[data-testid="past-appointments"]', 'data-count'))).toBe(
      expected.filter((r) => r.kind === 'appointment').length,
    );
    await go(page, '#/documents');
    const documents = expected.filter((r) => r.kind === 'document');
    expect(Number(await attr(page, '[data-testid="documents"]', 'data-count'))).toBe(documents.length);
    expect(await count(page, '[data-testid="documents"] [data-testid="open-file"]')).toBeGreaterThan(20);
    await page.select('[data-testid="doc-type"]', 'prescription');
    await settled(page, '#/documents');
    expect(Number(await attr(page, '[data-testid="documents"]', 'data-count'))).toBe(
      documents.filter((r) => r.docType === 'prescription').length,
    );
    await go(page, '#/vaccinations');
    expect(Number(await attr(page, '[data-testid="vaccinations"]', 'data-count'))).toBe(
      expected.filter((r) => r.kind === 'immunization').length,
    );
    await go(page, '#/mesures');
    const measured = (name: string) =>
      expected.filter((r) => r.kind === 'measurement' && r.name === name).length;
    expect(
      await attr(
        page,
        '[data-testid="weight-chart"] [data-testid="chart"][data-drawn="true"]',
        'data-points',
      ),
    ).toBe(String(measured('Poids')));
    expect(
      await attr(
        page,
        '[data-testid="pressure-chart"] [data-testid="chart"][data-drawn="true"]',
        'data-points',
      ),
    ).toBe(`${measured('Tension systolique')},${measured('Tension diastolique')}`);
    await screenshot(page, 'fr-mesures');
  });

  it('a record opens to all its fields and where it came from, and can be deleted', async () => {
    const page = await openView(viewer, '#/chronologie?type=appointment');
    await page.click('[data-testid="record-row"] a[href^="#/fiche"]');
    await settled(page, '#/fiche');
    expect(await attr(page, '[data-testid="record-detail"]', 'data-kind')).toBe('appointment');
    const provenance = await page.$eval('[data-testid="provenance"]', (e) => e.textContent ?? '');
    expect(provenance).toContain('hopital 1.');
    expect(provenance).toContain('https://monespace.hopital-saint-exemple.fr/rendez-vous');
    expect(await count(page, '[data-testid="record-detail"] dd[data-field="practitioner"]')).toBe(1);
    await screenshot(page, 'fr-fiche');
    await page.click('[data-testid="delete-record"]');
    expect(await page.$eval('[data-testid="delete-record-confirm"]', (e) => e.textContent)).toContain(
      'définitivement',
    );
    await page.click('[data-testid="delete-record-yes"]');
    await page.waitForSelector('[data-testid="record-gone"]', { timeout: 5_000 });
    expect(Number(await attr(page, '[data-testid="record-count"]', 'data-count'))).toBe(expected.length - 1);
  });

  it('the person selector filters every view', async () => {
    const page = await openView(viewer, '#/apercu');
    await page.select('[data-testid="person-select"]', 'claire dupont');
    await settled(page, '#/apercu');
    const mine = expected.filter(claire);
    const totals = await page.$$eval('[data-testid="portal-summary"]', (cards) =>
      cards.reduce((sum, card) => sum + Number(card.getAttribute('data-total')), 0),
    );
    // One appointment of Claire's was deleted by the test before.
    expect(totals).toBe(mine.length - 1);
    // Each view, reached through the navigation, shows Claire's records only.
    const hers = (kind: string) => mine.filter((r) => r.kind === kind);
    const checks: [string, string, number][] = [
      ['chronologie', '[data-testid="timeline-status"]', Math.min(100, mine.length - 1)],
      ['analyses', '[data-testid="analyte-row"]', -1],
      [
        'depenses',
        '[data-testid="spending-total"]',
        hers('reimbursement').filter((r) => String(r.date) >= '2024').length,
      ],
      ['rendez-vous', '[data-testid="past-appointments"]', hers('appointment').length - 1],
      ['documents', '[data-testid="documents"]', hers('document').length],
      ['vaccinations', '[data-testid="vaccinations"]', hers('immunization').length],
      [
        'mesures',
        '[data-testid="weight-chart"]',
        hers('measurement').filter((r) => r.name === 'Poids').length,
      ],
    ];
    for (const [view, selector, wanted] of checks) {
      await page.click(`[data-testid="nav-${view}"]`);
      await settled(page, `#/${view}`);
      expect(await attr(page, 'main', 'data-person'), view).toBe('claire dupont');
      if (wanted < 0) continue;
      const shown = await attr(page, selector, view === 'chronologie' ? 'data-loaded' : 'data-count');
      expect(Number(shown), view).toBe(wanted);
    }
    await go(page, '#/chronologie?personne=claire+dupont');
    const rows = (await readDashboard(page)).rows;
    expect(rows).toHaveLength(mine.length - 1);
    expect(rows.every((row) => /Claire|DUPONT Claire/.test(row.text))).toBe(true);
    await go(page, '#/analyses?personne=claire+dupont');
    expect(await page.$$eval('[data-testid="analyte-row"]', (r) => r.length)).toBeLessThan(
      await openView(viewer, '#/analyses').then((all) => count(all, '[data-testid="analyte-row"]')),
    );
  });

  it('every view passes axe-core (no violation, whatever its impact) and is screenshotted', async () => {
    const page = await openView(viewer, '#/apercu');

    const problems: string[] = [];
    for (const view of VIEWS) {
      await go(page, `#/${view}`);
      await screenshot(page, `fr-${view}`);
      problems.push(...(await axeViolations(page)).map((line) => `${view}: ${line}`));
    }
    await go(page, '#/chronologie');
    const detail = await attr(page, '[data-testid="record-row"] a[href^="#/fiche"]', 'href');
    await go(page, detail!);
    await screenshot(page, 'fr-fiche-axe');
    problems.push(...(await axeViolations(page)).map((line) => `fiche: ${line}`));
    expect(problems).toEqual([]);

    // On a phone (390 × 844): every view screenshotted, none wider than the screen.
    expect(await onPhone(page, 'fr')).toEqual([]);
  });

  it('shares with a study: its file, consent, a sealed share that the researcher pools', async () => {
    const work = mkdtempSync(join(tmpdir(), 'e2e-research-'));
    const said: string[] = [];
    const io = { stdout: (text: string) => said.push(text), stderr: (text: string) => said.push(text) };
    try {
      // The researchers make their study and hand out its file.
      const period = { from: '2020-01-01', to: '2026-12-31' };
      writeFileSync(
        join(work, 'description.json'),
        JSON.stringify({
          id: 'etude-e2e',
          name: 'Étude de bout en bout',
          purpose: 'Vérifier le partage.',
          contact: 'etude@example.org',
          period,
          dates: 'month',
          asks: {
            reimbursement: ['care', 'charged', 'left_to_pay'],
            'lab-result': ['loinc', 'value', 'out_of_range'],
          },
        }),
      );
      const study = join(work, 'study');
      expect(await poolMain(['new-study', join(work, 'description.json'), '--out', study], io, work)).toBe(0);

      // Claire reads what it asks for, agrees, and downloads her share.
      const page = await openView(viewer, '#/recherche?personne=claire%20dupont');
      const downloads = join(work, 'downloads');
      mkdirSync(downloads);
      const cdp = await page.createCDPSession();
      await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
      const input = await page.$('input[data-testid="research-study-file"]');
      await input!.uploadFile(join(study, 'study.json'));
      await page.waitForSelector('[data-testid="research-fields"] li[data-count]');
      const inPeriod = (kind: string) =>
        expected.filter(
          (r) =>
            claire(r) &&
            r.kind === kind &&
            String(r.date).slice(0, 10) >= period.from &&
            String(r.date) <= period.to,
        ).length;
      const counts = await page.$$eval('[data-testid="research-fields"] li', (items) =>
        Object.fromEntries(
          items.map((li) => [li.getAttribute('data-kind'), Number(li.getAttribute('data-count'))]),
        ),
      );
      expect(counts).toEqual({
        'lab-result': inPeriod('lab-result'),
        reimbursement: inPeriod('reimbursement'),
      });
      expect(counts['lab-result']).toBeGreaterThan(0);
      await screenshot(page, 'fr-recherche-etude');
      await page.click('[data-testid="research-consent"]');
      await page.click('[data-testid="research-share"]');
      await page.waitForSelector('[data-testid="research-done"]', { timeout: 30_000 });
      const share = await waitForDownload(downloads, '.json');
      expect(share).toMatch(/partage-etude-e2e-\d{4}-\d{2}-\d{2}\.json$/);
      expect(readFileSync(share, 'utf8')).not.toMatch(/DUPONT|Claire|ameli\.fr/);

      // The researcher pools it: one participant, her records, sums as in the archive.
      expect(await poolMain(['add', study, share], io, work)).toBe(0);
      const rows = await withDuckDb(async (connection) =>
        (
          await connection.runAndReadAll(
            `SELECT count(*)::INTEGER AS n, count(DISTINCT participant)::INTEGER AS participants FROM read_parquet('${join(study, 'parquet', 'lab_result', '**', '*.parquet')}')`,
          )
        ).getRowObjectsJson(),
      );
      expect(rows).toEqual([{ n: inPeriod('lab-result'), participants: 1 }]);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('a summary for a doctor: one person, the parts chosen, all of them on paper', async () => {
    const page = await openView(viewer, '#/resume?personne=claire+dupont');
    await page.waitForSelector('[data-testid="summary"]', { timeout: 15_000 });
    const sections = () =>
      page.$$eval('[data-testid="summary-section"]', (items) =>
        items.map(
          (item) => [item.getAttribute('data-section'), Number(item.getAttribute('data-count'))] as const,
        ),
      );
    const all = Object.fromEntries(await sections());
    expect(Object.keys(all)).toEqual([
      'results',
      'immunizations',
      'medications',
      'allergies',
      'problems',
      'documents',
      'appointments',
      'sources',
    ]);
    // One line per test of hers, whatever each lab called it.
    const hers = expected
      .filter((r) => r.kind === 'lab-result' && claire(r))
      .map((r) => {
        const lab = r as unknown as LabResult;
        return analyteKey({ ...lab, loinc: assignLoinc(lab) });
      });
    expect(all.results).toBe(new Set(hers).size);
    expect(all.immunizations).toBe(expected.filter((r) => r.kind === 'immunization' && claire(r)).length);

    await page.click('input[name="documents"]');
    await page.waitForFunction(() => !document.querySelector('[data-section="documents"]'));
    await page.emulateMediaType('print');
    const printed = await page.evaluate(() => ({
      nav: getComputedStyle(document.querySelector('.views-nav')!).display,
      choice: getComputedStyle(document.querySelector('[data-testid="summary-choice"]')!).display,
      sections: Array.from(document.querySelectorAll('[data-testid="summary-section"]'))
        .filter((section) => (section as HTMLElement).offsetHeight > 0)
        .map((section) => section.getAttribute('data-section')),
    }));
    expect(printed).toEqual({
      nav: 'none',
      choice: 'none',
      sections: [
        'results',
        'immunizations',
        'medications',
        'allergies',
        'problems',
        'appointments',
        'sources',
      ],
    });
    await screenshot(page, 'fr-resume-impression');
    await page.emulateMediaType();
  });

  it('the popup fits in the 600 px Chrome gives it, saves named by their portal in words', async () => {
    const page = await viewer.open(viewer.dashboard.replace('dashboard.html', 'popup.html'));
    await page.setViewport({ width: 380, height: 600 });
    await page.waitForSelector('[data-testid="capture-row"]', { timeout: 15_000 });
    const rows = await page.$$eval('[data-testid="capture-row"]', (items) =>
      items.map((li) => li.textContent ?? ''),
    );
    expect(rows).toHaveLength(3);
    // « MyChart (Lakeside Health), … : 8 nouvelles données », not « mychart 1.1.0 ».
    for (const row of rows) expect(row).not.toMatch(/\d+\.\d+\.\d+/);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(600);
    await screenshot(page, 'fr-popup');
  });

  it('the view in use is reachable and visible from the keyboard', async () => {
    const page = await openView(viewer, '#/apercu');
    let focused = '';
    for (let presses = 0; presses < 40 && !focused.includes('#/chronologie'); presses++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('href') ?? '');
    }
    expect(focused).toContain('#/chronologie');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe('solid');
    await page.keyboard.press('Enter');
    await settled(page, '#/chronologie');
    const title = () =>
      page.evaluate(() => ({
        id: document.activeElement?.id,
        ring: document.activeElement?.matches(':focus-visible') ?? false,
        outline: document.activeElement ? getComputedStyle(document.activeElement).outlineStyle : null,
      }));
    // From the keyboard, the new view's title has the focus and shows it…
    expect(await title()).toEqual({ id: 'view-title', ring: true, outline: 'solid' });
    // …with the mouse, it has the focus (a screen reader announces it) but no ring around it.
    await page.click('nav a[href="#/analyses"]');
    await settled(page, '#/analyses');
    expect(await title()).toEqual({ id: 'view-title', ring: false, outline: 'none' });
  });

  it('skips to the content from the first Tab, and searches the archive from any view', async () => {
    const page = await openView(viewer, '#/depenses');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('view-title');

    await page.type('#archive-search-text', 'Créatinine');
    await page.keyboard.press('Enter');
    await settled(page, '#/chronologie');
    expect(await page.evaluate(() => decodeURIComponent(location.hash))).toBe('#/chronologie?q=Créatinine');
    const found = await readDashboard(page);
    expect(found.rows.length).toBeGreaterThan(0);
    expect(found.rows.some((row) => row.kind === 'lab-result')).toBe(true);
  });

  it('settings: deleting everything says what will be lost, then empties the archive', async () => {
    const page = await openView(viewer, '#/reglages');
    await page.click('[data-testid="erase-all"]');
    const question = await page.$eval('[data-testid="erase-all-confirm"]', (e) => e.textContent ?? '');
    expect(question).toContain(`${expected.length - 1} données`);
    await screenshot(page, 'fr-reglages-confirmation');
    await page.click('[data-testid="erase-all-yes"]');
    await page.waitForSelector('[data-testid="erased"]', { timeout: 5_000 });
    await page.waitForSelector('[data-testid="record-count"][data-count="0"]', { timeout: 5_000 });
    expect(await attr(page, '[data-testid="archive-contents"]', 'data-records')).toBe('0');
  });
});

describe('the viewer in English', () => {
  let viewer: Viewer;

  beforeAll(async () => {
    viewer = await startViewer('en');
    await saveDemoPortals(viewer);
  }, 300_000);
  afterEach(async () => {
    await viewer.closePages();
  });
  afterAll(async () => {
    await viewer?.close();
  });

  it('speaks English, with dates and amounts written the English way', async () => {
    const page = await openView(viewer, '#/chronologie');
    expect(await page.evaluate(() => document.documentElement.lang)).toMatch(/^en/);
    expect(await page.$eval('nav [aria-current="page"]', (e) => e.textContent)).toBe('Timeline');
    expect(await page.$eval('tr.day th', (e) => e.textContent)).toBe('Thursday, October 3, 2024');
    expect(await page.$eval('[data-testid="person-select"] option', (e) => e.textContent)).toBe('Everyone');
    const rows = await readDashboard(page);
    expect(rows.rows).toHaveLength(expected.length);
    expect(rows.rows.some((row) => row.text.includes('spent €106.06'))).toBe(true);
  });

  it('draws the same charts, labelled in English', async () => {
    const page = await openView(viewer, '#/analyses');
    const link = await page.$$eval('[data-testid="analyte-row"] th a', (links) =>
      links
        .find(
          (a) =>
            a.textContent === 'Glycémie à jeun' &&
            a.closest('tr')?.textContent?.includes('g/L') &&
            a.closest('tr')?.getAttribute('data-count') === '2',
        )
        ?.getAttribute('href'),
    );
    await go(page, link!);
    const chart = '[data-testid="chart"][data-kind="lab"][data-drawn="true"]';
    expect(await attr(page, chart, 'data-points')).toBe('4,4,2');
    expect(await attr(page, chart, 'data-datasets')).toBe(
      'Reference range|Reference range|Glycémie à jeun (g/L)',
    );
    expect(await page.$eval('[data-testid="analyte-result"] td', (e) => e.textContent)).toBe(
      'Jun 11, 2024, 7:45 AM',
    );
    await go(page, '#/depenses?annee=2024');
    expect(await attr(page, '[data-testid="chart"][data-kind="spending"]', 'data-datasets')).toBe(
      'Health insurance|Mutuelle|Left to pay',
    );
    expect(await page.$eval('[data-testid="spending-months"] tbody th', (e) => e.textContent)).toBe(
      'January 2024',
    );
  });

  it('every view passes axe-core in English too, and is screenshotted', async () => {
    const page = await openView(viewer, '#/apercu');
    const problems: string[] = [];
    for (const view of VIEWS) {
      await go(page, `#/${view}`);
      await screenshot(page, `en-${view}`);
      problems.push(...(await axeViolations(page)).map((line) => `${view}: ${line}`));
    }
    await go(page, '#/analyses');
    await go(page, (await attr(page, '[data-testid="analyte-row"] th a', 'href'))!);
    await screenshot(page, 'en-analyse-detail');
    problems.push(...(await axeViolations(page)).map((line) => `analyse: ${line}`));
    expect(problems).toEqual([]);
    expect(await onPhone(page, 'en')).toEqual([]);
  });
});

/**
 * Puts `total` generated records straight into the extension's IndexedDB (a year of care every
 * ~5 000 records, three people, four portals), as years of saves would.
 */
async function generateArchive(page: Page, total: number): Promise<void> {
  await page.evaluate(async (n) => {
    const request = indexedDB.open('mes-donnees-sante');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    // The product keeps its record counts with every write of records (storage/stats.ts).
    const tx = db.transaction(['records', 'stats'], 'readwrite');
    const store = tx.objectStore('records');
    const counts = new Map<
      string,
      { key: string; source: string; kind: string; patient: string; count: number }
    >();
    const patients = ['Camille MARTIN', 'Léo MARTIN', 'Claire DUPONT'];
    const stamp = '2026-11-01T10:00:00.000Z';
    for (let i = 0; i < n; i++) {
      const date = new Date(Date.UTC(2016, 0, 1) + Math.floor((i * 3650) / n) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const hex = i.toString(16).padStart(32, '0');
      const common = {
        patient: patients[i % 3],
        date,
        sourceUrl: 'https://portail.example.fr/p',
        captureId: 'bulk',
        capturedAt: stamp,
        updatedAt: stamp,
      };
      const slot = i % 10;
      if (slot < 7) {
        store.put({
          ...common,
          id: `reimbursement:${hex}`,
          kind: 'reimbursement',
          source: i % 2 ? 'ameli' : 'mgen',
          act: `Consultation n°${i}`,
          provider: 'Dr MOREAU Anne',
          paymentDate: null,
          charged: 30,
          base: 26.5,
          rate: 70,
          reimbursedPrimary: 18.55,
          reimbursedComplementary: 5,
          deductible: 2,
          outOfPocket: 6.45,
          currency: 'EUR',
          ref: `R${i}`,
        });
      } else if (slot < 9) {
        store.put({
          ...common,
          id: `lab-result:${hex}`,
          kind: 'lab-result',
          source: 'labo',
          analyte: 'Glycémie à jeun',
          code: null,
          loinc: '2345-7',
          value: 0.8 + (i % 40) / 100,
          valueText: (0.8 + (i % 40) / 100).toFixed(2).replace('.', ','),
          comparator: null,
          unit: 'g/L',
          refLow: 0.7,
          refHigh: 1.1,
          refText: null,
          flag: null,
          panel: 'Biochimie',
          reportId: `D${i}`,
          lab: 'Laboratoire Bioclair',
          prescriber: null,
        });
      } else {
        store.put({
          ...common,
          id: `measurement:${hex}`,
          kind: 'measurement',
          source: 'hopital',
          name: 'Poids',
          code: null,
          value: 60 + (i % 10),
          unit: 'kg',
        });
      }
      const kind = slot < 7 ? 'reimbursement' : slot < 9 ? 'lab-result' : 'measurement';
      const source = slot < 7 ? (i % 2 ? 'ameli' : 'mgen') : slot < 9 ? 'labo' : 'hopital';
      const key = JSON.stringify([source, kind, common.patient]);
      const row = counts.get(key) ?? { key, source, kind, patient: String(common.patient), count: 0 };
      row.count++;
      counts.set(key, row);
    }
    for (const row of counts.values()) tx.objectStore('stats').put(row);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, total);
}

/** Counts the records IndexedDB hands the page (cursor values and getAll results). */
const COUNT_READS = `(() => {
  const reads = { values: 0, by: {} };
  window.__recordReads = reads;
  const value = Object.getOwnPropertyDescriptor(IDBCursorWithValue.prototype, 'value');
  Object.defineProperty(IDBCursorWithValue.prototype, 'value', {
    get() {
      reads.values += 1;
      const where = this.source.name + ':' + this.direction;
      reads.by[where] = (reads.by[where] || 0) + 1;
      return value.get.call(this);
    },
  });
  for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype]) {
    const getAll = proto.getAll;
    proto.getAll = function (...args) {
      const request = getAll.apply(this, args);
      request.addEventListener('success', () => { reads.values += request.result.length; });
      return request;
    };
  }
})();`;

const reads = (page: Page) =>
  page.evaluate(() => (window as unknown as { __recordReads: { values: number } }).__recordReads.values);

describe('the viewer with 50 000 records', () => {
  const total = Number(process.env.E2E_BULK_RECORDS ?? 50_000);
  let viewer: Viewer;

  beforeAll(async () => {
    viewer = await startViewer('fr');
    const first = await viewer.open(viewer.dashboard);
    await first.waitForSelector('[data-testid="record-count"]');
    await generateArchive(first, total);
  }, 300_000);
  afterAll(async () => {
    await viewer?.close();
  });

  it('opens, and scrolls the timeline, reading a few pages of records, not the archive', async () => {
    const page = await viewer.open('about:blank');
    await page.evaluateOnNewDocument(COUNT_READS);
    const started = Date.now();
    await page.goto(`${viewer.dashboard}#/apercu`, { waitUntil: 'load' });
    await page.waitForSelector('[data-testid="portal-summary"]', { timeout: 30_000 });
    const opened = Date.now() - started;
    expect(Number(await attr(page, '[data-testid="record-count"]', 'data-count'))).toBe(total);
    // The portals' counts come from the kept counts; the essentials from a few index ranges: the
    // latest thousand lab results, the appointments to come, this year's and last year's
    // reimbursements (a year of this archive is 3 500 of them), never the archive.
    await page.waitForSelector('[data-testid="highlights"]', { timeout: 30_000 });
    const overview = await reads(page);
    expect(overview).toBeLessThan(1_000 + 3_500 + 100);

    await go(page, '#/chronologie');
    await page.waitForSelector('[data-testid="record-row"]');
    const afterFirstScreen = await reads(page);
    expect(afterFirstScreen - overview).toBeLessThan(1_000);
    const scroller = '[data-testid="timeline-scroller"]';
    for (let screen = 0; screen < 40; screen++) {
      await page.$eval(scroller, (element) => element.scrollBy(0, element.clientHeight));
      await new Promise((resolveWait) => setTimeout(resolveWait, 60));
    }
    await page.waitForFunction(() => !document.querySelector('[data-testid="timeline-more"]') || true);
    const loaded = Number(await attr(page, '[data-testid="timeline-status"]', 'data-loaded'));
    expect(loaded).toBeGreaterThan(200);
    expect(await count(page, '[data-testid="record-row"]')).toBeLessThan(80);
    expect((await reads(page)) - overview).toBeLessThan(loaded * 3);
    expect(await reads(page)).toBeLessThan(total / 5);
    await screenshot(page, 'fr-50000-chronologie');
    console.log(
      `50 000 records: overview in ${opened} ms; ${loaded} timeline rows read, ${await reads(page)} record reads`,
    );
  });
});
