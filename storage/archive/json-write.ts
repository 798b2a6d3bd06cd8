/**
 * The JSON archive, the reference format that import reads back: the spec's envelope, written a
 * page of records at a time. One record per line keeps the file easy to diff and to skim.
 */
import type { CaptureRow, MesDonneesDb } from '../db';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type AppInfo, type ArchiveHeader } from './envelope';
import { isWholeArchive, PAGE_SIZE, selectionPages, type Selection } from './selection';
import { yieldToPage, type ByteSink, type OnProgress } from './sink';

export interface JsonArchiveOptions {
  app: AppInfo;
  now?: () => Date;
  onProgress?: OnProgress;
  /** Records expected, for progress (see countSelection). */
  total?: number;
}

export interface JsonArchiveSummary {
  records: number;
  captures: number;
  /** Stored files the exported documents point to. */
  fileIds: Set<string>;
  /** The people the exported records name (null: records naming no one). */
  patients: Set<string | null>;
}

export async function writeJsonArchive(
  db: MesDonneesDb,
  selection: Selection,
  sink: ByteSink,
  options: JsonArchiveOptions,
): Promise<JsonArchiveSummary> {
  const header: ArchiveHeader = {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: (options.now ?? (() => new Date()))().toISOString(),
    app: options.app,
  };
  // The header's JSON without its closing brace, then the lists: same key order as the spec.
  sink.write(`${JSON.stringify(header).slice(0, -1)},"records":[`);

  const captureIds = new Set<string>();
  const fileIds = new Set<string>();
  const patients = new Set<string | null>();
  let records = 0;
  for await (const page of selectionPages(db, selection)) {
    const lines = page.map((record) => {
      captureIds.add(record.captureId);
      patients.add(record.patient);
      if (record.kind === 'document' && record.fileId) fileIds.add(record.fileId);
      return JSON.stringify(record);
    });
    sink.write(`${records === 0 ? '\n' : ',\n'}${lines.join(',\n')}`);
    records += page.length;
    options.onProgress?.({ phase: 'records', done: records, total: options.total ?? 0 });
    await yieldToPage();
  }

  sink.write(`${records === 0 ? '' : '\n'}],"captures":[`);
  let captures = 0;
  for await (const page of capturePages(db, isWholeArchive(selection) ? null : captureIds)) {
    sink.write(`${captures === 0 ? '\n' : ',\n'}${page.map((c) => JSON.stringify(c)).join(',\n')}`);
    captures += page.length;
    options.onProgress?.({ phase: 'captures', done: captures, total: 0 });
    await yieldToPage();
  }
  sink.write(`${captures === 0 ? '' : '\n'}]}\n`);
  return { records, captures, fileIds, patients };
}

/**
 * Every capture (`ids` null), or those the exported records name: a selection carries the
 * history of its own records, not of the whole archive.
 */
async function* capturePages(db: MesDonneesDb, ids: Set<string> | null): AsyncGenerator<CaptureRow[]> {
  if (ids) {
    const all = [...ids].sort();
    for (let i = 0; i < all.length; i += PAGE_SIZE) {
      const found = await db.captures.bulkGet(all.slice(i, i + PAGE_SIZE));
      const page = found.filter((c): c is CaptureRow => c !== undefined);
      if (page.length > 0) yield page;
    }
    return;
  }
  let last: string | null = null;
  for (;;) {
    const query = last === null ? db.captures.orderBy(':id') : db.captures.where(':id').above(last);
    const page: CaptureRow[] = await query.limit(PAGE_SIZE).toArray();
    if (page.length === 0) return;
    yield page;
    last = page[page.length - 1]!.id;
  }
}
