/**
 * `npm start`: the demo server and Chromium with the freshly built extension, open on the demo
 * index. With a display the browser stays open until it is closed (or Ctrl-C). Without one,
 * Chromium runs headless and takes the tour itself: every demo page, the save button where the
 * extension supports the page, what was stored, and the dashboard's count.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { loadPortalIndex, startDemoServer } from '../demo/server';
import type { DemoServer } from '../demo/server';
import { dashboardUrl, launchChromium, readDashboard, saveAndWait, waitForSaveButton } from './chromium';
import { parseCommandLine, refuseArguments } from './io';

const DEFAULT_EXTENSION_DIR = '.output/chrome-mv3';
/** A supported page shows its button within this time, SPA pages included (300 ms render). */
const BUTTON_WAIT = 3_000;

const USAGE = `Usage : npm start [-- --extension-dir <dossier>]

Construit l'extension, lance le serveur des portails simulés (données fictives) et ouvre Chromium
avec l'extension sur la page d'index des portails. Sans écran, Chromium tourne sans fenêtre :
il enregistre chaque page de démonstration, affiche ce qui a été enregistré, puis s'arrête.

  --extension-dir <dossier>   une autre construction de l'extension (wxt build -o …) ; par
                              défaut ${DEFAULT_EXTENSION_DIR}, que npm start construit
  -h, --help                  cette aide`;

async function tour(browser: Browser, extensionId: string): Promise<boolean> {
  let allSaved = true;
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
      } catch (error) {
        allSaved = false;
        console.log(`  ✗ ${label}\n      ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  await page.goto(dashboardUrl(extensionId), { waitUntil: 'load' });
  const dashboard = await readDashboard(page);
  console.log(`\nDashboard: ${dashboard.count} record(s) (${dashboard.rows.length} row(s) listed).`);
  await page.close();
  return allSaved;
}

async function main(): Promise<number> {
  let values: { 'extension-dir'?: string; help?: boolean };
  try {
    ({ values } = parseCommandLine({
      args: process.argv.slice(2),
      options: { 'extension-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    return refuseArguments(error, USAGE);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const extensionDir = resolve(values['extension-dir'] ?? DEFAULT_EXTENSION_DIR);
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(
      `${extensionDir} has no built extension: run \`npm start\`, which runs \`wxt build\` first.`,
    );
  }
  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  let server: DemoServer | undefined;
  let chromium: Awaited<ReturnType<typeof launchChromium>> | undefined;
  const shutdown = async (): Promise<void> => {
    await chromium?.close();
    await server?.close();
  };

  try {
    server = await startDemoServer({ port: 0, otherSites: true });
    console.log(`Demo server (portails simulés — données fictives): ${server.url}`);
    if (!hasDisplay) {
      console.log(
        'No display (neither DISPLAY nor WAYLAND_DISPLAY is set): running Chromium headless and touring the demo pages instead.\n',
      );
    }
    chromium = await launchChromium({
      extensionDir,
      port: server.port,
      headless: !hasDisplay,
      hosts: server.hosts,
    });
    const { browser, extensionId } = chromium;
    const [first] = await browser.pages();
    const indexPage = first ?? (await browser.newPage());
    await indexPage.goto(server.url, { waitUntil: 'load' });

    if (!hasDisplay) {
      const ok = await tour(browser, extensionId);
      await shutdown();
      return ok ? 0 : 1;
    }

    console.log(`Extension ${extensionId} loaded; dashboard: ${dashboardUrl(extensionId)}`);
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

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
