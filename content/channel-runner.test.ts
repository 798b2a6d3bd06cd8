/**
 * The one request runner, on a made-up portal: same origin only, the token dance, retries,
 * bounded concurrency, partial and failed runs, cancel and resume.
 */
import { describe, expect, it, vi } from 'vitest';
import { ChannelError, defineChannels, type ChannelContext, type PortalChannels } from '../scrapers/channels';
import type { ScrapedRecord } from '../storage/schemas';
import { parseHtml } from '../tools/parse-html';
import { AnswerCache, openChannels, requestUrl, retryAfterMs, runChannels } from './channel-runner';

const PAGE = new URL('https://portail.example/compte/paiements');
const doc = parseHtml('<html><body><h1>Paiements</h1></body></html>', PAGE.href).document;
const parse = (html: string) => parseHtml(html, PAGE.href).document;

type Handler = (url: URL, init: RequestInit) => Response | Promise<Response>;

/** A fetch that answers with `handler` and records what it was asked. */
function portal(handler: Handler) {
  const calls: { url: URL; init: RequestInit }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    calls.push({ url, init });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
      const response = await handler(url, init);
      if (!response.url) Object.defineProperty(response, 'url', { value: url.href });
      return response;
    } finally {
      inFlight--;
    }
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls, maxInFlight: () => maxInFlight };
}

