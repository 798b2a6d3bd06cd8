/**
 * Saving the files of a page's document records: the content script downloads each file that
 * the portal serves from its own host, in the person's session, and the background stores it.
 * A file that is too large or fails to download is reported; its record is saved without it.
 */
import { MAX_FILE_BYTES } from '../storage/files';
import type { Problem, ScrapedRecord } from '../storage/schemas';

const PARALLEL = 3;

/** The file's bytes only: what it is, the background reads from them (storage/file-type.ts). */
export interface DownloadedFile {
  bytes: Uint8Array<ArrayBuffer>;
}

export interface FileDeps {
  /** The files already stored for these links (by a previous save). */
  known(urls: string[]): Promise<Record<string, { fileId: string; sha256: string }>>;
  download(url: URL): Promise<DownloadedFile>;
  store(url: URL, file: DownloadedFile): Promise<{ fileId: string; sha256: string }>;
  onProgress(done: number, total: number): void;
}

type DocumentRecord = Extract<ScrapedRecord, { kind: 'document' }>;

/** Sets `fileId`/`sha256` on the document records whose file could be saved; returns problems. */
export async function attachFiles(records: ScrapedRecord[], page: URL, deps: FileDeps): Promise<Problem[]> {
  const documents = records.filter(
    (record): record is DocumentRecord =>
      record.kind === 'document' && record.url !== null && new URL(record.url).origin === page.origin,
  );
  if (documents.length === 0) return [];
  const known = await deps.known([...new Set(documents.map((d) => d.url!))]);
  const missing = documents.filter((document) => {
    const file = known[document.url!];
    if (file) Object.assign(document, file);
    return !file;
  });

  const problems: Problem[] = [];
  // One download per link, even when the page lists the same file twice.
  const byUrl = new Map<string, DocumentRecord[]>();
  for (const document of missing) byUrl.set(document.url!, [...(byUrl.get(document.url!) ?? []), document]);
  const queue = [...byUrl.entries()];
  let done = 0;
  deps.onProgress(0, queue.length);

  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [url, owners] = next;
      try {
        const file = await deps.download(new URL(url));
        if (file.bytes.byteLength > MAX_FILE_BYTES) {
          throw new Error(`fichier trop volumineux (${Math.round(file.bytes.byteLength / 1024 / 1024)} Mo)`);
        }
        const stored = await deps.store(new URL(url), file);
        for (const owner of owners) Object.assign(owner, stored);
      } catch (error) {
        problems.push({
          level: 'warning',
          message: `Document « ${owners[0]?.title ?? url} » enregistré sans son fichier : ${
            error instanceof Error ? error.message : String(error)
          }`,
          detail: url,
        });
      }
      deps.onProgress(++done, byUrl.size);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
  return problems;
}
