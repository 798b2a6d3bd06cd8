// @vitest-environment node
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PORTALS_DIR, loadPortalIndex, otherSitePages, startDemoServer } from './server';
import type { DemoServer } from './server';

interface Reply {
  status: number;
  contentType: string | undefined;
  cookie: string | undefined;
  body: Buffer;
}

/** GETs `url` from the demo server as a browser mapped to it would: same Host and SNI. */
function get(
  server: DemoServer,
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Reply> {
  const { hostname, pathname, search } = new URL(url);
  const isIp = /^[\d.]+$/.test(hostname);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: pathname + search,
        method,
        headers: { Host: hostname, ...headers },
        ...(isIp ? {} : { servername: hostname }),
        rejectUnauthorized: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'],
            cookie: res.headers['set-cookie']?.[0],
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const index = loadPortalIndex();
const ameli = index.portals.find((portal) => portal.id === 'ameli');
if (!ameli) throw new Error('index.json has no ameli portal');
const labo = index.portals.find((portal) => portal.id === 'labo');
/** A static page of the set whose address has a query (the lab's search). */
const paymentsPage = labo?.pages.find((page) => new URL(page.url).search !== '');
if (!paymentsPage) throw new Error('index.json has no labo page with a query');
const TWO_PARAMS = 'https://resultats.laboratoire-bioclair.fr/mes-resultats?q=glycemie&tri=date';
const livePage = ameli.pages[0];
if (!livePage?.saveAll) throw new Error('index.json: the ameli page is not a live page');

describe('demo server', () => {
  let server: DemoServer;

  beforeAll(async () => {
    server = await startDemoServer({ port: 0 });
  });

  afterAll(async () => {
    await server.close();
  });

  it('serves a page URL with its HTML file', async () => {
    const reply = await get(server, paymentsPage.url);
    expect(reply.status).toBe(200);
    expect(reply.contentType).toBe('text/html; charset=utf-8');
    expect(reply.body.equals(readFileSync(join(DEFAULT_PORTALS_DIR, paymentsPage.file)))).toBe(true);
  });

  it('matches the query as a set of parameters, in any order', async () => {
    const sorted = await startDemoServer({ extraPages: new Map([[TWO_PARAMS, '<p>deux paramètres</p>']]) });
    try {
      const url = new URL(TWO_PARAMS);
      url.search = new URLSearchParams([...url.searchParams].reverse()).toString();
      expect(url.href).not.toBe(TWO_PARAMS);
      const reply = await get(sorted, url.href);
      expect(reply.status).toBe(200);
      expect(reply.body.toString('utf8')).toBe('<p>deux paramètres</p>');
    } finally {
      await sorted.close();
    }
  });

  it('does not confuse pages that differ only by a query parameter', async () => {
    const list = labo?.pages.find((page) => page.url === paymentsPage.url.split('?')[0]);
    if (!list) throw new Error('index.json has no labo list page');
    const reply = await get(server, list.url);
    expect(reply.body.equals(readFileSync(join(DEFAULT_PORTALS_DIR, list.file)))).toBe(true);
  });

  it('serves a live portal’s page drawn from its data, with a session cookie', async () => {
    const reply = await get(server, livePage.url);
    expect(reply.status).toBe(200);
    const html = reply.body.toString('utf8');
    expect(html).not.toContain('{{');
    expect(html).toContain('data-mindate="01/10/2023"');
    expect(reply.cookie).toMatch(/^JSESSIONID=[0-9a-f]{32}; Path=\/; Secure; HttpOnly/);
  });

  it('answers a live portal’s in-session requests only with its session and its token', async () => {
    const page = await get(server, livePage.url);
    const cookie = page.cookie?.split(';')[0] ?? '';
    const list =
      'https://assure.ameli.fr/PortailAS/paiements.do?actionEvt=afficherPaiementsComplementaires&DateDebut=01/03/2024&DateFin=31/03/2024';
    expect((await get(server, list)).status).toBe(302);
    expect((await get(server, list, { cookie })).status).toBe(403);
    const token = await get(
      server,
      'https://assure.ameli.fr/PortailAS/JavaScriptServlet',
      {
        cookie,
        'fetch-csrf-token': '1',
      },
      'POST',
    );
    expect(token.contentType).toBe('text/plain; charset=utf-8');
    const value = /^_ct:(\S+)$/.exec(token.body.toString('utf8'))?.[1] ?? '';
    const answer = await get(server, list, { cookie, _ct: value });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body.toString('utf8'))).toHaveProperty('tableauPaiement');
  });

  it('switches a live portal’s faults from the index page', async () => {
    const reply = await get(server, `${server.url}__demo/pannes?portail=ameli&panne=session-expiree`);
    expect(reply.status).toBe(303);
    expect(server.live.faults.get('ameli')).toEqual({ expired: true });
    expect((await get(server, livePage.url)).status).toBe(302);
    await get(server, `${server.url}__demo/pannes?portail=ameli&panne=aucune`);
    expect((await get(server, livePage.url)).status).toBe(200);
  });

  it('serves every file URL with its MIME type and the bytes index.json describes', async () => {
    for (const portal of index.portals) {
      const file = portal.files[0];
      if (!file) continue;
      // A live portal serves its files in the person's session: its first page opens one.
      const first =
        portal.pages[0]?.saveAll !== undefined || portal.pages[0]?.spa
          ? await get(server, portal.pages[0]!.url)
          : null;
      const cookie = first?.cookie?.split(';')[0];
      const reply = await get(server, file.url, cookie ? { cookie } : {});
      expect(reply.status, file.url).toBe(200);
      expect(reply.contentType, file.url).toBe(file.mimeType);
      expect(reply.body.length, file.url).toBe(file.bytes);
      expect(createHash('sha256').update(reply.body).digest('hex'), file.url).toBe(file.sha256);
    }
  });

  it('answers 404 for an unknown path on a portal host', async () => {
    const reply = await get(server, 'https://assure.ameli.fr/PortailAS/nope');
    expect(reply.status).toBe(404);
    expect(reply.contentType).toBe('text/html; charset=utf-8');
    const known = await get(server, `${new URL(paymentsPage.url).origin}/mes-resultats/dossier`);
    expect(known.status).toBe(404);
  });

  it('shows the index, listing every portal and page, on any other host', async () => {
    for (const url of [server.url, `https://localhost:${server.port}/anything`]) {
      const reply = await get(server, url);
      expect(reply.status).toBe(200);
      const html = reply.body.toString('utf8');
      expect(html).toContain('Portails simulés — données fictives');
      expect(html).toContain('Simulated portals — fictional data');
      for (const portal of index.portals) {
        expect(html).toContain(`data-portal="${portal.id}"`);
        for (const page of portal.pages)
          expect(html).toContain(`href="${page.url.replaceAll('&', '&amp;')}"`);
      }
    }
  });
});

