/**
 * The contract of a portal's in-session requests ("channels"): beside `detect`/`scrape` of the
 * page, a portal may say which requests its site makes in the logged-in session, in which order,
 * with which anti-forgery token, and how to read each answer.
 *
 * Split as woob splits a site (browser.py: where to go; pages.py: how to read it):
 * - the portal folder holds the plan (`channels.ts`: endpoints, order, token) and the answer
 *   parsers (`answers.ts`: pure functions of one answer, tested on saved answers in
 *   `sessions/`), and its scraper says what they can do from a page (`scopes`);
 * - the one request runner (content/channel-runner.ts) sends the requests: the page's own origin
 *   only, the person's own cookies, the token attached and refreshed once when refused, a bounded
 *   number at once, retries after 429 and 5xx, progress and cancel. Plans never call `fetch`.
 *
 * The extension loads a portal's requests only when the person asks for a save
 * (entrypoints/<id>-channels.content.ts): every portal page carries the small page reader only.
 * docs/channels.md describes, per portal, each request, its token, its answer and its errors,
 * with the public source of each point and what is assumed.
 */
import type { ZodMiniType } from 'zod/mini';
import type { Problem, ScrapedRecord } from '../storage/schemas';

/** What "Enregistrer mes données" asks for (`page`) and what "Tout enregistrer" asks for (`all`). */
export type ChannelScope = 'page' | 'all';

/** A stage of a run, for its progress line (worded by the page button, in the person's language). */
export type ChannelStep = 'token' | 'list' | 'details' | 'documents' | 'files';

export interface ChannelRequest {
  method?: 'GET' | 'POST';
  /** A path on the page's own origin (`/PortailAS/paiements.do`); another origin is refused. */
  path: string;
  query?: Readonly<Record<string, string>>;
  headers?: Readonly<Record<string, string>>;
  /** A form body (`application/x-www-form-urlencoded`). */
  form?: Readonly<Record<string, string>>;
  /** A JSON body (GraphQL). */
  json?: unknown;
  /** What the answer must be, checked on its Content-Type before it is read. */
  expect: 'json' | 'html' | 'text';
  /** Sends the session's anti-forgery token (default: yes, when the portal has one). */
  token?: boolean;
  /** The answer never changes (a payment's details): a retry in the same page reuses it. */
  cacheable?: boolean;
  /** The request in words, for messages: « le détail du paiement du 12 mars 2024 ». */
  what: string;
}

export interface ChannelAnswer {
  /** Where the answer came from, after redirects (always the page's origin). */
  url: URL;
  status: number;
  /** The body as text (JSON is parsed by `json`). */
  text: string;
  /** For `expect: 'json'`: the parsed body, still unchecked (parsers check it with zod). */
  json: unknown;
}

/**
 * Why a request gave nothing usable, each with its own message. Fatal codes stop the whole run
 * (the session is gone, the person cancelled); the others lose one item, and the save says so.
 */
export type ChannelErrorCode =
  /** The portal answered its login page, or redirected away: the person is logged out. */
  | 'session-ended'
  /** 401/403 even with a fresh token. */
  | 'token-refused'
  /** 429 after the retries the portal allowed. */
  | 'rate-limited'
  /** 5xx after the retries. */
  | 'server'
  /** 404 or another 4xx. */
  | 'refused'
  /** No answer (network down, connection reset) after a retry. */
  | 'network'
  /** The answer is not what the portal's answers look like (wrong type, bad JSON, zod refused it). */
  | 'malformed'
  /** The answer is over its limit (storage/limits.ts). */
  | 'too-large'
  /** A request to another origin than the page's (refused before it is sent). */
  | 'other-origin'
  /** More requests than a run may make (storage/limits.ts `channelRequests`). */
  | 'too-many'
  | 'cancelled';

const FATAL: ReadonlySet<ChannelErrorCode> = new Set([
  'session-ended',
  'token-refused',
  'other-origin',
  'too-many',
  'cancelled',
]);

