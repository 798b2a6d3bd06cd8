/**
 * Serves the simulated portals (demo/portals/index.json) over HTTPS on 127.0.0.1, each page at
 * its real-looking URL: a browser started with `--host-resolver-rules` mapping the portal hosts
 * here (tools/chromium.ts) sees https://assure.ameli.fr/… and runs the extension on it, with no
 * request leaving the machine.
 *
 * Routing is by Host header + path + query, the query compared as a set of parameters: the
 * pages are told apart only by their query (`_pageLabel`, `numPage`, `v`), in any order.
 * Any other host (127.0.0.1, localhost) gets the demo's index page.
 *
 * With `bench: true` the two ~2 000-row pages of `bench[]` are served at their `url` instead of
 * the page of the set that has that URL (the ameli bench is scraped as page 1's URL), with their
 * files; `extraPages` adds pages made in memory (tools/bench's larger and smaller variants).
 */
import { readFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from 'selfsigned';
import { z } from 'zod';
import { ameliPortal, type AmeliAccount } from './live/ameli';
import { mgenPortal } from './live/mgen';
import { monEspaceSantePortal } from './live/mon-espace-sante';
import { mychartPortal } from './live/mychart';
import { LiveState, type Faults, type LivePortal, type LiveRequest } from './live/live';

export const DEFAULT_PORTALS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'portals');
/**
 * Pages of sites no scraper knows (fictional data, a `<!-- url: … -->` first line), for the
 * generic capture of tables from the toolbar popup.
 */
export const OTHER_SITES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'other-sites');

/** The pages of OTHER_SITES_DIR, by the URL their first line names. */
export function otherSitePages(dir = OTHER_SITES_DIR): Map<string, string> {
  const pages = new Map<string, string>();
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.html'))
    .sort()) {
    const html = readFileSync(join(dir, file), 'utf8');
    const url = /^<!--\s*url:\s*(\S+)\s*-->/.exec(html)?.[1];
    if (!url || !URL.canParse(url)) throw new Error(`${file}: no first line <!-- url: … -->`);
    pages.set(url, html);
  }
  return pages;
}

const portalFileSchema = z.object({
  url: z.url(),
  file: z.string().min(1),
  mimeType: z.string().min(1),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const portalPageSchema = z.object({
  file: z.string().min(1),
  url: z.url(),
  pageType: z.string(),
  expected: z.string().min(1),
  spa: z.boolean(),
  recordCount: z.number().int().nonnegative().nullable(),
  expectError: z.boolean().optional(),
  /**
   * A page of a live-like portal (demo/live/): what « Tout enregistrer » saves there, through
   * the portal's in-session requests.
   */
  saveAll: z.object({ expected: z.string().min(1), recordCount: z.number().int().nonnegative() }).optional(),
});

const benchPageSchema = z.object({
  portal: z.string().min(1),
  file: z.string().min(1),
  url: z.url(),
  pageType: z.string(),
  rows: z.number().int().positive(),
  expectedRecords: z.number().int().nonnegative(),
  files: z.array(portalFileSchema),
});

const portalIndexSchema = z.object({
  format: z.literal('simulated-portals/manifest'),
  version: z.literal(2),
  hosts: z.array(z.string().min(1)).min(1),
  bench: z.array(benchPageSchema).optional(),
  portals: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      kind: z.string(),
      origin: z.url(),
      pages: z.array(portalPageSchema),
      files: z.array(portalFileSchema),
    }),
  ),
});

export type PortalIndex = z.infer<typeof portalIndexSchema>;
export type PortalEntry = PortalIndex['portals'][number];
export type PortalPage = z.infer<typeof portalPageSchema>;
export type PortalFile = z.infer<typeof portalFileSchema>;
export type BenchPage = z.infer<typeof benchPageSchema>;

export function loadPortalIndex(portalsDir: string = DEFAULT_PORTALS_DIR): PortalIndex {
  const raw: unknown = JSON.parse(readFileSync(join(portalsDir, 'index.json'), 'utf8'));
  return portalIndexSchema.parse(raw);
}

/** The `--host-resolver-rules` value that sends every portal host to this server. */
export function portalHostsRule(hosts: readonly string[], port: number): string {
  return hosts.map((host) => `MAP ${host} 127.0.0.1:${port}`).join(', ');
}

export interface DemoServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  portalsDir?: string;
  /** Serve index.json's `bench[]` pages at their URL, in place of the set's page there. */
  bench?: boolean;
  /**
   * HTML made in memory, by absolute URL (the bench's resized pages, the generic capture's page
   * on a host no portal uses); wins over the files. Their hosts are served and mapped too.
   */
  extraPages?: ReadonlyMap<string, string>;
  /** Also serve the pages of sites no scraper knows (OTHER_SITES_DIR), listed on the index page. */
  otherSites?: boolean;
  /** Accounts the live portals serve instead of the demo's (the bench's larger history). */
  accounts?: { ameli?: AmeliAccount };
}

