/**
 * What the content script costs every portal page, visited or saved: its size as built, and the
 * page's `load` time with the extension against the same page in a browser without it, and in
 * one with the least extension that puts anything in the page (the floor: README, Page load).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'puppeteer-core';
import type { Figure } from './figure';
import { paired, series } from './figure';
import { navigationTiming } from './in-page';
import { launchChromium } from '../chromium';
import { launchBareChromium, type Session } from './session';
import { sleep } from './stats';

/** 30 KB, in bytes (kilo = 1 000). */
const MAX_GZIP_BYTES = 30_000;
const LOAD_MAX_RATIO = 1.05;
/** How long each loaded page is left before the next load. */
const SETTLE_MS = 200;

/**
 * What one portal page loads: each portal has its own content script (`content-scripts/<id>.js`,
 * injected by the background once the page has loaded), so the figure is the largest of them,
 * each gzipped on its own, with every script's size in the details. The generic table reader,
 * injected only when the person asks, is listed too.
 */
export function contentScriptSize(extensionDir: string): Figure {
  const folder = join(extensionDir, 'content-scripts');
  const scripts = [
    ...readdirSync(folder)
      .filter((file) => file.endsWith('.js') || file.endsWith('.css'))
      .map((file) => `content-scripts/${file}`),
    ...(existsSync(join(extensionDir, 'page-tables.js')) ? ['page-tables.js'] : []),
  ].map((file) => {
    const content = readFileSync(join(extensionDir, file));
    return { files: [file], bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
  if (scripts.length === 0) throw new Error(`no content script in ${folder}`);
  const largest = Math.max(...scripts.map((script) => script.gzipBytes));
  return {
    id: 'content-script.size',
    label: 'content script size, largest per page (gzipped)',
    unit: 'bytes',
    product: { median: largest, runs: [largest] },
    target: { kind: 'value', max: MAX_GZIP_BYTES, met: largest <= MAX_GZIP_BYTES },
    details: { scripts },
  };
}

interface LoadTiming {
  load: number;
  domContentLoaded: number;
}

/** `navigationTiming`, as an expression for `Runtime.evaluate` (as puppeteer's evaluate sends it). */
const NAVIGATION_TIMING = `(${navigationTiming.toString()})()`;

/**
 * A tab driven through a DevTools session of its own, with only the Page domain on (for its load
 * event). A puppeteer Page also turns the Runtime domain on, which has the renderer report every
 * script context to DevTools, the extension's among them: that added 5–7 % to the product's
 * loads and about nothing to a bare browser's, a cost of the measuring, not of the product (a
 * person's browser has no DevTools attached). Expressions are still evaluated, without it.
 */
interface MeasuredTab {
  /** Loads `url`, leaves it `SETTLE_MS`, and returns its navigation timing. */
  load(url: string): Promise<LoadTiming>;
  evaluate<T>(expression: string): Promise<T>;
}

async function openMeasuredTab(browser: Browser): Promise<MeasuredTab> {
  const root = await browser.target().createCDPSession();
  const { targetId } = await root.send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await root.send('Target.attachToTarget', { targetId, flatten: true });
  const tab = root.connection()?.session(sessionId);
  if (!tab) throw new Error('no DevTools session for the measured tab');
  await tab.send('Page.enable');
  const evaluate = async <T>(expression: string): Promise<T> => {
    const { result, exceptionDetails } = await tab.send('Runtime.evaluate', {
      expression,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(`in the measured tab: ${exceptionDetails.text}`);
    return result.value as T;
  };
  const load = async (url: string): Promise<LoadTiming> => {
    let timer: NodeJS.Timeout | undefined;
    const loaded = new Promise<void>((resolve, reject) => {
      tab.once('Page.loadEventFired', () => resolve());
      timer = setTimeout(() => reject(new Error(`${url} did not load in 60 s`)), 60_000);
    });
    try {
      const { errorText } = await tab.send('Page.navigate', { url });
      if (errorText) throw new Error(`${url}: ${errorText}`);
      await loaded;
    } finally {
      clearTimeout(timer);
    }
    // The time a person spends on the page, at the least: the extension puts its button there
    // meanwhile, and whatever that costs the next load is counted in it.
    await sleep(SETTLE_MS);
    for (let attempt = 0; attempt < 20; attempt++) {
      const timing = await evaluate<LoadTiming | null>(NAVIGATION_TIMING);
      if (timing) return timing;
      await sleep(25);
    }
    throw new Error(`no navigation timing for ${url}`);
  };
  return { load, evaluate };
}

/** The page's element that holds the product's button (content/mount-page-button.tsx). */
const BUTTON_HOST = 'mes-donnees-sante';

/**
 * The least any extension can do to put something in a portal page: on each portal page that
 * completes, run an empty function in it, with the product's own host permissions and nothing
 * else. Written afresh for the run; what it costs is what injecting into the page costs at all.
 */
async function writeFloorExtension(productDir: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const product = JSON.parse(readFileSync(join(productDir, 'manifest.json'), 'utf8')) as {
    host_permissions?: string[];
  };
  const dir = await mkdtemp(join(tmpdir(), 'mdms-bench-floor-'));
  const manifest = {
    manifest_version: 3,
    name: 'bench floor',
    version: '1.0.0',
    permissions: ['scripting'],
    host_permissions: product.host_permissions ?? [],
    background: { service_worker: 'worker.js' },
  };
  const worker = `chrome.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status !== 'complete') return;
  chrome.scripting.executeScript({ target: { tabId }, func: () => {} }).catch(() => {});
});
`;
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  await writeFile(join(dir, 'worker.js'), worker);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

type Side = 'withExtension' | 'floor' | 'without';
const SIDES: readonly Side[] = ['withExtension', 'floor', 'without'];

/**
 * `runs` loads of `url` in each of three fresh browsers — with the extension, with the floor
 * extension (`writeFloorExtension`), without any — taking turns in an order that rotates, after
 * `warmup` loads each. Fresh, so that none carries the other figures' work. Each load is followed
 * by `SETTLE_MS` on the page; the product's button must be on it by then.
 */
export async function measurePageLoad(
  session: Session,
  extensionDir: string,
  page: { id: string; label: string; url: string },
  repeat: { warmup: number; runs: number },
): Promise<Figure> {
  const { port, hosts } = session.server;
  // The session's tab may hold a large page: leave it idle meanwhile.
  await session.tab.goto('about:blank');
  const floorExtension = await writeFloorExtension(extensionDir);
  const closers: (() => Promise<void>)[] = [floorExtension.remove];
  try {
    const launched = {
      withExtension: await launchChromium({ extensionDir, port, hosts, headless: true }),
      floor: await launchChromium({ extensionDir: floorExtension.dir, port, hosts, headless: true }),
      without: await launchBareChromium(port, hosts),
    };
    closers.unshift(...SIDES.map((side) => () => launched[side].close()));
    const tabs = {
      withExtension: await openMeasuredTab(launched.withExtension.browser),
      floor: await openMeasuredTab(launched.floor.browser),
      without: await openMeasuredTab(launched.without.browser),
    };
    const load: Record<Side, number[]> = { withExtension: [], floor: [], without: [] };
    const domContentLoaded: Record<Side, number[]> = { withExtension: [], floor: [], without: [] };
    let buttonShown = 0;
    for (let run = 0; run < repeat.warmup + repeat.runs; run++) {
      const order = SIDES.map((_, i) => SIDES[(i + run) % SIDES.length] as Side);
      for (const side of order) {
        const timing = await tabs[side].load(page.url);
        if (run < repeat.warmup) continue;
        load[side].push(timing.load);
        domContentLoaded[side].push(timing.domContentLoaded);
        if (side === 'withExtension') {
          const shown = await tabs[side].evaluate<boolean>(
            `document.querySelector('${BUTTON_HOST}') !== null`,
          );
          if (shown) buttonShown += 1;
        }
      }
    }
    const floorRatio = paired(
      { id: 'floor', label: 'floor', unit: 'ms' },
      load.floor,
      {
        label: 'without',
        runs: load.without,
      },
      null,
    );
    const overFloor = paired(
      { id: 'over-floor', label: 'over floor', unit: 'ms' },
      load.withExtension,
      {
        label: 'floor',
        runs: load.floor,
      },
      null,
    );
    return paired(
      {
        id: `page-load.${page.id}`,
        label: `page load ${page.label}`,
        unit: 'ms',
        details: {
          url: page.url,
          settleMs: SETTLE_MS,
          // The product's button was on the page after the pause: its injection was counted.
          buttonShown: `${buttonShown}/${repeat.runs}`,
          // Any extension that runs anything in the page (an empty function) costs this much.
          floor: {
            label: 'browser with an extension that only runs an empty function in each portal page',
            ...series(load.floor),
            ratioToWithout: floorRatio.ratio,
            pairedRatioToWithout: floorRatio.pairedRatio,
          },
          // The product against that floor: what its own script adds.
          ratioToFloor: overFloor.ratio,
          pairedRatioToFloor: overFloor.pairedRatio,
          // When this differs less than `load`, the time goes between DOMContentLoaded and load.
          domContentLoaded: {
            withExtension: series(domContentLoaded.withExtension),
            floor: series(domContentLoaded.floor),
            without: series(domContentLoaded.without),
          },
        },
      },
      load.withExtension,
      { label: 'same page, browser without the extension', runs: load.without },
      LOAD_MAX_RATIO,
    );
  } finally {
    for (const close of closers) await close().catch(() => undefined);
  }
}
