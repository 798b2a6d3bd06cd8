/**
 * Reading a ZIP made by this product, from its central directory. A File is random access, so
 * only the entries import needs (the JSON archive, the document files) are read, each streamed
 * through fflate's inflater; the CSV and FHIR copies are never touched.
 *
 * fflate's own streaming unzipper finds the end of an entry written with a data descriptor (as
 * streamed ZIPs are) by looking for the descriptor's signature in the data, which compressed
 * bytes can contain by chance; the central directory gives exact sizes instead.
 */
import { Inflate } from 'fflate';
import { describeLimit, LIMITS, ZIP_RATIO_FROM_BYTES } from '../limits';
import { ArchiveError } from './envelope';

export interface ZipDirectoryEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  compression: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

async function bytesAt(blob: Blob, start: number, end: number): Promise<DataView> {
  if (start < 0 || end > blob.size) throw new ArchiveError('truncated', 'ZIP');
  return new DataView(await blob.slice(start, end).arrayBuffer());
}

export function isZip(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05);
}

/**
 * A name that would leave the folder it is unpacked into, anywhere: `..` as a segment, an
 * absolute path, a drive letter, a backslash (a separator on Windows), or a NUL.
 */
export function isUnsafeEntryName(name: string): boolean {
  return (
    name.length === 0 ||
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    name.includes('\\') ||
    name.includes('\0') ||
    name.split('/').some((segment) => segment === '..')
  );
}

/** Refuses, before anything is inflated, an entry that claims more than the limits allow. */
function checkEntry(entry: ZipDirectoryEntry): void {
  if (isUnsafeEntryName(entry.name)) throw new ArchiveError('unsafe-name', JSON.stringify(entry.name));
  if (entry.size > LIMITS.zipEntryBytes.value) {
    throw new ArchiveError(
      'too-large',
      `${entry.name} : plus de ${describeLimit('zipEntryBytes')} décompressés`,
    );
  }
  if (entry.compression === 0 && entry.size !== entry.compressedSize) {
    throw new ArchiveError('corrupt-file', entry.name);
  }
  const ratio = entry.size / Math.max(1, entry.compressedSize);
  if (entry.size > ZIP_RATIO_FROM_BYTES && ratio > LIMITS.zipRatio.value) {
    throw new ArchiveError(
      'zip-bomb',
      `${entry.name} : ${entry.compressedSize} octets qui en donneraient ${entry.size}, plus de ${LIMITS.zipRatio.value} fois plus`,
    );
  }
}

