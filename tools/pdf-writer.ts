/**
 * A small PDF writer for the project's own test and demo documents: pages of text placed at
 * given positions, in the standard Helvetica fonts (no font file embedded), WinAnsi encoded
 * (French accents, « », €), optionally compressed. Enough to make a statement or a lab report
 * as a lab's software would print it, so that the readers are tested on PDFs made here rather
 * than on copies of real ones.
 */
import { deflateSync } from 'node:zlib';

export interface PdfText {
  /** From the page's left edge, in points (1/72 inch). */
  x: number;
  /** From the page's top edge, in points (PDF itself counts from the bottom). */
  y: number;
  text: string;
  size?: number;
  bold?: boolean;
  /** `right`: `x` is where the text ends (a column of numbers). */
  align?: 'left' | 'right';
}

export interface PdfOptions {
  title?: string;
  /** A4 by default. */
  width?: number;
  height?: number;
  /** Compress the page streams (FlateDecode), as most producers do. */
  compress?: boolean;
}

/** WinAnsiEncoding of the characters outside Latin-1 that French documents use. */
const WIN_ANSI: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  '„': 0x84,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  œ: 0x9c,
  Œ: 0x8c,
};

function encodeText(text: string): number[] {
  const bytes: number[] = [];
  for (const char of text.replace(/[\u202f\u00a0]/g, ' ')) {
    const code = char.codePointAt(0) ?? 0x3f;
    const mapped = WIN_ANSI[char] ?? (code >= 0x20 && code <= 0xff ? code : 0x3f);
    // Literal string escapes: backslash and parentheses.
    if (mapped === 0x5c || mapped === 0x28 || mapped === 0x29) bytes.push(0x5c);
    bytes.push(mapped);
  }
  return bytes;
}

/**
 * Helvetica's advance widths (per 1000 units) for the printable ASCII range, from the standard
 * font metrics; other characters count as an average letter. Right-aligned text needs them.
 */
const HELVETICA_WIDTHS =
  '278,278,355,556,556,889,667,191,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,278,278,584,584,584,556,1015,667,667,722,722,667,611,778,722,278,500,667,556,833,722,778,667,778,722,667,611,722,667,944,667,667,611,278,278,278,469,556,333,556,556,500,556,556,278,556,556,222,222,500,222,833,556,556,556,556,333,500,278,556,500,722,500,500,500,334,260,334,584'
    .split(',')
    .map(Number);

export function textWidth(text: string, size: number, bold = false): number {
  let units = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    units += code >= 0x20 && code <= 0x7e ? (HELVETICA_WIDTHS[code - 0x20] ?? 556) : 556;
  }
  return (units * size * (bold ? 1.05 : 1)) / 1000;
}

function pageStream(texts: readonly PdfText[], height: number): Uint8Array {
  const parts: number[] = [];
  const push = (s: string) => {
    for (let i = 0; i < s.length; i++) parts.push(s.charCodeAt(i));
  };
  for (const item of texts) {
    const size = item.size ?? 10;
    const x = item.align === 'right' ? item.x - textWidth(item.text, size, item.bold) : item.x;
    push(`BT /${item.bold ? 'F2' : 'F1'} ${size} Tf ${x.toFixed(2)} ${(height - item.y).toFixed(2)} Td (`);
    parts.push(...encodeText(item.text));
    push(') Tj ET\n');
  }
  return Uint8Array.from(parts);
}

/** A PDF of `pages`, each a list of texts; deterministic for the same input. */
export function writePdf(pages: readonly (readonly PdfText[])[], options: PdfOptions = {}): Uint8Array {
  const width = options.width ?? 595.28;
  const height = options.height ?? 841.89;
  const chunks: Uint8Array[] = [];
  const offsets: number[] = [];
  let length = 0;
  const write = (data: string | Uint8Array) => {
    const bytes = typeof data === 'string' ? Uint8Array.from(data, (c) => c.charCodeAt(0)) : data;
    chunks.push(bytes);
    length += bytes.length;
  };
  const object = (id: number, body: string | Uint8Array[], dict?: string) => {
    offsets[id] = length;
    if (typeof body === 'string') {
      write(`${id} 0 obj\n${body}\nendobj\n`);
      return;
    }
    write(`${id} 0 obj\n${dict}\nstream\n`);
    for (const part of body) write(part);
    write('\nendstream\nendobj\n');
  };

  // 1 catalog, 2 pages, 3-4 fonts, 5 info, then a page and its content per page.
  const pageIds = pages.map((_, i) => 6 + i * 2);
  write('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(
    2,
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`,
  );
  object(3, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  object(4, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const title = options.title ? encodeText(options.title) : [];
  object(5, `<< /Producer (mes-donnees-sante test documents) /Title (${String.fromCharCode(...title)}) >>`);
  pages.forEach((texts, i) => {
    const pageId = pageIds[i] ?? 0;
    object(
      pageId,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageId + 1} 0 R >>`,
    );
    const raw = pageStream(texts, height);
    const data = options.compress ? new Uint8Array(deflateSync(raw)) : raw;
    object(
      pageId + 1,
      [data],
      `<< /Length ${data.length}${options.compress ? ' /Filter /FlateDecode' : ''} >>`,
    );
  });
  const count = 6 + pages.length * 2;
  const xref = length;
  write(`xref\n0 ${count}\n0000000000 65535 f \n`);
  for (let id = 1; id < count; id++) write(`${String(offsets[id] ?? 0).padStart(10, '0')} 00000 n \n`);
  write(`trailer\n<< /Size ${count} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
