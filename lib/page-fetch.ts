/** Fetching another page of the portal as the person's own browser tab would. */

/** Larger pages are not a portal's history page; reading them would only freeze the tab. */
const MAX_PAGE_BYTES = 20 * 1024 * 1024;

type Fetch = typeof fetch;

/**
 * Firefox runs content scripts' `fetch` with the extension's identity; `content.fetch` makes the
 * request as the page does, with its cookies. Chrome's content-script `fetch` already does.
 */
export function pageFetch(): Fetch {
  const content = (globalThis as { content?: { fetch?: Fetch } }).content;
  return content?.fetch ? content.fetch.bind(content) : fetch.bind(globalThis);
}

export async function fetchPortalPage(url: URL, doFetch: Fetch = pageFetch()): Promise<string> {
  let response: Response;
  try {
    response = await doFetch(url.href, { credentials: 'include', redirect: 'follow' });
  } catch {
    throw new Error('la page suivante n’a pas pu être chargée (connexion interrompue ?)');
  }
  if (!response.ok) throw new Error(`le portail a répondu par une erreur ${response.status}`);
  if (response.url && new URL(response.url).origin !== url.origin) {
    throw new Error('le portail a redirigé vers un autre site (session expirée ?)');
  }
  const type = response.headers.get('content-type') ?? '';
  if (!/html/i.test(type))
    throw new Error(`la page suivante n’est pas une page web (${type || 'type inconnu'})`);
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_PAGE_BYTES) throw new Error('la page suivante est trop volumineuse');
  return response.text();
}

/** Downloads a document file in the session; refuses what is over `maxBytes` without reading it all. */
export async function fetchPortalFile(
  url: URL,
  maxBytes: number,
  doFetch: Fetch = pageFetch(),
): Promise<{ bytes: Uint8Array<ArrayBuffer>; mimeType: string | null }> {
  let response: Response;
  try {
    response = await doFetch(url.href, { credentials: 'include', redirect: 'follow' });
  } catch {
    throw new Error('téléchargement interrompu (connexion ?)');
  }
  if (!response.ok) throw new Error(`le portail a répondu par une erreur ${response.status}`);
  if (response.url && new URL(response.url).origin !== url.origin) {
    throw new Error('le portail a redirigé vers un autre site (session expirée ?)');
  }
  const length = Number(response.headers.get('content-length') ?? 0);
  const tooBig = () =>
    new Error(`fichier trop volumineux (plus de ${Math.round(maxBytes / 1024 / 1024)} Mo)`);
  if (length > maxBytes) throw tooBig();
  // Bytes of the content script's own. In Firefox the page's fetch (`pageFetch`) hands back the
  // page's ArrayBuffer, which the content script cannot read from (« Permission denied to access
  // property "constructor" »): a Blob crosses over, and is read here.
  const bytes = new Uint8Array(await new Response(await response.blob()).arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooBig();
  return { bytes, mimeType: response.headers.get('content-type') };
}
