/**
 * A file's type from its own bytes, never from what the server or an archive claims: an answer
 * that says `application/pdf` and holds HTML is HTML. Only the types a health portal hands out
 * are recognised (PDF, JPEG, PNG, GIF, WebP, XML such as a CDA document, ZIP); HTML and SVG are
 * recognised so that they are never shown, only downloaded.
 */

export const FILE_TYPES = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'application/xml': '.xml',
  'application/zip': '.zip',
  'text/html': '.html',
  'image/svg+xml': '.svg',
} as const;
export type FileType = keyof typeof FILE_TYPES;

/** Shown in a tab of its own: types the browser renders without running anything of the file's. */
const SHOWN = new Set<FileType>(['application/pdf', 'image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** How many first bytes decide. */
export const SNIFF_BYTES = 1024;

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  signature.every((byte, i) => bytes[at + i] === byte);
const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

const PDF = ascii('%PDF-');
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const GIF87 = ascii('GIF87a');
const GIF89 = ascii('GIF89a');
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];

/** HTML as browsers sniff it (WHATWG MIME Sniffing, « identifying a resource with an unknown MIME type »). */
const HTML_START =
  /^<(?:!doctype\s+html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p|!--)[\s>/]/i;

function sniffMarkup(bytes: Uint8Array): FileType | null {
  // Latin-1 keeps one character per byte: enough to look at ASCII markup.
  let text = '';
  for (let i = 0; i < Math.min(bytes.length, SNIFF_BYTES); i++) text += String.fromCharCode(bytes[i]!);
  text = text.replace(/^\xef\xbb\xbf/, '').replace(/^\s+/, '');
  if (HTML_START.test(text)) return 'text/html';
  if (!text.startsWith('<')) return null;
  // Past the prolog, comments and doctype: the root element names the kind of markup.
  const root = /<([A-Za-z_][\w.:-]*)/.exec(text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<![^>]*>/g, ''));
  if (!root) return text.startsWith('<?xml') ? 'application/xml' : null;
  const name = root[1]!.toLowerCase().replace(/^.*:/, '');
  if (name === 'svg') return 'image/svg+xml';
  if (name === 'html') return 'text/html';
  return 'application/xml';
}

export function sniffFileType(bytes: Uint8Array): FileType | null {
  if (startsWith(bytes, PDF)) return 'application/pdf';
  if (startsWith(bytes, PNG)) return 'image/png';
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  if (startsWith(bytes, GIF87) || startsWith(bytes, GIF89)) return 'image/gif';
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return 'image/webp';
  if (startsWith(bytes, ZIP) || startsWith(bytes, ZIP_EMPTY)) return 'application/zip';
  return sniffMarkup(bytes);
}

export async function sniffBlobType(blob: Blob): Promise<FileType | null> {
  return sniffFileType(new Uint8Array(await blob.slice(0, SNIFF_BYTES).arrayBuffer()));
}

export function isShownInline(type: FileType | null): boolean {
  return type !== null && SHOWN.has(type);
}

export function extensionFor(type: FileType | null): string {
  return type ? FILE_TYPES[type] : '.bin';
}

// Names Windows keeps for devices, whatever their extension.
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * A name to save a file under: from its title, without path or control characters, short, and
 * ending with the extension of its verified type (a title that claims `.pdf` on an HTML file
 * gets `.html` after it).
 */
export function safeFileName(title: string, type: FileType | null): string {
  const extension = extensionFor(type);
  let base = title
    .normalize('NFC')
    // Path separators, characters Windows refuses, and every control or direction-changing one.
    // eslint-disable-next-line no-control-regex -- control characters are what it removes
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (base.toLowerCase().endsWith(extension)) base = base.slice(0, -extension.length).trim();
  base = base.slice(0, 100).trim() || 'document';
  if (RESERVED.test(base)) base = `_${base}`;
  return `${base}${extension}`;
}
