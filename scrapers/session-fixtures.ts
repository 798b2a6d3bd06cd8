/**
 * Saved sessions: a portal's in-session requests replayed from saved answers, as pages are read
 * from saved pages. Each case is a folder `scrapers/<portal>/sessions/<case>/`:
 *
 * - `page.html`: the portal page the run starts on (its first line `<!-- url: … -->`);
 * - `answers.json`: `{ "scope": "page" | "all", "answers": [ { "method", "path", "query", "body",
 *   "status", "location", "file" } ] }`: the answer to each request, matched by method, path,
 *   the query parameters and the JSON body fields it lists (any order, others ignored);
 * - the answer files it names (`liste.json`, `detail-1.fragment.html`, `jeton.txt`), typed by
 *   their extension (`.json`, `.html`, `.txt`);
 * - `expected.json`: `{ "status", "records", "missing" }`: what the run gives.
 *
 * A request no answer matches gets a 404 (so a plan that asks for something new shows up as
 * missing). Adding a case needs no code; `npm run fixtures:update -- <portal>` rewrites its
 * expected file from the plan's current output.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runChannels, type ChannelRun } from '../content/channel-runner';
import { parseHtml, urlComment } from '../tools/parse-html';
import type { ChannelScope } from './channels';
import { channelsById } from './channel-registry';
import type { Scraper } from './contract';
import { validateRecords } from '../storage/validate';

export const SESSIONS = 'sessions';

export interface SavedAnswer {
  method?: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  /** Fields the request's body must have, JSON or form (a POST that names what it asks for). */
  body?: Record<string, unknown>;
  status?: number;
  /** For a redirect (status 3xx): where to. */
  location?: string;
  /** The answer's body, in the case's folder; none for an empty body. */
  file?: string;
}

export interface SessionCase {
  name: string;
  folder: string;
}

export interface SessionExpected {
  status: ChannelRun['status'];
  /** What stopped a failed run (its ChannelError code). */
  error: string | null;
  records: unknown[];
  missing: string[];
}

const TYPES: [RegExp, string][] = [
  [/\.json$/, 'application/json; charset=utf-8'],
  [/\.html$/, 'text/html; charset=utf-8'],
  [/\.txt$/, 'text/plain; charset=utf-8'],
];

/** The cases of a portal folder, and the files of each that nothing names (orphans). */
export function listSessions(portalFolder: string): { cases: SessionCase[]; orphans: string[] } {
  const root = join(portalFolder, SESSIONS);
  if (!existsSync(root)) return { cases: [], orphans: [] };
  const cases: SessionCase[] = [];
  const orphans: string[] = [];
  for (const name of readdirSync(root).sort()) {
    const folder = join(root, name);
    const files = new Set(readdirSync(folder));
    for (const required of ['page.html', 'answers.json', 'expected.json']) {
      if (!files.has(required)) orphans.push(`${SESSIONS}/${name}/ (no ${required})`);
    }
    if (!files.has('answers.json')) continue;
    const named = new Set(
      readAnswers(folder).answers.flatMap((answer) => (answer.file ? [answer.file] : [])),
    );
    for (const file of files) {
      if (!['page.html', 'answers.json', 'expected.json'].includes(file) && !named.has(file)) {
        orphans.push(`${SESSIONS}/${name}/${file}`);
      }
    }
    for (const file of named)
      if (!files.has(file)) orphans.push(`${SESSIONS}/${name}/${file} (named, missing)`);
    cases.push({ name, folder });
  }
  return { cases, orphans };
}

function readAnswers(folder: string): { scope: ChannelScope; answers: SavedAnswer[] } {
  return JSON.parse(readFileSync(join(folder, 'answers.json'), 'utf8')) as {
    scope: ChannelScope;
    answers: SavedAnswer[];
  };
}

function matches(answer: SavedAnswer, method: string, url: URL, body: unknown): boolean {
  if ((answer.method ?? 'GET') !== method || answer.path !== url.pathname) return false;
  const fields = (body ?? {}) as Record<string, unknown>;
  return (
    Object.entries(answer.query ?? {}).every(([name, value]) => url.searchParams.get(name) === value) &&
    Object.entries(answer.body ?? {}).every(([name, value]) => isDeepStrictEqual(fields[name], value))
  );
}

