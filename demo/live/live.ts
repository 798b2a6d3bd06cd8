/**
 * What the simulated live portals share: a session per browser (a cookie), its anti-forgery
 * token, and the faults a test or a demo can switch on (session expired, token refused, slow
 * answers, 429 and 5xx on demand). Each portal (./ameli.ts…) answers its own endpoints as the
 * live site does (docs/channels.md), from its data in demo/portals/<id>/.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface LiveRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface LiveResponse {
  status: number;
  contentType: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

/** Faults of one portal, switched on by a test or from the demo's index page. */
export interface Faults {
  /** Every request answers the login page: the person's session has ended. */
  expired?: boolean;
  /** The token the portal hands out is refused (403) by its own endpoints. */
  refuseToken?: boolean;
  /** The details of the first n items asked for answer 503, every time (a failing back end). */
  failDetails?: number;
  /** The next n requests answer 429 with this Retry-After (seconds). */
  rateLimit?: { count: number; retryAfter: number };
  /** Every answer waits this long. */
  slowMs?: number;
}

/** Requests each portal answered, by kind, for tests that count them. */
export type Served = Record<string, number>;

export class LiveState {
  private readonly sessions = new Map<string, { token: string; memory: Map<string, unknown> }>();
  readonly faults = new Map<string, Faults>();
  readonly served = new Map<string, Served>();
  /** The items whose details fail, by portal (`failDetails`). */
  private readonly failing = new Map<string, Set<string>>();

  faultsOf(portal: string): Faults {
    let faults = this.faults.get(portal);
    if (!faults) this.faults.set(portal, (faults = {}));
    return faults;
  }

  /** Sets a portal's faults (replacing the previous ones); `{}` switches them off. */
  setFaults(portal: string, faults: Faults): void {
    this.faults.set(portal, { ...faults });
    this.failing.delete(portal);
  }

  count(portal: string, kind: string): void {
    const served = this.served.get(portal) ?? {};
    served[kind] = (served[kind] ?? 0) + 1;
    this.served.set(portal, served);
  }

  /** The session the request's cookie names, if it is one this server opened. */
  session(request: LiveRequest, cookie: string): { id: string; token: string } | null {
    const id = cookieValue(request, cookie);
    const session = id ? this.sessions.get(id) : undefined;
    return id && session ? { id, token: session.token } : null;
  }

  /** A new session: its id for the Set-Cookie header. */
  open(): { id: string; token: string } {
    const id = randomBytes(16).toString('hex');
    const token = randomBytes(18).toString('base64url');
    this.sessions.set(id, { token, memory: new Map() });
    return { id, token };
  }

  /** What a portal keeps in a person's session between requests (the list it last showed). */
  remember(session: string, key: string, value: unknown): void {
    this.sessions.get(session)?.memory.set(key, value);
  }

  recall(session: string, key: string): unknown {
    return this.sessions.get(session)?.memory.get(key);
  }

  /** Whether the detail of `item` fails: the first `failDetails` items asked for always do. */
  failsDetail(portal: string, item: string): boolean {
    const limit = this.faultsOf(portal).failDetails ?? 0;
    const failing = this.failing.get(portal) ?? new Set<string>();
    this.failing.set(portal, failing);
    if (!failing.has(item) && failing.size < limit) failing.add(item);
    return failing.has(item);
  }

  /** A 429 to answer now, when one is due. */
  rateLimited(portal: string): LiveResponse | null {
    const faults = this.faultsOf(portal);
    if (!faults.rateLimit || faults.rateLimit.count <= 0) return null;
    faults.rateLimit = { ...faults.rateLimit, count: faults.rateLimit.count - 1 };
    return {
      status: 429,
      contentType: 'text/html; charset=utf-8',
      body: '<!doctype html><title>Trop de requêtes</title><p>Trop de requêtes, réessayez plus tard.</p>',
      headers: { 'Retry-After': String(faults.rateLimit.retryAfter) },
    };
  }
}

export function cookieValue(request: LiveRequest, name: string): string | null {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

export function sessionCookie(name: string, id: string, path = '/'): Record<string, string> {
  return { 'Set-Cookie': `${name}=${id}; Path=${path}; Secure; HttpOnly; SameSite=Lax` };
}

export const html = (body: string, status = 200): LiveResponse => ({
  status,
  contentType: 'text/html; charset=utf-8',
  body,
});

export const json = (value: unknown, status = 200): LiveResponse => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify(value),
});

export const redirect = (location: string): LiveResponse => ({
  status: 302,
  contentType: 'text/html; charset=utf-8',
  body: '',
  headers: { Location: location },
});

/** A portal of the set that answers in-session requests. */
export interface LivePortal {
  id: string;
  host: string;
  /** The answer to `request`, or null when it is not one of this portal's live addresses. */
  handle(request: LiveRequest, state: LiveState): LiveResponse | null | Promise<LiveResponse | null>;
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
