/**
 * Stable record ids (docs/records.md, "id"): the same fact captured twice, on any
 * machine, gets the same id, so saving a page again updates records instead of duplicating them.
 *
 * The id hashes `kind`, `source`, `patient` and the kind's natural key, never capture time or
 * position on the page. It is synchronous on purpose: the scraper CLI prints ids, and the save
 * path derives them before opening its transaction (an `await crypto.subtle.digest` inside a
 * Dexie transaction would let it commit early).
 */
import type { ScrapedRecord } from './schemas';

/**
 * The kind's natural key, as a JSON-serialisable array. When the spec offers an alternative
 * ("`reportId`, or `date` when the page shows none"), the first element names the branch taken,
 * so a report number that happens to look like a date cannot collide with a date.
 */
export function naturalKey(record: ScrapedRecord): unknown[] {
  switch (record.kind) {
    case 'lab-result':
      return [
        ...(record.reportId !== null ? ['reportId', record.reportId] : ['date', record.date]),
        record.analyte,
        record.unit,
      ];
    case 'reimbursement':
      return record.ref !== null
        ? ['ref', record.ref]
        : ['date', record.date, record.act, record.provider, record.charged, record.paymentDate];
    case 'appointment':
      return [record.date, record.service, record.practitioner];
    case 'document':
      return record.url !== null ? ['url', record.url] : ['date', record.date, record.title, record.author];
    case 'medication':
      return [record.date, record.name, record.pharmacy];
    case 'immunization':
      return [record.date, record.vaccine];
    case 'measurement':
      return [record.date, record.name];
    case 'table-row':
      // Pairs sorted by header: the page's column order is presentation, not identity.
      return [record.sourceUrl, record.table, sortedEntries(record.cells)];
    case 'problem':
      return [record.date, record.name];
    case 'allergy':
      return [record.date, record.substance];
  }
}

/** `<kind>:<32 hex digits>`, e.g. `reimbursement:3f2a…`. */
export function recordId(record: ScrapedRecord): string {
  // JSON of an array of strings, numbers and nulls is unambiguous (quoted, escaped, delimited)
  // and its number formatting is fixed by ECMAScript, hence identical on every platform.
  const canonical = JSON.stringify([record.kind, record.source, record.patient, naturalKey(record)]);
  return `${record.kind}:${toHex(murmur3x86128(encodeUtf8(canonical)))}`;
}

function sortedEntries(cells: Record<string, string>): [string, string][] {
  // Default sort compares UTF-16 code units: locale-independent, unlike localeCompare.
  return Object.entries(cells).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const utf8 = new TextEncoder();
let scratch = new Uint8Array(1024);

/** UTF-8 bytes of `text` in a reused buffer: ids are derived by the thousand on every save. */
function encodeUtf8(text: string): Uint8Array {
  // A UTF-16 code unit never takes more than 3 UTF-8 bytes.
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  const { written } = utf8.encodeInto(text, scratch);
  return scratch.subarray(0, written);
}

function toHex(words: readonly number[]): string {
  return words.map((w) => (w >>> 0).toString(16).padStart(8, '0')).join('');
}

/**
 * MurmurHash3_x86_128 (Austin Appleby, public domain, SMHasher's "Murmur3C") over bytes.
 * Chosen because it is a published algorithm with a published verification value (checked in
 * ids.test.ts), fast in 32-bit JS arithmetic, and 128 bits make accidental collisions between a
 * person's records negligible. Not cryptographic: ids are not secrets.
 * Returns the four 32-bit words h1..h4 (unsigned).
 */
export function murmur3x86128(bytes: Uint8Array, seed = 0): [number, number, number, number] {
  const c1 = 0x239b961b;
  const c2 = 0xab0e9789;
  const c3 = 0x38b34ae5;
  const c4 = 0xa1e38b93;
  const len = bytes.length;
  let h1 = seed | 0;
  let h2 = seed | 0;
  let h3 = seed | 0;
  let h4 = seed | 0;

  const word = (i: number): number =>
    (bytes[i] ?? 0) |
    ((bytes[i + 1] ?? 0) << 8) |
    ((bytes[i + 2] ?? 0) << 16) |
    ((bytes[i + 3] ?? 0) << 24) |
    0;

  const blocksEnd = len - (len % 16);
  for (let i = 0; i < blocksEnd; i += 16) {
    h1 ^= mixK(word(i), c1, 15, c2);
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;
    h2 ^= mixK(word(i + 4), c2, 16, c3);
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;
    h3 ^= mixK(word(i + 8), c3, 17, c4);
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;
    h4 ^= mixK(word(i + 12), c4, 18, c1);
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
  }

  // Tail: bytes past the end read as 0 and a zero lane mixes to 0, so mixing all four lanes
  // is the reference's fall-through switch without its fifteen cases.
  if (len % 16 !== 0) {
    h1 ^= mixK(tailWord(bytes, blocksEnd, len), c1, 15, c2);
    h2 ^= mixK(tailWord(bytes, blocksEnd + 4, len), c2, 16, c3);
    h3 ^= mixK(tailWord(bytes, blocksEnd + 8, len), c3, 17, c4);
    h4 ^= mixK(tailWord(bytes, blocksEnd + 12, len), c4, 18, c1);
  }

  h1 ^= len;
  h2 ^= len;
  h3 ^= len;
  h4 ^= len;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix32(h1);
  h2 = fmix32(h2);
  h3 = fmix32(h3);
  h4 = fmix32(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

function tailWord(bytes: Uint8Array, start: number, end: number): number {
  let k = 0;
  for (let i = Math.min(end, start + 4) - 1; i >= start; i--) k = (k << 8) | (bytes[i] ?? 0);
  return k;
}

function mixK(k: number, ca: number, r: number, cb: number): number {
  return Math.imul(rotl(Math.imul(k, ca), r), cb);
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
