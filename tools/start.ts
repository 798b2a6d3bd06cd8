/**
 * `npm start`: the demo server and Chromium with the freshly built extension, open on the demo
 * index. With a display the browser stays open until it is closed (or Ctrl-C). Without one,
 * Chromium runs headless and takes the tour itself: every demo page, the save button where the
 * extension supports the page (and « Tout enregistrer » on the live-like portals), what was
 * stored, and the dashboard's count. `npm run
 * start:firefox` does the same with the Firefox build in Firefox ESR (tools/firefox.ts).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { loadPortalIndex, startDemoServer } from '../demo/server';
import type { DemoServer } from '../demo/server';
import {
  dashboardUrl,
  launchChromium,
  readDashboard,
  saveAllAndWait,
  saveAndWait,
  waitForSaveButton,
} from './chromium';
import { launchFirefox, openDashboardFrom } from './firefox';
import { parseCommandLine, refuseArguments } from './io';

const DEFAULT_EXTENSION_DIR = { chromium: '.output/chrome-mv3', firefox: '.output/firefox-mv2' };
/** A supported page shows its button within this time, SPA pages included (300 ms render). */
const BUTTON_WAIT = 3_000;

const USAGE = `Usage : npm start [-- --extension-dir <dossier>]
        npm run start:firefox [-- --extension-dir <dossier>]

Construit l'extension, lance le serveur des portails simulés (données fictives) et ouvre Chromium
(ou Firefox ESR) avec l'extension sur la page d'index des portails. Sans écran, le navigateur
tourne sans fenêtre : il enregistre chaque page de démonstration, affiche ce qui a été
enregistré, puis s'arrête.

  --firefox                   Firefox ESR et la construction pour Firefox (npm run start:firefox)
  --extension-dir <dossier>   une autre construction de l'extension (wxt build -o …) ; par
                              défaut ${DEFAULT_EXTENSION_DIR.chromium} (${DEFAULT_EXTENSION_DIR.firefox} avec --firefox),
                              que npm start (npm run start:firefox) construit
  -h, --help                  cette aide`;

/** The browser the demo runs in, as `main` and `tour` need it. */
interface DemoBrowser {
  name: string;
  browser: Browser;
  /** Where a person finds the dashboard. */
  dashboardHint: string;
  /** The dashboard's tab; `saved` is a page showing a save result, for Firefox's way there. */
  openDashboard(saved: Page): Promise<Page>;
  close(): Promise<void>;
}