/** The request's body as fields: its JSON, or its form (`application/x-www-form-urlencoded`). */
function jsonBody(init: RequestInit): unknown {
  if (typeof init.body !== 'string') return undefined;
  try {
    return JSON.parse(init.body) as unknown;
  } catch {
    return Object.fromEntries(new URLSearchParams(init.body));
  }
}

/** `fetch` that answers from a case's saved answers (redirects followed, as a browser does). */
export function replayFetch(folder: string, answers: readonly SavedAnswer[]): typeof fetch {
  return (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    let method = init.method ?? 'GET';
    let body = jsonBody(init);
    for (let hop = 0; hop < 5; hop++) {
      const answer = answers.find((candidate) => matches(candidate, method, url, body));
      if (!answer)
        return answered(new Response('', { status: 404, headers: { 'Content-Type': 'text/html' } }), url);
      if (answer.location) {
        url = new URL(answer.location, url);
        method = 'GET';
        body = undefined;
        continue;
      }
      const content = answer.file ? readFileSync(join(folder, answer.file)) : '';
      const type = TYPES.find(([pattern]) => pattern.test(answer.file ?? ''))?.[1] ?? 'text/plain';
      return answered(
        new Response(content, { status: answer.status ?? 200, headers: { 'Content-Type': type } }),
        url,
      );
    }
    throw new TypeError('too many redirects');
  }) as typeof fetch;
}

function answered(response: Response, url: URL): Response {
  Object.defineProperty(response, 'url', { value: url.href });
  return response;
}

/** Runs a case's plan on its saved answers: what the extension would store, and what it lacks. */
export async function runSession(
  scraper: Scraper,
  folder: string,
): Promise<SessionExpected & { problems: string[] }> {
  const channels = channelsById(scraper.id);
  if (!channels)
    throw new Error(`${scraper.id} declares no in-session requests (scrapers/channel-registry.ts)`);
  const html = readFileSync(join(folder, 'page.html'), 'utf8');
  const url = urlComment(html);
  if (url === null) throw new Error(`${folder}/page.html: no first line <!-- url: … -->`);
  const { scope, answers } = readAnswers(folder);
  const page = parseHtml(html, url);
  try {
    const run = await runChannels(channels, { doc: page.document, url: new URL(url) }, scope, {
      fetch: replayFetch(folder, answers),
      parseHtml: (text) => parseHtml(text, url).document,
      sleep: () => Promise.resolve(),
    });
    const { valid, problems } = validateRecords(run.records, { source: scraper.id });
    return {
      status: run.status,
      error: run.error?.code ?? null,
      records: valid,
      missing: run.missing,
      problems: [...run.problems, ...problems].map((p) => `${p.level} : ${p.message}`),
    };
  } finally {
    void page.close();
  }
}

export function readSessionExpected(folder: string): SessionExpected {
  return JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8')) as SessionExpected;
}

/** The vitest cases of a portal's saved sessions (called by `runFixtures`). */
export function describeSessions(scraper: () => Scraper | null, folder: string, id: string): void {
  const { cases, orphans } = listSessions(folder);
  if (cases.length === 0 && orphans.length === 0) return;
  describe(`${id}: saved sessions`, () => {
    it('every session folder has its page, answers and expected file, and no file it does not name', () => {
      expect(orphans).toEqual([]);
    });
    for (const session of cases) {
      it(session.name, async () => {
        const portal = scraper();
        expect(channelsById(id), `${id} declares its in-session requests`).not.toBeNull();
        if (!portal) return;
        const expected = readSessionExpected(session.folder);
        const got = await runSession(portal, session.folder);
        const result = { status: got.status, error: got.error, records: got.records, missing: got.missing };
        const same = isDeepStrictEqual(result, expected);
        expect(
          result,
          same
            ? ''
            : `problems:\n${got.problems.join('\n')}\nIf the new output is right: npm run fixtures:update -- ${id}`,
        ).toEqual(expected);
      });
    }
  });
}
