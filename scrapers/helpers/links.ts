/**
 * Links to documents: where they point and what they hold. A record's `url` is absolute
 * (resolved against the page's address, as a browser would), and its `mimeType` is set only
 * when the page states it: a `type` attribute, or a format label such as `(PDF, 149 Ko)`.
 */
import { foldText, nullIfBlank } from './text';

/** Format labels portals print beside a download link, folded, and the type each names. */
const FORMAT_LABELS: readonly [RegExp, string][] = [
  [/\bpdf\b/, 'application/pdf'],
  [/\bjpe?g\b/, 'image/jpeg'],
  [/\bpng\b/, 'image/png'],
];

const MIME = /^[\w.+-]+\/[\w.+-]+$/;

/**
 * `href` resolved against the page URL; null for a missing or blank link, a bare `#`, or a
 * `javascript:` pseudo-link (an action, not a file).
 */
export function absoluteUrl(href: string | null | undefined, base: URL): string | null {
  const clean = nullIfBlank(href);
  if (clean === null || clean.startsWith('#')) return null;
  let resolved: URL;
  try {
    resolved = new URL(clean, base);
  } catch {
    return null;
  }
  return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.href : null;
}

/**
 * The MIME type a link states: its `type` attribute when well formed, else a format named in
 * its text (`Télécharger (PDF, 149 Ko)`); null when the page does not say.
 */
export function linkMimeType(link: Element | null | undefined): string | null {
  if (!link) return null;
  const type = (link.getAttribute('type') ?? '').trim().toLowerCase();
  if (MIME.test(type)) return type;
  const label = foldText(link.textContent ?? '');
  return FORMAT_LABELS.find(([pattern]) => pattern.test(label))?.[1] ?? null;
}