async function tour({ browser, openDashboard }: DemoBrowser): Promise<boolean> {
  let allSaved = true;
  let lastSaved: string | null = null;
  const page = await browser.newPage();
  for (const portal of loadPortalIndex().portals) {
    for (const portalPage of portal.pages) {
      const label = `${portal.id} ${portalPage.pageType}${portalPage.spa ? ' (SPA)' : ''} — ${portalPage.url}`;
      await page.goto(portalPage.url, { waitUntil: 'load' });
      const button = await waitForSaveButton(page, BUTTON_WAIT);
      if (!button) {
        console.log(`  · ${label}\n      not supported yet (no button)`);
        continue;
      }
      try {
        const result = await saveAndWait(button);
        const counts = `found ${result.found}, added ${result.added}, updated ${result.updated}, unchanged ${result.unchanged}, invalid ${result.invalid}`;
        console.log(
          `  ${result.status === 'ok' ? '✓' : '✗'} ${label}\n      [${result.status}] ${result.text} (${counts})`,
        );
        if (result.status !== 'ok') allSaved = false;
        else lastSaved = portalPage.url;
        if (portalPage.saveAll) {
          // A live-like portal: everything it offers from this page, through its requests.
          const all = await saveAllAndWait(page);
          console.log(
            `  ${all.status === 'ok' ? '✓' : '✗'} ${portal.id} « Tout enregistrer »\n      [${all.status}, ${all.channel}] found ${all.found}, added ${all.added}, unchanged ${all.unchanged}`,
          );
          if (all.status !== 'ok') allSaved = false;
        }
      } catch (error) {
        allSaved = false;
        console.log(`  ✗ ${label}\n      ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  if (lastSaved === null) return false;
  // Saved again (unchanged), so that its result shows the way to the dashboard.
  await page.goto(lastSaved, { waitUntil: 'load' });
  const button = await waitForSaveButton(page, BUTTON_WAIT);
  if (!button) return false;
  await saveAndWait(button);
  const dashboardPage = await openDashboard(page);
  const dashboard = await readDashboard(dashboardPage);
  console.log(`\nDashboard: ${dashboard.count} record(s) (${dashboard.rows.length} row(s) listed).`);
  await page.close();
  return allSaved;
}

async function main(): Promise<number> {
  let values: { 'extension-dir'?: string; firefox?: boolean; help?: boolean };
  try {
    ({ values } = parseCommandLine({
      args: process.argv.slice(2),
      options: {
        'extension-dir': { type: 'string' },
        firefox: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return refuseArguments(error, USAGE);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const firefox = values.firefox === true;
  const extensionDir = resolve(
    values['extension-dir'] ?? DEFAULT_EXTENSION_DIR[firefox ? 'firefox' : 'chromium'],
  );
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    const command = firefox ? 'npm run start:firefox' : 'npm start';
    throw new Error(`${extensionDir} has no built extension: run \`${command}\`, which builds it first.`);
  }
  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  let server: DemoServer | undefined;
  let demo: DemoBrowser | undefined;
  const shutdown = async (): Promise<void> => {
    await demo?.close();
    await server?.close();
  };

  try {
    server = await startDemoServer({ port: 0, otherSites: true });
    console.log(`Demo server (portails simulés — données fictives): ${server.url}`);
    if (!hasDisplay) {
      console.log(
        `No display (neither DISPLAY nor WAYLAND_DISPLAY is set): running ${firefox ? 'Firefox' : 'Chromium'} headless and touring the demo pages instead.\n`,
      );
    }
    const launch = { extensionDir, port: server.port, hosts: server.hosts, headless: !hasDisplay };
    demo = firefox ? await firefoxDemo(launch) : await chromiumDemo(launch);
    const { browser } = demo;
    const [first] = await browser.pages();
    const indexPage = first ?? (await browser.newPage());
    await indexPage.goto(server.url, { waitUntil: 'load' });

    if (!hasDisplay) {
      const ok = await tour(demo);
      await shutdown();
      return ok ? 0 : 1;
    }

    console.log(`Extension loaded in ${demo.name}; ${demo.dashboardHint}`);
    console.log('Close the browser window or press Ctrl-C to stop.');
    await new Promise<void>((resolveWait) => {
      browser.once('disconnected', () => resolveWait());
      process.once('SIGINT', () => resolveWait());
      process.once('SIGTERM', () => resolveWait());
    });
    await shutdown();
    return 0;
  } catch (error) {
    await shutdown().catch(() => undefined);
    throw error;
  }
}

interface Launch {
  extensionDir: string;
  port: number;
  hosts: readonly string[];
  headless: boolean;
}

async function chromiumDemo(launch: Launch): Promise<DemoBrowser> {
  const chromium = await launchChromium(launch);
  const url = dashboardUrl(chromium.extensionId);
  return {
    name: 'Chromium',
    browser: chromium.browser,
    dashboardHint: `dashboard: ${url}`,
    openDashboard: async () => {
      const page = await chromium.browser.newPage();
      await page.goto(url, { waitUntil: 'load' });
      return page;
    },
    close: () => chromium.close(),
  };
}

async function firefoxDemo(launch: Launch): Promise<DemoBrowser> {
  const firefox = await launchFirefox(launch);
  return {
    name: 'Firefox',
    browser: firefox.browser,
    dashboardHint: `dashboard: ${firefox.extensionOrigin}/dashboard.html (or « Voir mes données » after a save)`,
    openDashboard: (saved) => openDashboardFrom(firefox, saved),
    close: () => firefox.close(),
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