/** Every entry of the ZIP by name; throws an ArchiveError when the ZIP is cut, not one, or over a limit. */
export async function readZipDirectory(blob: Blob): Promise<Map<string, ZipDirectoryEntry>> {
  const tailStart = Math.max(0, blob.size - EOCD_SIZE - MAX_COMMENT);
  const tail = await bytesAt(blob, tailStart, blob.size);
  let eocd = -1;
  for (let i = tail.byteLength - EOCD_SIZE; i >= 0; i--) {
    if (tail.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  // A ZIP whose end is missing was cut short: its directory is written last.
  if (eocd < 0) throw new ArchiveError('truncated', 'ZIP');
  const count = tail.getUint16(eocd + 10, true);
  const size = tail.getUint32(eocd + 12, true);
  const offset = tail.getUint32(eocd + 16, true);
  if (count === 0xffff || offset === 0xffffffff) throw new ArchiveError('unknown-format', 'ZIP64');
  if (count > LIMITS.zipEntries.value) {
    throw new ArchiveError(
      'too-large',
      `${count} fichiers dans le ZIP, ${describeLimit('zipEntries')} au plus`,
    );
  }
  const dir = await bytesAt(blob, offset, offset + size);
  const decoder = new TextDecoder();
  const entries = new Map<string, ZipDirectoryEntry>();
  let total = 0;
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > dir.byteLength || dir.getUint32(p, true) !== CENTRAL) {
      throw new ArchiveError('corrupt-file', 'ZIP');
    }
    const nameLength = dir.getUint16(p + 28, true);
    const extraLength = dir.getUint16(p + 30, true);
    const commentLength = dir.getUint16(p + 32, true);
    const name = decoder.decode(new Uint8Array(dir.buffer, dir.byteOffset + p + 46, nameLength));
    const entry: ZipDirectoryEntry = {
      name,
      compression: dir.getUint16(p + 10, true),
      compressedSize: dir.getUint32(p + 20, true),
      size: dir.getUint32(p + 24, true),
      localOffset: dir.getUint32(p + 42, true),
    };
    checkEntry(entry);
    // Two entries of one name: which one a reader takes is a choice an attacker would make.
    if (entries.has(name)) throw new ArchiveError('corrupt-file', `${name} : deux fois dans le ZIP`);
    total += entry.size;
    if (total > LIMITS.zipTotalBytes.value) {
      throw new ArchiveError('too-large', `plus de ${describeLimit('zipTotalBytes')} décompressés en tout`);
    }
    entries.set(name, entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where the entry's data starts: after its local header, whose lengths may differ. */
async function dataRange(blob: Blob, entry: ZipDirectoryEntry): Promise<[number, number]> {
  const local = await bytesAt(blob, entry.localOffset, entry.localOffset + 30);
  if (local.getUint32(0, true) !== LOCAL) throw new ArchiveError('corrupt-file', entry.name);
  const start = entry.localOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
  const end = start + entry.compressedSize;
  if (end > blob.size) throw new ArchiveError('truncated', entry.name);
  return [start, end];
}

const READ_SLICE = 1 << 20;
/**
 * Compressed bytes handed to the inflater at once. Deflate expands at most about 1 032 times,
 * so one push makes at most some 16 MB before the count below can stop an entry that lies
 * about its size.
 */
const INFLATE_SLICE = 1 << 14;

/** The entry's uncompressed bytes, a piece at a time. */
export async function* entryChunks(blob: Blob, entry: ZipDirectoryEntry): AsyncGenerator<Uint8Array> {
  const [start, end] = await dataRange(blob, entry);
  if (entry.compression !== 0 && entry.compression !== 8) {
    throw new ArchiveError('unknown-format', `${entry.name} : compression ${entry.compression}`);
  }
  let out: Uint8Array[] = [];
  let produced = 0;
  let ended = entry.compression === 0;
  const inflate = new Inflate((chunk, final) => {
    out.push(chunk);
    if (final) ended = true;
  });
  const take = function* () {
    for (const chunk of out) {
      produced += chunk.byteLength;
      // The directory's size is a claim: bytes past it are never handed on, nor inflated further.
      if (produced > entry.size) {
        throw new ArchiveError('zip-bomb', `${entry.name} : plus que les ${entry.size} octets annoncés`);
      }
      yield chunk;
    }
    out = [];
  };
  let at = start;
  do {
    const next = Math.min(at + READ_SLICE, end);
    const slice = new Uint8Array(await blob.slice(at, next).arrayBuffer());
    if (entry.compression === 0) out.push(slice);
    else {
      for (let from = 0; from < slice.byteLength; from += INFLATE_SLICE) {
        const to = Math.min(from + INFLATE_SLICE, slice.byteLength);
        try {
          inflate.push(slice.subarray(from, to), next >= end && to === slice.byteLength);
        } catch {
          throw new ArchiveError('corrupt-file', entry.name);
        }
        yield* take();
      }
    }
    yield* take();
    at = next;
  } while (at < end);
  if (!ended || produced !== entry.size) throw new ArchiveError('corrupt-file', entry.name);
}

/** A whole (small) entry: a document file. */
export async function entryBytes(blob: Blob, entry: ZipDirectoryEntry): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = new Uint8Array(entry.size);
  let at = 0;
  for await (const chunk of entryChunks(blob, entry)) {
    if (at + chunk.byteLength > bytes.byteLength) throw new ArchiveError('corrupt-file', entry.name);
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
