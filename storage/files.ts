/**
 * Document files downloaded from the portals, stored by content: the file's id is its SHA-256,
 * so the same PDF listed on two pages (or saved twice) is stored once, and a record's
 * `fileId`/`sha256` always name exactly the bytes that were downloaded.
 */
import type { FileRow, MesDonneesDb } from './db';
import { sniffFileType } from './file-type';
import { LIMITS } from './limits';

/** Larger files are reported and skipped (see ./limits.ts). */
export const MAX_FILE_BYTES = LIMITS.fileBytes.value;

export interface StoredFile {
  fileId: string;
  sha256: string;
  size: number;
  mimeType: string | null;
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export async function storeFile(
  db: MesDonneesDb,
  file: { url: string | null; bytes: Uint8Array<ArrayBuffer> },
  now: () => Date = () => new Date(),
): Promise<StoredFile> {
  if (file.bytes.byteLength > MAX_FILE_BYTES) {
    throw new Error(`fichier trop volumineux (${file.bytes.byteLength} octets)`);
  }
  const sha256 = await sha256Hex(file.bytes);
  // The bytes say what the file is; the server's header is only its claim.
  const mimeType = sniffFileType(file.bytes);
  const row: FileRow = {
    id: sha256,
    sha256,
    size: file.bytes.byteLength,
    mimeType,
    blob: new Blob([file.bytes], { type: mimeType ?? 'application/octet-stream' }),
    url: file.url,
    savedAt: now().toISOString(),
  };
  // The same bytes are the same file: keep the first copy rather than rewrite it.
  await db.transaction('rw', db.files, async () => {
    if (!(await db.files.get(sha256))) await db.files.add(row);
  });
  return { fileId: sha256, sha256, size: row.size, mimeType };
}

/**
 * The files already stored for these document links, from the records that point at them: a
 * second save of a page downloads nothing it already has.
 */
export async function knownFiles(
  db: MesDonneesDb,
  source: string,
  urls: readonly string[],
): Promise<Record<string, { fileId: string; sha256: string }>> {
  const wanted = new Set(urls);
  const known: Record<string, { fileId: string; sha256: string }> = {};
  if (wanted.size === 0) return known;
  await db.records
    .where('source')
    .equals(source)
    .each((record) => {
      if (record.kind !== 'document' || !record.url || !record.fileId || !record.sha256) return;
      if (wanted.has(record.url)) known[record.url] = { fileId: record.fileId, sha256: record.sha256 };
    });
  // A record may name a file that is gone (the person deleted it): only files still there count.
  const present = await db.files.bulkGet(Object.values(known).map((file) => file.fileId));
  const ids = new Set(present.filter((row) => row !== undefined).map((row) => row.id));
  for (const [url, file] of Object.entries(known)) if (!ids.has(file.fileId)) delete known[url];
  return known;
}

export function getFile(db: MesDonneesDb, fileId: string): Promise<FileRow | undefined> {
  return db.files.get(fileId);
}
