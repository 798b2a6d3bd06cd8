/**
 * Shared by the archive's tests: databases filled with the sample record of every kind and the
 * records of the demo portals' expected files, saved as a person would save them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaptureRow, FileRow, MesDonneesDb, RecordRow } from '../db';
import { sha256Hex } from '../files';
import { saveCapture } from '../save-capture';
import type { ScrapedRecord } from '../schemas';
import { sampleRecords } from '../test-fixtures';

const PORTALS = join(dirname(fileURLToPath(import.meta.url)), '../../demo/portals');

/** Every record of `demo/portals/<portal>/*.expected.json`, grouped by file. */
export function portalExpectedRecords(): { file: string; url: string; records: ScrapedRecord[] }[] {
  const out: { file: string; url: string; records: ScrapedRecord[] }[] = [];
  for (const portal of readdirSync(PORTALS, { withFileTypes: true })) {
    if (!portal.isDirectory()) continue;
    for (const name of readdirSync(join(PORTALS, portal.name))) {
      if (!name.endsWith('.expected.json')) continue;
      const parsed = JSON.parse(readFileSync(join(PORTALS, portal.name, name), 'utf8')) as {
        url: string;
        records: ScrapedRecord[] | null;
      };
      if (parsed.records && parsed.records.length > 0) {
        out.push({ file: `${portal.name}/${name}`, url: parsed.url, records: parsed.records });
      }
    }
  }
  return out;
}

export async function save(db: MesDonneesDb, records: ScrapedRecord[], url = 'https://portail.example.fr/p') {
  const bySource = new Map<string, ScrapedRecord[]>();
  for (const r of records) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r]);
  for (const [source, list] of bySource) {
    const capture = await saveCapture(db, {
      source,
      url,
      title: `Page ${source}`,
      scraper: { id: source, version: '1.0.0' },
      startedAt: new Date().toISOString(),
      records: list,
      problems: [],
    });
    if (capture.counts.invalid > 0) throw new Error(JSON.stringify(capture.problems));
  }
}

/** One record of every kind. */
export async function seedSamples(db: MesDonneesDb): Promise<RecordRow[]> {
  await save(db, Object.values(sampleRecords()));
  return db.records.toArray();
}

/** The demo portals' records, each file saved as one capture. */
export async function seedPortals(db: MesDonneesDb): Promise<RecordRow[]> {
  for (const { url, records } of portalExpectedRecords()) await save(db, records, url);
  return db.records.toArray();
}

/**
 * fake-indexeddb keeps a Blob but not its bytes: files are stored with their metadata in the
 * database and their bytes here, read back through the exports' `readFile` seam.
 */
export class FileBytes {
  private readonly bytes = new Map<string, Uint8Array>();

  async store(db: MesDonneesDb, content: string, mimeType = 'application/pdf'): Promise<FileRow> {
    const data = new TextEncoder().encode(content) as Uint8Array<ArrayBuffer>;
    const sha256 = await sha256Hex(data);
    const row: FileRow = {
      id: sha256,
      sha256,
      size: data.byteLength,
      mimeType,
      blob: new Blob([data], { type: mimeType }),
      url: 'https://portail.example.fr/docs/123.pdf',
      savedAt: '2024-04-01T10:00:00.000Z',
    };
    await db.files.put(row);
    this.bytes.set(sha256, data);
    return row;
  }

  readonly readFile = async (row: FileRow): Promise<Uint8Array> => {
    const data = this.bytes.get(row.id);
    if (!data) throw new Error(`no bytes for ${row.id}`);
    return data;
  };
}

/** A document record pointing at a stored file. */
export function documentWithFile(row: FileRow, title = 'Compte rendu avec fichier'): ScrapedRecord {
  return {
    ...sampleRecords().document,
    title,
    url: `https://portail.example.fr/docs/${row.sha256.slice(0, 8)}.pdf`,
    fileId: row.id,
    sha256: row.sha256,
  };
}

/** A value as canonical text: object keys sorted, a Blob as its size and type (fake-indexeddb keeps no bytes). */
function canonical(value: unknown): string {
  if (value instanceof Blob) return `Blob(${value.size},${value.type})`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * A SHA-256 of every store of the database, row by row in key order: two equal hashes mean
 * nothing was added, changed or removed anywhere, counts and bookkeeping included.
 */
export async function hashDatabase(db: MesDonneesDb): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of db.tables) {
    const keys = await table.toCollection().primaryKeys();
    const rows = await table.bulkGet(keys as never[]);
    const text = keys.map((key, i) => `${canonical(key)}=${canonical(rows[i])}`).join('\n');
    out[table.name] = await sha256Hex(new TextEncoder().encode(text));
  }
  return out;
}

/** What a plan staged for applyImport (./staging.ts): its records and captures, in order. */
export async function stagedOf(
  db: MesDonneesDb,
  plan: { staged: { importId: string } },
): Promise<{ records: RecordRow[]; captures: CaptureRow[] }> {
  const batches = await db.staging.where('importId').equals(plan.staged.importId).sortBy('seq');
  const rows = batches.flatMap((batch) => batch.rows);
  return {
    records: rows.flatMap((row) => (row.table === 'records' ? [row.row as RecordRow] : [])),
    captures: rows.flatMap((row) => (row.table === 'captures' ? [row.row as CaptureRow] : [])),
  };
}
