/**
 * Which addresses the product keeps and renders as links. Every URL it holds came from outside
 * (a page, an answer, a document, an archive); a `javascript:` or `data:` one would run or show
 * content with the extension's rights the moment a person clicks it. Kept: `https:`, and `http:`
 * only on the portal's own origin (an old portal page linking its own file). Anything else is
 * dropped with a warning where it arrives, and never rendered as a link where it is shown.
 */

/** The URL when it may be kept (and linked to), else null. `origin` is the portal page's. */
export function safeUrl(value: unknown, origin: string | null): string | null {
  if (typeof value !== 'string') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  // user:password@ in a link is a way to disguise where it leads.
  if (url.username || url.password) return null;
  if (url.protocol === 'https:') return value;
  return url.protocol === 'http:' && origin !== null && url.origin === origin ? value : null;
}

export function originOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/** A record's fields that hold a link other than the page it came from. */
const LINK_FIELDS: Record<string, readonly string[]> = { document: ['url'] };

export interface DroppedLink {
  field: string;
  /** The start of what was dropped, for the warning: never the whole (it may be a page of script). */
  shown: string;
}

/**
 * The record (a copy when anything was dropped) with every link field that is not a safe URL
 * set to null, and what was dropped. A link is judged against the origin of the record's own
 * page (`sourceUrl`), which the schemas require to be http(s).
 */
export function dropUnsafeLinks<T>(record: T): { record: T; dropped: DroppedLink[] } {
  if (typeof record !== 'object' || record === null) return { record, dropped: [] };
  const fields = LINK_FIELDS[(record as { kind?: unknown }).kind as string];
  if (!fields) return { record, dropped: [] };
  const raw = record as Record<string, unknown>;
  const origin = originOf(raw.sourceUrl);
  const dropped: DroppedLink[] = [];
  let out: Record<string, unknown> | null = null;
  for (const field of fields) {
    const value = raw[field];
    if (value === null || value === undefined || safeUrl(value, origin) !== null) continue;
    out ??= { ...raw };
    out[field] = null;
    dropped.push({ field, shown: String(value).slice(0, 60) });
  }
  return { record: (out ?? record) as T, dropped };
}

/** « lien « javascript:alert(1) » retiré (adresse non https) » */
export function droppedLinkWarning(link: DroppedLink): string {
  return `champ « ${link.field} » : lien « ${link.shown} » retiré (seules les adresses https, ou http du portail lui-même, sont gardées)`;
}
