/**
 * The one request runner: sends a portal's in-session requests (scrapers/channels.ts) from the
 * portal page, as the page's own scripts would, and runs its plan.
 *
 * - Same origin only: a request whose address is not on the page's origin is refused before it is
 *   sent, and an answer that was redirected elsewhere ends the run (the session is gone).
 * - The person's own cookies (`credentials: 'same-origin'`), the portal's token attached to every
 *   request, fetched once, and fetched again once when the portal refuses it (401/403).
 * - At most `channelConcurrency` requests in flight; after a 429 one at a time, after waiting
 *   what the portal asks (Retry-After, bounded). 5xx and a lost connection are tried again.
 * - Every body read capped as it arrives (storage/bounded-read.ts); its type checked first.
 * - Progress (n of N) and cancel; answers that never change are kept in the page, so a retry
 *   after a partial save asks only for what is still missing.
 */
import {
  ChannelError,
  type ChannelAnswer,
  type ChannelContext,
  type ChannelRequest,
  type ChannelScope,
  type ChannelStep,
  type PortalChannels,
  type SessionClient,
  type TokenDance,
} from '../scrapers/channels';
import { PageLayoutError } from '../scrapers/contract';
import { readTextCapped, TooLargeError } from '../storage/bounded-read';
import { LIMITS } from '../storage/limits';
import type { Problem, ScrapedRecord } from '../storage/schemas';

export interface ChannelProgress {
  step: ChannelStep;
  done: number;
  /** Known once a list has been read. */
  total: number | null;
}

export interface RunnerDeps {
  fetch: typeof fetch;
  parseHtml(html: string): Document;
  signal?: AbortSignal;
  onProgress?(progress: ChannelProgress): void;
  /** Waits between retries; tests pass a clock of their own. */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
}

export type RunStatus = 'complete' | 'partial' | 'failed' | 'cancelled';

export interface ChannelRun {
  status: RunStatus;
  records: ScrapedRecord[];
  /** Rows skipped, what is missing (warnings) and, when the run failed, why (an error). */
  problems: Problem[];
  /** What a partial save lacks, one line each. */
  missing: string[];
  /** What stopped the run, when it stopped. */
  error: ChannelError | null;
  /** Requests sent, retries included. */
  requests: number;
}

const CONCURRENCY = LIMITS.channelConcurrency.value;
const MAX_REQUESTS = LIMITS.channelRequests.value;
const MAX_WAIT_MS = LIMITS.channelWaitMs.value;
const CACHE_CHARS = LIMITS.channelCacheChars.value;
/** Waits before the retries of a 5xx or a lost connection, and of a 429 that says nothing. */
const SERVER_RETRIES_MS = [500, 1_500];
const NETWORK_RETRIES_MS = [500];
const BUSY_RETRIES_MS = [1_000, 2_000, 4_000];