export interface DemoServer {
  port: number;
  /** The demo index page. */
  url: string;
  /** Every portal host (and host of `extraPages`), to map to 127.0.0.1:port. */
  hosts: string[];
  /** The live-like portals' sessions, faults and counts of what they answered. */
  live: LiveState;
  close(): Promise<void>;
}

/** The portals that answer in-session requests as their live sites do (demo/live/). */
export function livePortals(portalsDir: string, accounts: DemoServerOptions['accounts'] = {}): LivePortal[] {
  return [
    ameliPortal(portalsDir, accounts.ameli),
    mgenPortal(portalsDir),
    mychartPortal(portalsDir),
    monEspaceSantePortal(portalsDir),
  ];
}

/** The faults the demo's index page can switch on, by their name in its links. */
export const FAULTS: Record<string, { label: string; faults: Faults }> = {
  aucune: { label: 'aucune panne', faults: {} },
  'session-expiree': { label: 'session expirée', faults: { expired: true } },
  'jeton-refuse': { label: 'jeton refusé (403)', faults: { refuseToken: true } },
  'details-en-panne': { label: '3 détails en panne (503)', faults: { failDetails: 3 } },
  'trop-de-requetes': {
    label: 'trop de requêtes (429, attendre 1 s, 2 fois)',
    faults: { rateLimit: { count: 2, retryAfter: 1 } },
  },
  lent: { label: 'réponses lentes (400 ms)', faults: { slowMs: 400 } },
};

/** A POST body, read up to 1 MiB (the portals' forms and GraphQL queries are a few kilobytes). */
async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 1 << 20) throw new Error('request body over 1 MiB');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

interface Route {
  path: string;
  mimeType: string;
  /** In-memory content, served instead of reading `path` (which then only names it). */
  body?: Buffer;
}

