/** Fetching another page of the portal as the person's own browser tab would. */
import { readResponseCapped, readTextCapped } from '../storage/bounded-read';

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
  return readTextCapped(response, 'pageBytes', 'la page suivante');
}

/** Downloads a document file in the session; stops reading as soon as it is over the file limit. */
export async function fetchPortalFile(
  url: URL,
  doFetch: Fetch = pageFetch(),
): Promise<{ bytes: Uint8Array<ArrayBuffer> }> {
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
  return { bytes: await readResponseCapped(response, 'fileBytes', 'le fichier') };
}