describe('demo server with the bench pages', () => {
  const bench = index.bench ?? [];
  const ameliBench = bench.find((page) => page.portal === 'ameli');
  if (!ameliBench) throw new Error('index.json has no ameli bench page');
  const page1 = livePage;
  if (page1.url !== ameliBench.url) throw new Error('the ameli bench page is not at the ameli page URL');
  const extraUrl = `${ameliBench.url}&bench=rows-10`;
  let server: DemoServer;
  let plain: DemoServer;

  beforeAll(async () => {
    server = await startDemoServer({
      bench: true,
      extraPages: new Map([[extraUrl, '<p>made in memory</p>']]),
    });
    plain = await startDemoServer();
  });

  afterAll(async () => {
    await server.close();
    await plain.close();
  });

  it('serves each bench page at its URL instead of the page of the set there', async () => {
    for (const page of bench) {
      const reply = await get(server, page.url);
      expect(reply.status, page.url).toBe(200);
      expect(reply.body.equals(readFileSync(join(DEFAULT_PORTALS_DIR, page.file))), page.url).toBe(true);
    }
    const normal = await get(plain, ameliBench.url);
    expect(normal.body.toString('utf8')).toContain('id="paiements_1dateDebut"');
  });

  it('serves the bench files and keeps the rest of the set', async () => {
    const file = ameliBench.files[0];
    if (!file) throw new Error('the ameli bench page has no file');
    const reply = await get(server, file.url);
    expect(reply.status).toBe(200);
    expect(reply.contentType).toBe(file.mimeType);
    expect(createHash('sha256').update(reply.body).digest('hex')).toBe(file.sha256);
    const other = await get(server, paymentsPage.url);
    expect(other.body.equals(readFileSync(join(DEFAULT_PORTALS_DIR, paymentsPage.file)))).toBe(true);
  });

  it('serves the pages made in memory at their URL, and only with the option', async () => {
    const reply = await get(server, extraUrl);
    expect(reply.status).toBe(200);
    expect(reply.contentType).toBe('text/html; charset=utf-8');
    expect(reply.body.toString('utf8')).toBe('<p>made in memory</p>');
    // Without it, that address is the live portal's payments page (it ignores the extra parameter).
    expect((await get(plain, extraUrl)).body.toString('utf8')).not.toContain('made in memory');
  });
});

describe('demo server with the other sites', () => {
  let server: DemoServer;
  let plain: DemoServer;
  const [clinic] = [...otherSitePages().keys()];

  beforeAll(async () => {
    server = await startDemoServer({ port: 0, otherSites: true });
    plain = await startDemoServer({ port: 0 });
  });
  afterAll(async () => {
    await Promise.all([server.close(), plain.close()]);
  });

  it('serves the page of a site no scraper knows at its own address, and lists it', async () => {
    expect(clinic).toMatch(/^https:\/\/www\.exemple-clinique\.fr\//);
    expect(server.hosts).toContain('www.exemple-clinique.fr');
    const page = await get(server, clinic!);
    expect(page.status).toBe(200);
    expect(page.body.toString('utf8')).toContain('<table');
    const home = (await get(server, server.url)).body.toString('utf8');
    expect(home).toContain('Enregistrer les tableaux de cette page');
    expect(home).toContain(`href="${clinic}"`);
  });

  it('leaves them out unless asked', async () => {
    expect(plain.hosts).not.toContain('www.exemple-clinique.fr');
    expect((await get(plain, plain.url)).body.toString('utf8')).not.toContain('autres-sites');
  });
});