export class ChannelError extends Error {
  override readonly name = 'ChannelError';
  /** The HTTP status that gave it, when one did. */
  readonly status: number | null;
  /** What a 429 or 503 asked to wait (Retry-After), when it said. */
  readonly retryAfterMs: number | null;
  constructor(
    readonly code: ChannelErrorCode,
    message: string,
    answer: { status?: number; retryAfterMs?: number | null } = {},
  ) {
    super(message);
    this.status = answer.status ?? null;
    this.retryAfterMs = answer.retryAfterMs ?? null;
  }

  /** The run cannot go on: every later request would fail the same way. */
  get fatal(): boolean {
    return FATAL.has(this.code);
  }
}

/** The session, as a plan sees it: requests to the page's origin, nothing else. */
export interface SessionClient {
  /** Throws ChannelError; resolves only with an answer of the expected type. */
  fetch(request: ChannelRequest): Promise<ChannelAnswer>;
}

/** What one run may use besides the client. */
export interface ChannelContext {
  client: SessionClient;
  /** The portal page the person is on, as it is at the click. */
  doc: Document;
  url: URL;
  scope: ChannelScope;
  /** Parses an HTML answer or fragment (DOMParser in the page, happy-dom in tests). */
  parseHtml(html: string): Document;
  /** A row that could not be read: skipped, the others kept (as `ScrapeContext.problem`). */
  problem(problem: Problem): void;
  /**
   * Something the run could not get (a detail refused, an answer unreadable): the save is
   * « partiel », and this names what is missing and why.
   */
  missing(what: string, error: unknown): void;
  /** Says which stage the run is in (the progress line). */
  step(step: ChannelStep): void;
  /**
   * Runs `task` over `items`, a bounded number at once, counting them in the progress line
   * (n of N). An item whose task throws a non-fatal ChannelError is reported with `missing` and
   * left out (its result is `undefined`); a fatal one stops the run.
   */
  each<T, R>(
    items: readonly T[],
    what: (item: T) => string,
    task: (item: T) => Promise<R>,
  ): Promise<(R | undefined)[]>;
  /** One request of its own (a list of documents): a non-fatal failure is `missing`, not the end. */
  attempt<R>(what: string, task: () => Promise<R>): Promise<R | undefined>;
}

export interface TokenDance {
  /** The header that carries it on every request (`_ct`, `__RequestVerificationToken`). */
  header: string;
  /** Gets a token: from the page, or by the portal's own request (made without a token). */
  get(ctx: Pick<ChannelContext, 'client' | 'doc' | 'url' | 'parseHtml'>): Promise<string>;
}

export interface PortalChannels {
  /** The portal's id: its folder's name, as its scraper's. */
  id: string;
  token?: TokenDance;
  /** An answer that is the portal's login page (its URL or its content): the session ended. */
  loggedOut(answer: { url: URL; text: string }): boolean;
  /** The plan: the requests of one run, in order, and the records read from their answers. */
  run(ctx: ChannelContext): Promise<ScrapedRecord[]>;
  /**
   * The file of a document record whose `url` is not a plain download on the portal (an
   * attachment served inside a JSON answer); null to download the `url` as it is.
   */
  file?(
    ctx: Pick<ChannelContext, 'client' | 'doc' | 'url'>,
    url: URL,
  ): Promise<Uint8Array<ArrayBuffer>> | null;
}

export function defineChannels(channels: PortalChannels): Readonly<PortalChannels> {
  return Object.freeze({ ...channels });
}

/**
 * An answer's JSON checked with its schema (zod/mini: the content script stays small) before any
 * use; a `malformed` ChannelError that names the request and the first field that is off.
 */
export function checkAnswer<T>(schema: ZodMiniType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'la réponse';
  return malformedAnswer(what, `${where} : ${issue?.code ?? 'invalide'}`);
}

export function malformedAnswer(what: string, detail: string): never {
  throw new ChannelError('malformed', `${what} : réponse d’une forme inattendue (${detail})`);
}