const jsonAnswer = (value: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(value), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
const htmlAnswer = (body: string, status = 200, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', ...headers } });

const record = (n: number): ScrapedRecord => ({
  kind: 'measurement',
  source: 'essai',
  patient: null,
  date: '2024-01-01',
  sourceUrl: PAGE.href,
  name: `mesure ${n}`,
  code: null,
  value: n,
  unit: null,
});

/** A portal with a token, a list of `n` items and one detail per item. */
function listPortal(overrides: Partial<PortalChannels> = {}): PortalChannels {
  return defineChannels({
    id: 'essai',
    token: {
      header: 'X-Jeton',
      async get({ client }) {
        const answer = await client.fetch({
          method: 'POST',
          path: '/jeton',
          expect: 'json',
          what: 'le jeton',
        });
        return (answer.json as { jeton: string }).jeton;
      },
    },
    loggedOut: ({ url, text }) => url.pathname === '/connexion' || text.includes('id="connexion"'),
    async run(ctx: ChannelContext) {
      ctx.step('list');
      const list = await ctx.client.fetch({ path: '/liste', expect: 'json', what: 'la liste' });
      const items = list.json as number[];
      ctx.step('details');
      const details = await ctx.each(
        items,
        (n) => `le détail n°${n}`,
        async (n) => {
          await ctx.client.fetch({
            path: `/detail/${n}`,
            expect: 'html',
            cacheable: true,
            what: `le détail n°${n}`,
          });
          return record(n);
        },
      );
      return details.flatMap((r) => (r ? [r] : []));
    },
    ...overrides,
  });
}

/** Answers the token, a list of `items`, and each detail through `detail`. */
function standard(
  items: number[],
  detail: (n: number, init: RequestInit) => Response = () => htmlAnswer('<p>ok</p>'),
) {
  let tokens = 0;
  const handler: Handler = (url, init) => {
    if (url.pathname === '/jeton') return jsonAnswer({ jeton: `T${++tokens}` });
    if (url.pathname === '/liste') return jsonAnswer(items);
    const n = Number(/\/detail\/(\d+)/.exec(url.pathname)?.[1]);
    return detail(n, init);
  };
  return { handler, tokens: () => tokens };
}

const deps = (fetch: typeof globalThis.fetch, extra: Partial<Parameters<typeof runChannels>[3]> = {}) => ({
  fetch,
  parseHtml: parse,
  sleep: vi.fn(() => Promise.resolve()),
  ...extra,
});

describe('requestUrl: the page’s own origin only', () => {
  it.each([
    'https://ailleurs.example/liste',
    '//ailleurs.example/liste',
    'http://portail.example/liste',
    'javascript:alert(1)',
    'data:text/html,<p>x</p>',
  ])('refuses %s before anything is sent', (path) => {
    expect(() => requestUrl({ path, expect: 'json', what: 'la liste' }, PAGE.origin)).toThrow(
      expect.objectContaining({ code: 'other-origin' }),
    );
  });

  it('resolves a path on the page’s origin and sets its query', () => {
    const url = requestUrl(
      {
        path: '/PortailAS/paiements.do',
        query: { DateDebut: '01/03/2024', a: 'b&c' },
        expect: 'json',
        what: 'x',
      },
      PAGE.origin,
    );
    expect(url.href).toBe('https://portail.example/PortailAS/paiements.do?DateDebut=01%2F03%2F2024&a=b%26c');
  });

  it('refuses a plan that asks for another origin, and sends nothing', async () => {
    const { fetch, calls } = portal(() => jsonAnswer([]));
    const channels = listPortal({
      async run(ctx) {
        await ctx.client.fetch({
          path: 'https://ailleurs.example/vol',
          expect: 'json',
          what: 'une autre adresse',
        });
        return [];
      },
    });
    const run = await runChannels(channels, { doc, url: PAGE }, 'page', deps(fetch));
    expect(run).toMatchObject({ status: 'failed', records: [], error: { code: 'other-origin' } });
    expect(calls).toEqual([]);
  });
});

describe('the token dance', () => {
  it('asks for the token once, sends it on every request, never on its own request', async () => {
    const { handler, tokens } = standard([1, 2, 3, 4, 5, 6]);
    const { fetch, calls } = portal(handler);
    const run = await runChannels(listPortal(), { doc, url: PAGE }, 'page', deps(fetch));
    expect(run.status).toBe('complete');
    expect(run.records).toHaveLength(6);
    expect(tokens()).toBe(1);
    const headers = calls.map((call) => new Headers(call.init.headers).get('X-Jeton'));
    expect(headers[0]).toBeNull();
    expect(headers.slice(1)).toEqual(Array(7).fill('T1'));
    for (const call of calls) expect(call.init.credentials).toBe('same-origin');
  });

  it('asks for a new token once when the portal refuses one (403), and goes on with it', async () => {
    const { handler, tokens } = standard([1, 2, 3], (n, init) =>
      new Headers(init.headers).get('X-Jeton') === 'T1'
        ? htmlAnswer('refusé', 403)
        : htmlAnswer(`<p>${n}</p>`),
    );
    const { fetch } = portal(handler);
    const run = await runChannels(listPortal(), { doc, url: PAGE }, 'page', deps(fetch));
    expect(run.status).toBe('complete');
    // Three refusals with the same token ask for one new token, not three.
    expect(tokens()).toBe(2);
  });

  it('stops the whole run, keeping nothing, when a fresh token is refused too', async () => {
    const { handler } = standard([1, 2, 3], () => htmlAnswer('refusé', 401));
    const { fetch } = portal(handler);
    const run = await runChannels(listPortal(), { doc, url: PAGE }, 'page', deps(fetch));
    expect(run).toMatchObject({
      status: 'failed',
      records: [],
      error: { code: 'token-refused', status: 401 },
    });
    expect(run.problems.at(-1)).toMatchObject({ level: 'error' });
  });
});

describe('a session that ended', () => {
  it('is seen from the login page the portal answers', async () => {
    const { fetch } = portal((url) =>
      url.pathname === '/jeton' ? jsonAnswer({ jeton: 'T' }) : htmlAnswer('<form id="connexion"></form>'),
    );
    const run = await runChannels(listPortal(), { doc, url: PAGE }, 'page', deps(fetch));
    expect(run).toMatchObject({ status: 'failed', records: [], error: { code: 'session-ended' } });
  });

  it('is seen from a redirect to another site', async () => {
    const { fetch } = portal((url) => {
      const response = jsonAnswer(url.pathname === '/jeton' ? { jeton: 'T' } : []);
      if (url.pathname === '/liste')
        Object.defineProperty(response, 'url', { value: 'https://sso.example/login' });
      return response;
    });
    const run = await runChannels(listPortal(), { doc, url: PAGE }, 'page', deps(fetch));
    expect(run.error?.code).toBe('session-ended');
  });

  it('stops the details at once: the items not yet asked for are not asked', async () => {
    const { handler } = standard(
      Array.from({ length: 40 }, (_, i) => i),
      (n) => (n >= 2 ? htmlAnswer('<form id="connexion"></form>') : htmlAnswer('<p>ok</p>')),
    );
    const { fetch, calls } = portal(handler);
    const run = await runChannels(listPortal(), { doc, url: PAGE }, 'page', deps(fetch));
    expect(run).toMatchObject({ status: 'failed', records: [], error: { code: 'session-ended' } });
    expect(calls.length).toBeLessThan(12);
  });
});

describe('retries and a polite pace', () => {
  it('waits what a 429 asks, then goes on one request at a time', async () => {
    let refused = 0;
    const { handler } = standard([1, 2, 3, 4, 5, 6, 7, 8], () =>
      refused++ < 2 ? htmlAnswer('trop', 429, { 'Retry-After': '7' }) : htmlAnswer('<p>ok</p>'),
    );
    const { fetch } = portal(handler);
    const sleep = vi.fn((_ms: number) => Promise.resolve());
    const run = await runChannels(listPortal(), { doc, url: PAGE }, 'page', { ...deps(fetch), sleep });
    expect(run.status).toBe('complete');
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([7_000, 7_000]);
  });

  it('gives up on an item after the 429s it allows, and says it is missing', async () => {
    const { handler } = standard([1, 2], (n) =>
      n === 2 ? htmlAnswer('trop', 429) : htmlAnswer('<p>ok</p>'),
    );
    const { fetch } = portal(handler);
    const run = await runChannels(listPortal(), { doc, url: PAGE }, 'page', deps(fetch));
    expect(run.status).toBe('partial');
    expect(run.records).toHaveLength(1);
    expect(run.missing).toEqual(['le détail n°2 : le portail demande de ralentir (429)']);
  });

  it('does not wait longer than the limit a portal’s Retry-After asks', async () => {
    const { handler } = standard([1], () => htmlAnswer('trop', 429, { 'Retry-After': '3600' }));
    const sleep = vi.fn(() => Promise.resolve());
    const { fetch } = portal(handler);
    const run = await runChannels(listPortal(), { doc, url: PAGE }, 'page', { ...deps(fetch), sleep });
    expect(run.missing).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('tries a 5xx twice more, then keeps the others and names what is missing', async () => {
    const asked = new Map<number, number>();
    const { handler } = standard([1, 2, 3], (n) => {
      asked.set(n, (asked.get(n) ?? 0) + 1);
      return n === 2 ? htmlAnswer('panne', 503) : htmlAnswer('<p>ok</p>');
    });
    const { fetch } = portal(handler);
    const run = await runChannels(listPortal(), { doc, url: PAGE }, 'page', deps(fetch));
    expect(run.status).toBe('partial');
    expect(run.records.map((r) => (r.kind === 'measurement' ? r.value : null))).toEqual([1, 3]);
    expect(asked.get(2)).toBe(3);
    expect(run.missing).toEqual(['le détail n°2 : le portail a répondu par une erreur 503']);
    expect(run.problems).toContainEqual({
      level: 'warning',
      message: 'Partiel — non récupéré : le détail n°2 : le portail a répondu par une erreur 503',
    });
  });

  it('tries a lost connection once more', async () => {
    let lost = 0;
    const { handler } = standard([1], () => {
      if (lost++ === 0) throw new TypeError('Failed to fetch');
      return htmlAnswer('<p>ok</p>');
    });
    const { fetch } = portal(handler);
    const run = await runChannels(listPortal(), { doc, url: PAGE }, 'page', deps(fetch));
    expect(run.status).toBe('complete');
  });

  it('never has more than four requests in flight', async () => {
    const { handler } = standard(Array.from({ length: 30 }, (_, i) => i));
    const { fetch, maxInFlight } = portal(handler);
    const run = await runChannels(listPortal(), { doc, url: PAGE }, 'page', deps(fetch));
    expect(run.records).toHaveLength(30);
    expect(maxInFlight()).toBeLessThanOrEqual(4);
    expect(maxInFlight()).toBeGreaterThan(1);
  });
});

describe('answers that are not what they should be', () => {
  it('refuses an answer of the wrong type before reading it', async () => {
    const { fetch } = portal((url) =>
      url.pathname === '/jeton' ? jsonAnswer({ jeton: 'T' }) : htmlAnswer('<p>une page</p>'),
    );
    const run = await runChannels(listPortal(), { doc, url: PAGE }, 'page', deps(fetch));
    expect(run.error).toMatchObject({ code: 'malformed' });
    expect(run.error?.message).toContain('la liste');
  });

  it('refuses JSON that does not parse', async () => {
    const { fetch } = portal((url) =>
      url.pathname === '/jeton'
        ? jsonAnswer({ jeton: 'T' })
        : new Response('{"liste": [1, 2', { headers: { 'Content-Type': 'application/json' } }),
    );
    const run = await runChannels(listPortal(), { doc, url: PAGE }, 'page', deps(fetch));
    expect(run.error).toMatchObject({ code: 'malformed', message: 'la liste : réponse JSON illisible' });
  });

  it('stops reading an answer past its limit, whether or not it announced its length', async () => {
    const chunk = new Uint8Array(1 << 20).fill(0x20);
    const endless = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          controller.enqueue(chunk);
        },
      });
    const { fetch } = portal((url) =>
      url.pathname === '/jeton'
        ? jsonAnswer({ jeton: 'T' })
        : new Response(endless(), { headers: { 'Content-Type': 'application/json' } }),
    );
    const run = await runChannels(listPortal(), { doc, url: PAGE }, 'page', deps(fetch));
    expect(run.error).toMatchObject({ code: 'too-large' });
    expect(run.error?.message).toContain('20 Mo');
  });

  it('turns a plan that meets an unexpected shape into a clear failure, not a crash', async () => {
    const { handler } = standard([1]);
    const { fetch } = portal(handler);
    const channels = listPortal({
      async run() {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
    });
    const run = await runChannels(channels, { doc, url: PAGE }, 'page', deps(fetch));
    expect(run).toMatchObject({ status: 'failed', error: { code: 'malformed' } });
  });
});

describe('cancel, resume, limits', () => {
  it('stops when the person cancels, and keeps nothing', async () => {
    const abort = new AbortController();
    let answered = 0;
    const { handler } = standard(
      Array.from({ length: 20 }, (_, i) => i),
      () => {
        if (++answered === 3) abort.abort();
        return htmlAnswer('<p>ok</p>');
      },
    );
    const { fetch, calls } = portal(handler);
    const run = await runChannels(
      listPortal(),
      { doc, url: PAGE },
      'all',
      deps(fetch, { signal: abort.signal }),
    );
    expect(run).toMatchObject({ status: 'cancelled', records: [], error: { code: 'cancelled' } });
    expect(calls.length).toBeLessThan(12);
  });

  it('asks again only for what a partial run missed, in the same page', async () => {
    let failing = true;
    const { handler } = standard([1, 2, 3, 4], (n) =>
      failing && n === 3 ? htmlAnswer('panne', 500) : htmlAnswer(`<p>${n}</p>`),
    );
    const { fetch, calls } = portal(handler);
    const session = openChannels(listPortal(), { doc, url: PAGE }, deps(fetch), new AnswerCache());
    const first = await session.run('page');
    expect(first.status).toBe('partial');
    failing = false;
    const before = calls.length;
    const second = await session.run('page');
    expect(second.status).toBe('complete');
    expect(second.records).toHaveLength(4);
    const asked = calls.slice(before).map((call) => call.url.pathname);
    expect(asked).toEqual(['/liste', '/detail/3']);
  });

  it('stops a plan that asks for more requests than a save may make', async () => {
    const { handler } = standard(Array.from({ length: 6_000 }, (_, i) => i));
    const { fetch } = portal(handler);
    const run = await runChannels(listPortal(), { doc, url: PAGE }, 'page', deps(fetch));
    expect(run).toMatchObject({ status: 'failed', records: [], error: { code: 'too-many' } });
  }, 30_000);

  it('reports progress as n of N for the items of a list', async () => {
    const { handler } = standard([1, 2, 3]);
    const { fetch } = portal(handler);
    const seen: string[] = [];
    await runChannels(listPortal(), { doc, url: PAGE }, 'page', {
      ...deps(fetch),
      onProgress: (p) => seen.push(`${p.step} ${p.done}/${p.total}`),
    });
    expect(seen).toEqual([
      'list 0/null',
      'details 0/null',
      'details 0/3',
      'details 1/3',
      'details 2/3',
      'details 3/3',
    ]);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('12')).toBe(12_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(
      10_000,
    );
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('bientôt')).toBeNull();
  });
});

describe('ChannelError', () => {
  it('says which failures stop a run', () => {
    expect(new ChannelError('session-ended', 'x').fatal).toBe(true);
    expect(new ChannelError('cancelled', 'x').fatal).toBe(true);
    expect(new ChannelError('server', 'x').fatal).toBe(false);
    expect(new ChannelError('malformed', 'x').fatal).toBe(false);
  });
});
