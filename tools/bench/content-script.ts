/**
 * What the content script costs every portal page, visited or saved: its size as built, and the
 * page's `load` time with the extension against the same page in a browser without it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'puppeteer-core';
import type { Figure } from './figure';
import { paired, series } from './figure';
import { navigationTiming } from './in-page';
import { launchChromium } from '../chromium';
import { launchBareChromium, type Session } from './session';
import { sleep } from './stats';

/** 30 KB, in bytes (kilo = 1 000). */
const MAX_GZIP_BYTES = 30_000;
const LOAD_MAX_RATIO = 1.05;

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

async function loadTime(tab: Page, url: string): Promise<{ load: number; domContentLoaded: number }> {
  await tab.goto(url, { waitUntil: 'load', timeout: 60_000 });
  for (let attempt = 0; attempt < 20; attempt++) {
    const timing = await tab.evaluate(navigationTiming);
    if (timing) return timing;
    await sleep(25);
  }
  throw new Error(`no navigation timing for ${url}`);
}

/**
 * `runs` loads of `url` in each of two fresh browsers, one with the extension and one without,
 * alternating, after `warmup` loads each. Fresh, so that neither carries the other figures' work.
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
  const extension = await launchChromium({ extensionDir, port, hosts, headless: true });
  const bare = await launchBareChromium(port, hosts).catch(async (error: unknown) => {
    await extension.close();
    throw error;
  });
  try {
    const extensionTab = await extension.browser.newPage();
    const bareTab = await bare.browser.newPage();
    const withExtension: number[] = [];
    const without: number[] = [];
    const domContentLoaded: Record<'withExtension' | 'without', number[]> = {
      withExtension: [],
      without: [],
    };
    for (let run = 0; run < repeat.warmup + repeat.runs; run++) {
      const first = run % 2 === 0;
      const a = await loadTime(first ? extensionTab : bareTab, page.url);
      const b = await loadTime(first ? bareTab : extensionTab, page.url);
      if (run < repeat.warmup) continue;
      const [ours, theirs] = first ? [a, b] : [b, a];
      withExtension.push(ours.load);
      without.push(theirs.load);
      domContentLoaded.withExtension.push(ours.domContentLoaded);
      domContentLoaded.without.push(theirs.domContentLoaded);
    }
    return paired(
      {
        id: `page-load.${page.id}`,
        label: `page load ${page.label}`,
        unit: 'ms',
        details: {
          url: page.url,
          // When this differs less than `load`, the time goes between DOMContentLoaded and load.
          domContentLoaded: {
            withExtension: series(domContentLoaded.withExtension),
            without: series(domContentLoaded.without),
          },
        },
      },
      withExtension,
      { label: 'same page, browser without the extension', runs: without },
      LOAD_MAX_RATIO,
    );
  } finally {
    await bare.close();
    await extension.close();
  }
}
