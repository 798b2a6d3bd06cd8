/**
 * `fetch` answered by the simulated live portals in the same process, with a cookie jar and
 * redirects, as a logged-in browser tab would see them: unit tests run the request runner and a
 * portal's plan against the simulated portal without a browser or a socket.
 */
import type { LivePortal, LiveState } from './live';

export interface InProcessFetch {
  fetch: typeof fetch;
  /** Every request made, in order: `METHOD path?query`. */
  log: string[];
}

export function inProcessFetch(portals: readonly LivePortal[], state: LiveState): InProcessFetch {
  const jar = new Map<string, string>();
  const log: string[] = [];
  const doFetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    let method = init.method ?? 'GET';
    let body = typeof init.body === 'string' ? init.body : '';
    for (let hop = 0; hop < 5; hop++) {
      if (init.signal?.aborted) throw new DOMException('The operation was aborted.', 'AbortError');
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => (headers[name.toLowerCase()] = value));
      const cookie = jar.get(url.host);
      if (cookie) headers['cookie'] = cookie;
      log.push(`${method} ${url.pathname}${url.search}`);
      const portal = portals.find((candidate) => candidate.host === url.hostname);
      const answer = portal ? await portal.handle({ method, url, headers, body }, state) : null;
      if (!answer) {
        return answered(
          new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/html' } }),
          url,
        );
      }
      const setCookie = answer.headers?.['Set-Cookie'];
      if (setCookie) jar.set(url.host, setCookie.split(';')[0] ?? '');
      const location = answer.headers?.['Location'];
      if (answer.status >= 300 && answer.status < 400 && location) {
        url = new URL(location, url);
        method = 'GET';
        body = '';
        continue;
      }
      const response = new Response(
        typeof answer.body === 'string' ? answer.body : new Uint8Array(answer.body),
        {
          status: answer.status,
          headers: { 'Content-Type': answer.contentType, ...answer.headers },
        },
      );
      return answered(response, url);
    }
    throw new TypeError('too many redirects');
  };
  return { fetch: doFetch as typeof fetch, log };
}

/** A Response whose `url` is where it came from (after redirects), as a browser's is. */
function answered(response: Response, url: URL): Response {
  Object.defineProperty(response, 'url', { value: url.href });
  return response;
}