const TYPES: Record<ChannelRequest['expect'], RegExp> = {
  json: /\bjson\b/i,
  html: /\bhtml\b/i,
  text: /^text\//i,
};

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function cancelled(): ChannelError {
  return new ChannelError('cancelled', 'enregistrement annulé : rien n’a été enregistré');
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** A counting semaphore: at most `limit` holders; the limit may drop (after a 429). */
class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private limit: number) {}

  lower(limit: number): void {
    this.limit = Math.min(this.limit, limit);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    while (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** Answers that never change, kept for a retry in the same page; bounded in characters. */
export class AnswerCache {
  private readonly answers = new Map<string, ChannelAnswer>();
  private chars = 0;

  get(key: string): ChannelAnswer | undefined {
    return this.answers.get(key);
  }

  set(key: string, answer: ChannelAnswer): void {
    if (this.chars + answer.text.length > CACHE_CHARS) return;
    this.answers.set(key, answer);
    this.chars += answer.text.length;
  }
}

/** The address of a request, or a refusal when it is not on the page's origin. */
export function requestUrl(request: ChannelRequest, origin: string): URL {
  let url: URL;
  try {
    url = new URL(request.path, origin);
  } catch {
    throw new ChannelError('other-origin', `${request.what} : adresse invalide (${request.path})`);
  }
  if (url.origin !== origin || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ChannelError(
      'other-origin',
      `${request.what} : adresse hors du portail (${url.origin}), requête refusée`,
    );
  }
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  return url;
}

function requestBody(request: ChannelRequest): { body?: string; type?: string } {
  if (request.form)
    return { body: new URLSearchParams(request.form).toString(), type: 'application/x-www-form-urlencoded' };
  if (request.json !== undefined) return { body: JSON.stringify(request.json), type: 'application/json' };
  return {};
}

interface Tries {
  token: number;
  busy: number;
  server: number;
  network: number;
}

/**
 * How long to wait before trying a refused request again, or null to give up: a 429 as long as
 * the portal asks (at most `channelWaitMs`), a 5xx and a lost connection after a short pause.
 */
function retryWait(error: ChannelError, tries: Tries): number | null {
  const next = (key: 'busy' | 'server' | 'network', waits: readonly number[]): number | null => {
    const wait = waits[tries[key]];
    if (wait === undefined) return null;
    tries[key]++;
    return wait;
  };
  switch (error.code) {
    case 'rate-limited': {
      const planned = next('busy', BUSY_RETRIES_MS);
      if (planned === null) return null;
      const asked = error.retryAfterMs ?? planned;
      return asked > MAX_WAIT_MS ? null : asked;
    }
    case 'server': {
      const planned = next('server', SERVER_RETRIES_MS);
      if (planned === null) return null;
      const asked = error.retryAfterMs ?? planned;
      return asked > MAX_WAIT_MS ? null : asked;
    }
    case 'network':
      return next('network', NETWORK_RETRIES_MS);
    default:
      return null;
  }
}

interface Session {
  client: SessionClient;
  /** Requests sent so far, retries included. */
  requests(): number;
}

/** The client a plan uses: every rule of the file header, for one run. */
function openSession(
  channels: PortalChannels,
  page: { doc: Document; url: URL },
  deps: RunnerDeps,
  cache: AnswerCache,
): Session {
  const origin = page.url.origin;
  const sleep = deps.sleep ?? defaultSleep;
  const gate = new Gate(CONCURRENCY);
  let sent = 0;

  const checkSignal = () => {
    if (deps.signal?.aborted) throw cancelled();
  };

  /** One exchange, no retry: the answer, or the ChannelError it amounts to. */
  const exchange = async (request: ChannelRequest, url: URL, headers: Headers): Promise<ChannelAnswer> => {
    checkSignal();
    if (++sent > MAX_REQUESTS) {
      throw new ChannelError(
        'too-many',
        `plus de ${MAX_REQUESTS} requêtes pour un seul enregistrement : arrêté`,
      );
    }
    const { body, type } = requestBody(request);
    if (type) headers.set('Content-Type', type);
    let response: Response;
    try {
      response = await deps.fetch(url.href, {
        method: request.method ?? 'GET',
        headers,
        body,
        credentials: 'same-origin',
        redirect: 'follow',
        signal: deps.signal,
      });
    } catch {
      checkSignal();
      throw new ChannelError(
        'network',
        `${request.what} : pas de réponse du portail (connexion interrompue ?)`,
      );
    }
    const at = response.url ? new URL(response.url) : url;
    if (at.origin !== origin) {
      void response.body?.cancel().catch(() => undefined);
      throw new ChannelError(
        'session-ended',
        'le portail a renvoyé vers un autre site : la session est terminée',
      );
    }
    let text: string;
    try {
      text = await readTextCapped(response, 'pageBytes', request.what);
    } catch (error) {
      checkSignal();
      if (error instanceof TooLargeError) throw new ChannelError('too-large', error.message);
      throw new ChannelError('network', `${request.what} : réponse interrompue (connexion ?)`);
    }
    if (channels.loggedOut({ url: at, text })) {
      throw new ChannelError(
        'session-ended',
        'le portail demande de se reconnecter : la session est terminée',
      );
    }
    const status = response.status;
    const answer = { status, retryAfterMs: retryAfterMs(response.headers.get('retry-after')) };
    if (status === 401 || status === 403) {
      throw new ChannelError(
        'token-refused',
        `${request.what} : le portail a refusé la demande (${status})`,
        answer,
      );
    }
    if (status === 429) {
      throw new ChannelError(
        'rate-limited',
        `${request.what} : le portail demande de ralentir (429)`,
        answer,
      );
    }
    if (status >= 500) {
      throw new ChannelError(
        'server',
        `${request.what} : le portail a répondu par une erreur ${status}`,
        answer,
      );
    }
    if (status < 200 || status >= 300) {
      throw new ChannelError('refused', `${request.what} : le portail a répondu ${status}`, answer);
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (!TYPES[request.expect].test(contentType)) {
      throw new ChannelError(
        'malformed',
        `${request.what} : réponse d’un type inattendu (${contentType || 'type inconnu'})`,
      );
    }
    let json: unknown = undefined;
    if (request.expect === 'json') {
      try {
        json = JSON.parse(text);
      } catch {
        throw new ChannelError('malformed', `${request.what} : réponse JSON illisible`);
      }
    }
    return { url: at, status, text, json };
  };

  /** The session's token: fetched once, shared by every request, fetched again when refused. */
  let token: Promise<string> | null = null;
  let generation = 0;
  const currentToken = (dance: TokenDance): { value: Promise<string>; generation: number } => {
    if (token === null) {
      generation++;
      const fresh = dance.get({
        client: { fetch: (request) => send({ ...request, token: false }) },
        doc: page.doc,
        url: page.url,
        parseHtml: deps.parseHtml,
      });
      token = fresh;
      // A token that could not be had is asked for again by the next request that needs one.
      fresh.catch(() => {
        if (token === fresh) token = null;
      });
    }
    return { value: token, generation };
  };
  /** Several requests refused with the same token ask for one new token, not one each. */
  const refuseToken = (refused: number) => {
    if (generation === refused) token = null;
  };

  /** One request with its token and its retries. */
  const send = async (request: ChannelRequest): Promise<ChannelAnswer> => {
    const url = requestUrl(request, origin);
    const key = `${request.method ?? 'GET'} ${url.href} ${requestBody(request).body ?? ''}`;
    const cached = request.cacheable ? cache.get(key) : undefined;
    if (cached) return cached;
    const dance = request.token === false ? undefined : channels.token;
    const tries: Tries = { token: 0, busy: 0, server: 0, network: 0 };
    for (;;) {
      const headers = new Headers(request.headers);
      let used = 0;
      if (dance) {
        const current = currentToken(dance);
        used = current.generation;
        headers.set(dance.header, await current.value);
      }
      try {
        const answer = await gate.run(() => exchange(request, url, headers));
        if (request.cacheable) cache.set(key, answer);
        return answer;
      } catch (error) {
        if (!(error instanceof ChannelError)) throw error;
        if (error.code === 'token-refused' && dance && tries.token === 0) {
          tries.token++;
          refuseToken(used);
          continue;
        }
        const wait = retryWait(error, tries);
        if (wait === null) throw error;
        if (error.code === 'rate-limited') gate.lower(1);
        await sleep(wait, deps.signal);
      }
    }
  };

  return { client: { fetch: send }, requests: () => sent };
}

/** Words for what stopped a run or lost an item, from whatever was thrown. */
function reason(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Items of a list, a bounded number at once; progress n of N; non-fatal failures go to `missing`. */
async function eachBounded<T, R>(
  items: readonly T[],
  what: (item: T) => string,
  task: (item: T) => Promise<R>,
  report: { missing(what: string, error: unknown): void; progress(done: number, total: number): void },
  signal: AbortSignal | undefined,
): Promise<(R | undefined)[]> {
  const results: (R | undefined)[] = new Array<R | undefined>(items.length).fill(undefined);
  let next = 0;
  let done = 0;
  let fatal: unknown = null;
  report.progress(0, items.length);
  const worker = async () => {
    while (fatal === null && next < items.length) {
      const index = next++;
      const item = items[index] as T;
      try {
        if (signal?.aborted) throw cancelled();
        results[index] = await task(item);
      } catch (error) {
        if (error instanceof ChannelError && error.fatal) {
          fatal ??= error;
          return;
        }
        report.missing(what(item), error);
      }
      report.progress(++done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  if (fatal !== null) throw fatal;
  return results;
}

/** A portal's requests in one page: runs of its plan, and the files its answers carry. */
export interface ChannelSession {
  /**
   * Runs the plan and never throws: the records it read, and what it could not read. A run that
   * lost items is `partial` (its problems say what is missing); one stopped by the session, a
   * refusal of the list itself or the person is `failed`/`cancelled` and keeps nothing.
   */
  run(scope: ChannelScope): Promise<ChannelRun>;
  /**
   * A document's file through the portal's own request (an attachment inside a JSON answer), or
   * null when the record's link is a plain download.
   */
  file(url: URL): Promise<Uint8Array<ArrayBuffer>> | null;
}

export function openChannels(
  channels: PortalChannels,
  page: { doc: Document; url: URL },
  deps: RunnerDeps,
  cache: AnswerCache = new AnswerCache(),
): ChannelSession {
  const session = openSession(channels, page, deps, cache);
  return {
    run: (scope) => runPlan(channels, page, scope, deps, session),
    file: (url) => channels.file?.({ client: session.client, doc: page.doc, url: page.url }, url) ?? null,
  };
}

/** One run in a fresh session (tests, the CLI): `openChannels(…).run(scope)`. */
export function runChannels(
  channels: PortalChannels,
  page: { doc: Document; url: URL },
  scope: ChannelScope,
  deps: RunnerDeps,
  cache?: AnswerCache,
): Promise<ChannelRun> {
  return openChannels(channels, page, deps, cache).run(scope);
}

async function runPlan(
  channels: PortalChannels,
  page: { doc: Document; url: URL },
  scope: ChannelScope,
  deps: RunnerDeps,
  session: Session,
): Promise<ChannelRun> {
  const before = session.requests();
  const problems: Problem[] = [];
  const missing: string[] = [];
  let step: ChannelStep = 'list';
  const progress = (done: number, total: number | null) => deps.onProgress?.({ step, done, total });
  const ctx: ChannelContext = {
    client: session.client,
    doc: page.doc,
    url: page.url,
    scope,
    parseHtml: deps.parseHtml,
    problem: (problem) => void problems.push(problem),
    missing(what, error) {
      // The runner's messages already name the request; a parser's may not.
      const why = reason(error);
      const line = why.startsWith(what) ? why : `${what} : ${why}`;
      missing.push(line);
      problems.push({ level: 'warning', message: `Partiel — non récupéré : ${line}` });
    },
    step(next) {
      step = next;
      progress(0, null);
    },
    each: (items, what, task) =>
      eachBounded(items, what, task, { missing: ctx.missing, progress }, deps.signal),
    async attempt(what, task) {
      try {
        return await task();
      } catch (error) {
        if (error instanceof ChannelError && error.fatal) throw error;
        ctx.missing(what, error);
        return undefined;
      }
    },
  };
  const ended = (
    status: RunStatus,
    error: ChannelError | null,
    records: ScrapedRecord[] = [],
  ): ChannelRun => ({
    status,
    records,
    problems,
    missing,
    error,
    requests: session.requests() - before,
  });
  try {
    const records = await channels.run(ctx);
    if (deps.signal?.aborted) return ended('cancelled', cancelled());
    return ended(missing.length > 0 ? 'partial' : 'complete', null, records);
  } catch (thrown) {
    const error =
      thrown instanceof ChannelError
        ? thrown
        : thrown instanceof PageLayoutError
          ? new ChannelError('malformed', `réponse du portail d’une forme inattendue : ${thrown.message}`)
          : new ChannelError('malformed', `erreur inattendue du module de lecture : ${reason(thrown)}`);
    if (error.code === 'cancelled') return ended('cancelled', error);
    problems.push({ level: 'error', message: `Rien n’a été enregistré : ${error.message}` });
    return ended('failed', error);
  }
}