/** Query parameters sorted, so that `?b=2&a=1` and `?a=1&b=2` name the same page. */
function canonicalQuery(search: string): string {
  const pairs = [...new URLSearchParams(search)];
  pairs.sort(([ak, av], [bk, bv]) => (ak === bk ? compare(av, bv) : compare(ak, bk)));
  return new URLSearchParams(pairs).toString();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function routeKey(url: URL): string {
  return `${url.hostname}\n${url.pathname}\n${canonicalQuery(url.search)}`;
}

function buildRoutes(
  index: PortalIndex,
  portalsDir: string,
  options: Pick<DemoServerOptions, 'bench' | 'extraPages'> = {},
): Map<string, Route> {
  const root = resolve(portalsDir);
  const routes = new Map<string, Route>();
  const add = (url: string, file: string, mimeType: string, replace = false): void => {
    const path = resolve(root, file);
    // index.json names the files; still, nothing outside the portals folder is ever served.
    if (!path.startsWith(root + sep)) throw new Error(`index.json: ${file} is outside ${root}`);
    const key = routeKey(new URL(url));
    const existing = routes.get(key);
    if (!replace && existing && existing.path !== path) throw new Error(`index.json: two files for ${url}`);
    routes.set(key, { path, mimeType });
  };
  for (const portal of index.portals) {
    for (const page of portal.pages) add(page.url, page.file, 'text/html; charset=utf-8');
    for (const file of portal.files) add(file.url, file.file, file.mimeType);
  }
  if (options.bench) {
    for (const page of index.bench ?? []) {
      add(page.url, page.file, 'text/html; charset=utf-8', true);
      for (const file of page.files) add(file.url, file.file, file.mimeType, true);
    }
  }
  for (const [url, html] of options.extraPages ?? []) {
    routes.set(routeKey(new URL(url)), {
      path: url,
      mimeType: 'text/html; charset=utf-8',
      body: Buffer.from(html, 'utf8'),
    });
  }
  return routes;
}

function hostOf(request: IncomingMessage): string | null {
  const header = request.headers.host;
  if (!header) return null;
  try {
    return new URL(`https://${header}`).hostname.toLowerCase();
  } catch {
    return null;
  }
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const INDEX_STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem; color: #1b1b1b; }
.banner { background: #fff4d6; border: 2px solid #c98a00; border-radius: .5rem; padding: .75rem 1rem; }
.banner strong { font-size: 1.25rem; }
h2 { margin-top: 2rem; border-bottom: 1px solid #ccc; }
li { margin: .4rem 0; }
.url { font-family: ui-monospace, monospace; font-size: .85rem; word-break: break-all; }
.tag { display: inline-block; border-radius: .25rem; padding: 0 .4rem; margin-left: .3rem; font-size: .8rem; background: #e8eefc; }
.tag.spa { background: #e6f4ea; } .tag.error { background: #fde7e9; }
code { background: #f2f2f2; padding: .1rem .3rem; word-break: break-all; }
`;

function pageItem(page: PortalPage): string {
  const facts: string[] = [escapeHtml(page.pageType)];
  if (page.recordCount !== null) facts.push(`${page.recordCount} enregistrement(s) attendu(s)`);
  const tags: string[] = [];
  if (page.spa) tags.push('<span class="tag spa">SPA : contenu affiché 300 ms après le chargement</span>');
  if (page.saveAll) {
    tags.push(
      `<span class="tag">portail « réel » : données chargées dans la session, « Tout enregistrer » : ${page.saveAll.recordCount} enregistrement(s)</span>`,
    );
  }
  if (page.expectError) tags.push('<span class="tag error">mise en page cassée : erreur attendue</span>');
  return (
    `<li><a href="${escapeHtml(page.url)}"><span class="url">${escapeHtml(page.url)}</span></a><br>` +
    `${facts.join(' · ')}${tags.join('')}</li>`
  );
}

function otherSitesSection(urls: readonly string[]): string {
  if (urls.length === 0) return '';
  const items = urls
    .map((url) => `<li><a href="${escapeHtml(url)}"><span class="url">${escapeHtml(url)}</span></a></li>`)
    .join('');
  return (
    '<section id="autres-sites"><h2>Un autre site (aucun lecteur) · Another site (no reader)</h2>' +
    '<p>Aucun bouton sur ces pages : cliquez sur l’icône de l’extension, puis « Enregistrer les ' +
    'tableaux de cette page », choisissez les tableaux et enregistrez.</p>' +
    '<p lang="en">No button on these pages: click the extension’s icon, then “Save this page’s ' +
    'tables”, pick the tables and save.</p>' +
    `<ul>${items}</ul></section>`
  );
}

function faultsSection(live: readonly string[], state: LiveState | null): string {
  if (live.length === 0) return '';
  const rows = live
    .map((portal) => {
      const current = JSON.stringify(state?.faults.get(portal) ?? {});
      const links = Object.entries(FAULTS)
        .map(
          ([name, { label, faults }]) =>
            `<a href="/__demo/pannes?portail=${escapeHtml(portal)}&amp;panne=${escapeHtml(name)}"${
              JSON.stringify(faults) === current ? ' aria-current="true"' : ''
            }>${escapeHtml(label)}</a>`,
        )
        .join(' · ');
      return `<li><code>${escapeHtml(portal)}</code> : ${links}</li>`;
    })
    .join('');
  return (
    '<section id="pannes"><h2>Pannes simulées · Simulated faults</h2>' +
    '<p>Pour voir comment l’extension réagit quand un portail répond mal : choisissez une panne, ' +
    'puis relancez l’enregistrement sur le portail.</p>' +
    `<ul>${rows}</ul></section>`
  );
}

export function renderIndexPage(
  index: PortalIndex,
  port: number,
  otherSites: readonly string[] = [],
  live: readonly string[] = [],
  state: LiveState | null = null,
): string {
  const portals = index.portals
    .map(
      (portal) =>
        `<section id="portal-${escapeHtml(portal.id)}" data-portal="${escapeHtml(portal.id)}">` +
        `<h2>${escapeHtml(portal.name)}</h2>` +
        `<p>Identifiant <code>${escapeHtml(portal.id)}</code> · ${escapeHtml(portal.kind)} · ` +
        `${escapeHtml(portal.origin)} · ${portal.files.length} fichier(s) téléchargeable(s)</p>` +
        `<ul>${portal.pages.map(pageItem).join('')}</ul></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Portails simulés — données fictives / Simulated portals — fictional data</title>
<style>${INDEX_STYLE}</style>
</head>
<body>
<div class="banner" role="note">
<strong>Portails simulés — données fictives</strong><br>
<span lang="en">Simulated portals — fictional data</span>
</div>
<h1>Mes données, ma santé — démonstration</h1>
<p>Ces pages imitent des portails de santé. Elles sont générées, toutes les personnes et
tous les montants sont inventés. Les liens portent les vraies adresses des portails : ce
navigateur les envoie à ce serveur local, et aucune requête ne quitte la machine.</p>
<p lang="en">These pages imitate patient portals; they are generated and every person and amount
is invented. The links carry the portals' real addresses: this browser sends them to this local
server, and no request leaves the machine.</p>
<p>Règle du navigateur / browser rule : <code>--host-resolver-rules="${escapeHtml(portalHostsRule(index.hosts, port))}"</code></p>
${portals}
${faultsSection(live, state)}
${otherSitesSection(otherSites)}
</body>
</html>
`;
}

function notFoundPage(url: string, port: number): string {
  return `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Page introuvable (404)</title></head>
<body>
<h1>Page introuvable (404)</h1>
<p>Cette page ne fait pas partie des portails simulés : <code>${escapeHtml(url)}</code></p>
<p lang="en">This page is not part of the simulated portals.</p>
<p><a href="https://127.0.0.1:${port}/">Portails simulés — données fictives</a></p>
</body>
</html>
`;
}

async function makeCertificate(hosts: readonly string[]): Promise<{ key: string; cert: string }> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 30 * 24 * 3600_000);
  const pems = await generate([{ name: 'commonName', value: 'Portails simulés (démo locale)' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...[...hosts, 'localhost'].map((value) => ({ type: 2 as const, value })),
          { type: 7 as const, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

function send(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  contentType: string,
  body: Buffer | string,
  extraHeaders: Record<string, string> = {},
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  response.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': String(bytes.length),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...extraHeaders,
  });
  response.end(request.method === 'HEAD' ? undefined : bytes);
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const portalsDir = options.portalsDir ?? DEFAULT_PORTALS_DIR;
  const index = loadPortalIndex(portalsDir);
  const others = options.otherSites ? otherSitePages() : new Map<string, string>();
  const extraPages = new Map([...others, ...(options.extraPages ?? [])]);
  const routes = buildRoutes(index, portalsDir, { ...options, extraPages });
  const extraHosts = [...extraPages.keys()].map((url) => new URL(url).hostname);
  const hosts = [...new Set([...index.hosts, ...extraHosts])];
  const portalHosts = new Set(hosts.map((host) => host.toLowerCase()));
  const { key, cert } = await makeCertificate(hosts);
  let port = 0;

  const overridden = new Set([
    ...(options.bench ? (index.bench ?? []).map((page) => routeKey(new URL(page.url))) : []),
    ...[...extraPages.keys()].map((url) => routeKey(new URL(url))),
  ]);
  const live = new LiveState();
  const portalsLive = livePortals(portalsDir, options.accounts);
  const liveIds = portalsLive.map((portal) => portal.id);

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const host = hostOf(request);
    // Origin-form only ("/path?query"): anything else cannot name a page of the set.
    const target = request.url?.startsWith('/') ? request.url : '/';
    if (host === null || !portalHosts.has(host)) {
      const control = new URL(`https://demo.invalid${target}`);
      if (control.pathname === '/__demo/pannes') {
        const portal = control.searchParams.get('portail') ?? '';
        const fault = FAULTS[control.searchParams.get('panne') ?? ''];
        if (fault && liveIds.includes(portal)) live.setFaults(portal, fault.faults);
        send(request, response, 303, 'text/plain; charset=utf-8', 'Voir la page d’accueil', {
          Location: '/#pannes',
        });
        return;
      }
      send(
        request,
        response,
        200,
        'text/html; charset=utf-8',
        renderIndexPage(index, port, [...others.keys()], liveIds, live),
        {
          'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
        },
      );
      return;
    }
    const url = new URL(`https://${host}${target}`);
    const portal = portalsLive.find((candidate) => candidate.host === host);
    // A bench page or a page made in memory wins over the live portal at its address.
    if (portal && !overridden.has(routeKey(url))) {
      const body = request.method === 'POST' ? await readBody(request) : '';
      const liveRequest: LiveRequest = {
        method: request.method ?? 'GET',
        url,
        headers: request.headers,
        body,
      };
      const answer = await portal.handle(liveRequest, live);
      if (answer) {
        send(request, response, answer.status, answer.contentType, answer.body, answer.headers);
        return;
      }
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(request, response, 405, 'text/plain; charset=utf-8', 'Method Not Allowed', { Allow: 'GET, HEAD' });
      return;
    }
    const route = routes.get(routeKey(url));
    if (!route) {
      send(request, response, 404, 'text/html; charset=utf-8', notFoundPage(url.href, port));
      return;
    }
    send(request, response, 200, route.mimeType, route.body ?? (await readFile(route.path)));
  };

  const server = createServer({ key, cert }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('demo server:', error);
      if (!response.headersSent)
        send(request, response, 500, 'text/plain; charset=utf-8', 'Internal Server Error');
      else response.destroy();
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `https://127.0.0.1:${port}/`,
    hosts,
    live,
    close: () =>
      new Promise<void>((resolveClose, rejectClose) => {
        server.close((error) => (error ? rejectClose(error) : resolveClose()));
        // Browsers keep idle keep-alive connections open; without this close() waits for them.
        server.closeAllConnections();
      }),
  };
}
