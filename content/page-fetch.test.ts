import { describe, expect, it, vi } from 'vitest';
import { fetchPortalPage } from './page-fetch';

const url = new URL('https://assure.ameli.fr/p?numPage=2');

function respond(body: string, init: ResponseInit & { url?: string } = {}) {
  const response = new Response(body, {
    status: init.status ?? 200,
    headers: init.headers ?? { 'content-type': 'text/html; charset=utf-8' },
  });
  Object.defineProperty(response, 'url', { value: init.url ?? url.href });
  return vi.fn(async () => response) as unknown as typeof fetch;
}

describe('fetchPortalPage', () => {
  it('fetches the page in the session (cookies included)', async () => {
    const doFetch = respond('<html></html>');
    expect(await fetchPortalPage(url, doFetch)).toBe('<html></html>');
    expect(doFetch).toHaveBeenCalledWith(url.href, { credentials: 'include', redirect: 'follow' });
  });

  it('says plainly why a page could not be had', async () => {
    await expect(fetchPortalPage(url, respond('', { status: 503 }))).rejects.toThrow('erreur 503');
    await expect(
      fetchPortalPage(url, respond('<html></html>', { url: 'https://login.example/sso' })),
    ).rejects.toThrow('autre site');
    await expect(
      fetchPortalPage(url, respond('%PDF', { headers: { 'content-type': 'application/pdf' } })),
    ).rejects.toThrow('pas une page web');
    const offline = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await expect(fetchPortalPage(url, offline)).rejects.toThrow('n’a pas pu être chargée');
  });
});
