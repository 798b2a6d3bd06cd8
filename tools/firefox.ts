/**
 * Launches Debian's Firefox ESR with the extension's Firefox build (`.output/firefox-mv2`), for
 * the browser tests: the same demo portals at their real addresses, and nothing else reachable.
 *
 * Firefox has no host-resolver rules like Chromium's, so every request goes through a proxy of
 * our own on loopback (`startPortalProxy`) that tunnels the portal hosts to the demo server and
 * refuses everything else. The extension is installed as a temporary add-on (WebDriver BiDi);
 * its internal UUID is set by a preference, so its pages' origin is known in advance.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { waitForButtonUi } from './button-root';

const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox'];

/** Firefox's binary: `FIREFOX_PATH`, else Debian's usual places. */
export function findFirefox(): string {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`FIREFOX_PATH is set to ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  const found = FIREFOX_CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `Firefox not found (looked in ${FIREFOX_CANDIDATES.join(', ')}). ` +
        'Install it with `apt-get install -y firefox-esr firefox-esr-l10n-fr`, or set FIREFOX_PATH to its binary.',
    );
  }
  return found;
}

export interface PortalProxy {
  port: number;
  /** Every host asked for that is not a portal's: refused, and listed here. */
  refused: string[];
  close(): Promise<void>;
}

/**
 * An HTTP proxy on loopback that tunnels HTTPS to `hosts` (CONNECT host:443) into the demo
 * server on `demoPort`, and refuses any other host or any plain-HTTP request.
 */
export async function startPortalProxy(demoPort: number, hosts: readonly string[]): Promise<PortalProxy> {
  const allowed = new Set(hosts.map((host) => host.toLowerCase()));
  const refused: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    refused.push(request.headers.host ?? request.url ?? '?');
    response.writeHead(403).end();
  });
  server.on('connect', (request, client: Socket, head: Buffer) => {
    const target = request.url ?? '';
    const separator = target.lastIndexOf(':');
    const host = (separator > 0 ? target.slice(0, separator) : target).toLowerCase();
    if (!allowed.has(host) || target.slice(separator + 1) !== '443') {
      refused.push(target);
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(demoPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  return {
    port: (server.address() as AddressInfo).port,
    refused,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}

export interface LaunchFirefoxOptions {
  /** Unpacked Firefox build of the extension, e.g. `.output/firefox-mv2`. */
  extensionDir: string;
  /** Port of the demo server the portal hosts go to. */
  port: number;
  /** Hosts the proxy lets through, to the demo server. */
  hosts: readonly string[];
  headless: boolean;
  /** Where downloads go, without asking; by default Firefox's own Downloads folder. */
  downloadDir?: string;
}

export interface LaunchedFirefox {
  browser: Browser;
  /** `moz-extension://<uuid>`: the origin of the extension's pages. */
  extensionOrigin: string;
  proxy: PortalProxy;
  close(): Promise<void>;
}

export async function launchFirefox(options: LaunchFirefoxOptions): Promise<LaunchedFirefox> {
  const extensionDir = resolve(options.extensionDir);
  const manifestPath = join(extensionDir, 'manifest.json');
  if (!existsSync(manifestPath)) {
    throw new Error(
      `No extension in ${extensionDir} (manifest.json missing): run \`npx wxt build -b firefox\` first.`,
    );
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const geckoId = manifest.browser_specific_settings?.gecko?.id;
  if (!geckoId) throw new Error(`${manifestPath} has no browser_specific_settings.gecko.id`);
  const uuid = randomUUID();
  const proxy = await startPortalProxy(options.port, options.hosts);
  const userDataDir = await mkdtemp(join(tmpdir(), 'mdms-firefox-'));
  const cleanUp = async () => {
    await proxy.close();
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
  };
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: findFirefox(),
      headless: options.headless,
      userDataDir,
      // The demo server's certificate is its own.
      acceptInsecureCerts: true,
      defaultViewport: { width: 1280, height: 900 },
      handleSIGINT: false,
      // Lets the preference below point remote settings elsewhere (a release build ignores it).
      env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
      extraPrefsFirefox: {
        'network.proxy.type': 1,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxy.port,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': proxy.port,
        'network.proxy.share_proxy_settings': false,
        // The demo index on 127.0.0.1 is reached directly; every other host through the proxy.
        'network.proxy.no_proxies_on': '127.0.0.1, localhost',
        'network.proxy.allow_hijacking_localhost': false,
        // French first, as the testers' Firefox (Debian's firefox-esr-l10n-fr).
        'intl.locale.requested': 'fr',
        'intl.accept_languages': 'fr-FR, fr',
        // The language pack is a system add-on: keep it enabled in a fresh profile.
        'extensions.autoDisableScopes': 0,
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
        // Firefox's own remote settings service, which would ask Mozilla's servers: the proxy
        // then sees nothing but what pages and the extension ask for.
        'services.settings.server': 'data:,',
        ...(options.downloadDir !== undefined && {
          'browser.download.dir': options.downloadDir,
          'browser.download.folderList': 2,
          'browser.download.useDownloadDir': true,
          'browser.download.always_ask_before_handling_new_types': false,
        }),
      },
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const close = async () => {
    await browser.close().catch(() => undefined);
    await cleanUp();
  };
  try {
    await browser.installExtension(extensionDir);
  } catch (error) {
    await close();
    throw error;
  }
  return { browser, extensionOrigin: `moz-extension://${uuid}`, proxy, close };
}

/** The save result's link to the dashboard (components/CaptureResult.tsx). */
const RESULT_DASHBOARD_LINK = '[data-testid="result-open-dashboard"]';

/**
 * Opens the dashboard as a person does, with the « Voir mes données » link of the save result
 * shown on `page`, and returns its tab. WebDriver BiDi may not navigate a tab to a moz-extension:
 * address, and shows an extension page's address as about:blank: each new tab is asked for its
 * origin instead.
 */
export async function openDashboardFrom(
  firefox: LaunchedFirefox,
  page: Page,
  timeoutMs = 10_000,
): Promise<Page> {
  const before = new Set(await firefox.browser.pages());
  const link = await waitForButtonUi(page, RESULT_DASHBOARD_LINK, timeoutMs);
  if (!link) throw new Error(`No link to the dashboard on ${page.url()}`);
  await link.click();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const opened of await firefox.browser.pages()) {
      if (before.has(opened)) continue;
      const origin = await opened.evaluate(() => location.origin).catch(() => null);
      if (origin === firefox.extensionOrigin) return opened;
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  throw new Error(`No page of ${firefox.extensionOrigin} opened within ${timeoutMs} ms`);
}
