/**
 * Recognising a file chosen for import — a JSON archive, a ZIP made by this product, either one
 * encrypted — and opening it: the archive's JSON as a stream of bytes, and the document files
 * the ZIP carries. Nothing is decided about its content here; planning does that.
 */
import { describeLimit, LIMITS } from '../limits';
import { decryptBlob, isEncrypted } from './crypto';
import { ArchiveError } from './envelope';
import { ARCHIVE_ENTRY, FILES_DIR, FILES_MANIFEST, type FileManifestEntry } from './export';
import type { OnProgress } from './sink';
import { entryBytes, entryChunks, isZip, readZipDirectory, type ZipDirectoryEntry } from './zip-read';

export type Container = 'json' | 'zip' | 'encrypted' | 'unknown';

function checkArchiveSize(file: Blob): void {
  if (file.size > LIMITS.archiveBytes.value) {
    throw new ArchiveError('too-large', `fichier de plus de ${describeLimit('archiveBytes')}`);
  }
}

async function head(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(0, 64).arrayBuffer());
}

function looksLikeJson(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[i]!)) i++;
  return bytes[i] === 0x7b;
}

/** What the file is, from its first bytes (its name and type are the browser's guesses). */
export async function sniff(file: Blob): Promise<Container> {
  const bytes = await head(file);
  if (isEncrypted(bytes)) return 'encrypted';
  if (isZip(bytes)) return 'zip';
  return looksLikeJson(bytes) ? 'json' : 'unknown';
}

export interface ArchiveFile {
  name: string;
  /** From the name (`files/<sha256>.pdf`): checked against the bytes before use. */
  sha256: string;
  manifest: FileManifestEntry | null;
  bytes(): Promise<Uint8Array<ArrayBuffer>>;
}

export interface OpenedArchive {
  container: 'json' | 'zip';
  encrypted: boolean;
  /** Size of the JSON archive's bytes, for progress. */
  jsonSize: number;
  json(): AsyncIterable<Uint8Array>;
  files: ArchiveFile[];
}

const FILE_NAME = /^files\/([0-9a-f]{64})(\.[a-z0-9]+)?$/;

export async function openArchive(
  file: Blob,
  options: { passphrase?: string; onProgress?: OnProgress } = {},
): Promise<OpenedArchive> {
  checkArchiveSize(file);
  let container = await sniff(file);
  let encrypted = false;
  let plain = file;
  if (container === 'encrypted') {
    if (!options.passphrase) throw new ArchiveError('passphrase-required');
    plain = await decryptBlob(file, options.passphrase, { onProgress: options.onProgress });
    encrypted = true;
    container = await sniff(plain);
    // An encrypted file holds one archive, never another encrypted file.
    if (container === 'encrypted') container = 'unknown';
  }
  if (container === 'unknown') throw new ArchiveError('not-archive');
  if (container === 'json') {
    return {
      container,
      encrypted,
      jsonSize: plain.size,
      json: () => blobChunks(plain),
      files: [],
    };
  }
  return openZip(plain, encrypted);
}

async function* blobChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

async function openZip(zip: Blob, encrypted: boolean): Promise<OpenedArchive> {
  const directory = await readZipDirectory(zip);
  const archive = directory.get(ARCHIVE_ENTRY);
  if (!archive) throw new ArchiveError('not-archive', `${ARCHIVE_ENTRY} absent du ZIP`);
  const manifest = await readManifest(zip, directory.get(FILES_MANIFEST));
  const files: ArchiveFile[] = [];
  for (const entry of directory.values()) {
    if (!entry.name.startsWith(FILES_DIR) || entry.name.endsWith('/')) continue;
    const match = FILE_NAME.exec(entry.name);
    if (!match) continue;
    // A document file is held whole to check its hash: no larger than a saved one may be.
    if (entry.size > LIMITS.fileBytes.value) {
      throw new ArchiveError('too-large', `${entry.name} : plus de ${describeLimit('fileBytes')}`);
    }
    files.push({
      name: entry.name,
      sha256: match[1]!,
      manifest: manifest.get(entry.name) ?? null,
      bytes: () => entryBytes(zip, entry),
    });
  }
  return {
    container: 'zip',
    encrypted,
    jsonSize: archive.size,
    json: () => entryChunks(zip, archive),
    files,
  };
}

async function readManifest(
  zip: Blob,
  entry: ZipDirectoryEntry | undefined,
): Promise<Map<string, FileManifestEntry>> {
  const byName = new Map<string, FileManifestEntry>();
  if (!entry) return byName;
  if (entry.size > LIMITS.manifestBytes.value) {
    throw new ArchiveError('too-large', `${FILES_MANIFEST} : plus de ${describeLimit('manifestBytes')}`);
  }
  let list: unknown;
  try {
    list = JSON.parse(new TextDecoder().decode(await entryBytes(zip, entry)));
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError('corrupt-file', FILES_MANIFEST);
  }
  if (!Array.isArray(list)) throw new ArchiveError('corrupt-file', FILES_MANIFEST);
  for (const item of list as FileManifestEntry[]) {
    if (item && typeof item.name === 'string') byName.set(item.name, item);
  }
  return byName;
}
