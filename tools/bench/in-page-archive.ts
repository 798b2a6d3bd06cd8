/**
 * What the export figures run inside extension pages: filling the product's database with the
 * bench archive, the bare export (plain IndexedDB, JSON and a download link), and the watch on
 * the product's export panel. (The import's: ./in-page-import.ts.)
 *
 * Serialised by puppeteer: no named function or `const f = () =>` inside them (tsx's keepNames
 * would wrap it in a `__name` helper the page lacks); run.ts checks each before use.
 */

export interface ArchiveRows {
  records: unknown[];
  captures: unknown[];
  stats: unknown[];
}

/** Puts `rows` into the product's database (which must exist, with its schema) in one transaction. */
export function writeArchive(name: string, rows: ArchiveRows): Promise<void> {
  return new Promise((resolveWrite, rejectWrite) => {
    const opening = indexedDB.open(name);
    opening.onerror = () => rejectWrite(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      try {
        const tx = db.transaction(['records', 'captures', 'stats'], 'readwrite');
        for (const record of rows.records) tx.objectStore('records').put(record);
        for (const capture of rows.captures) tx.objectStore('captures').put(capture);
        for (const row of rows.stats) tx.objectStore('stats').put(row);
        tx.oncomplete = () => {
          db.close();
          resolveWrite();
        };
        tx.onerror = () => rejectWrite(tx.error);
      } catch (error) {
        db.close();
        rejectWrite(error);
      }
    };
  });
}

/** How many rows `stores` hold, and the sum of `stats` counts when it is one of them. */
export function storeCounts(
  name: string,
  stores: string[],
): Promise<{ rows: Record<string, number>; statsTotal: number | null }> {
  return new Promise((resolveCounts, rejectCounts) => {
    const opening = indexedDB.open(name);
    opening.onerror = () => rejectCounts(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      const tx = db.transaction(stores, 'readonly');
      const rows: Record<string, number> = {};
      let statsTotal: number | null = null;
      for (const store of stores) {
        const counting = tx.objectStore(store).count();
        counting.onsuccess = () => {
          rows[store] = counting.result;
        };
      }
      if (stores.includes('stats')) {
        const reading = tx.objectStore('stats').getAll();
        reading.onsuccess = () => {
          statsTotal = (reading.result as { count: number }[]).reduce((sum, row) => sum + row.count, 0);
        };
      }
      tx.oncomplete = () => {
        db.close();
        resolveCounts({ rows, statsTotal });
      };
      tx.onerror = () => rejectCounts(tx.error);
    };
  });
}

export interface BaselineExport {
  /** Open, then readonly transactions reading every record (`getAll` by batches) and capture. */
  readMs: number;
  stringifyMs: number;
  blobMs: number;
  records: number;
}

/**
 * The bare export: every record and capture of the product's database read with `getAll` in
 * batches of 10 000 keys, each batch one `JSON.stringify`, the parts one Blob, saved through a
 * download link as the product's `saveFile` does. Batches, because one `getAll` and one
 * `JSON.stringify` of a million records is past what a tab can hold (V8's longest string is
 * about 512 Mi characters; the tab is killed before). Resolves when the link is clicked; the
 * download completes later.
 */
export async function exportBaseline(name: string, filename: string): Promise<BaselineExport> {
  const batch = 10_000;
  const t0 = performance.now();
  const db = await new Promise<IDBDatabase>((resolveOpen, rejectOpen) => {
    const opening = indexedDB.open(name);
    opening.onerror = () => rejectOpen(opening.error);
    opening.onsuccess = () => resolveOpen(opening.result);
  });
  const parts: string[] = [];
  // Opening the database is part of reading it, as it was with one getAll.
  let readMs = performance.now() - t0;
  let stringifyMs = 0;
  let records = 0;
  let after: IDBValidKey | null = null;
  for (;;) {
    const started = performance.now();
    const from: IDBValidKey | null = after;
    const rows = await new Promise<{ id: IDBValidKey }[]>((resolveRead, rejectRead) => {
      const tx = db.transaction('records', 'readonly');
      const reading = tx
        .objectStore('records')
        .getAll(from === null ? null : IDBKeyRange.lowerBound(from, true), batch);
      reading.onsuccess = () => resolveRead(reading.result as { id: IDBValidKey }[]);
      tx.onerror = () => rejectRead(tx.error);
    });
    const read = performance.now();
    readMs += read - started;
    if (rows.length === 0) break;
    const text = JSON.stringify(rows);
    parts.push(parts.length === 0 ? text.slice(1, -1) : `,${text.slice(1, -1)}`);
    stringifyMs += performance.now() - read;
    records += rows.length;
    after = rows[rows.length - 1]!.id;
    if (rows.length < batch) break;
  }
  const started = performance.now();
  const captures = await new Promise<unknown[]>((resolveRead, rejectRead) => {
    const tx = db.transaction('captures', 'readonly');
    const reading = tx.objectStore('captures').getAll();
    reading.onsuccess = () => resolveRead(reading.result as unknown[]);
    tx.onerror = () => rejectRead(tx.error);
  });
  db.close();
  const t1 = performance.now();
  readMs += t1 - started;
  const head = JSON.stringify({
    format: 'mes-donnees-sante/archive',
    version: 1,
    exportedAt: new Date().toISOString(),
  });
  const tail = `],"captures":${JSON.stringify(captures)}}`;
  const t2 = performance.now();
  stringifyMs += t2 - t1;
  const blob = new Blob([`${head.slice(0, -1)},"records":[`, ...parts, tail], { type: 'application/json' });
  const t3 = performance.now();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { readMs, stringifyMs, blobMs: t3 - t2, records };
}

/** Click on "export" → the panel says the file is made (its Blob built and handed to the download). */
export interface ExportSteps {
  clickAt: number | null;
  doneAt: number | null;
}

/** Installed in the dashboard before a product export; `exportSteps` reads it. */
export function armExportWatch(): void {
  const steps: ExportSteps = { clickAt: null, doneAt: null };
  (window as unknown as { mdmsExportSteps?: ExportSteps }).mdmsExportSteps = steps;
  document.addEventListener(
    'click',
    (event) => {
      const target = event.target as Element | null;
      if (steps.clickAt === null && target?.closest('[data-testid="export-submit"]'))
        steps.clickAt = performance.now();
    },
    { capture: true },
  );
  new MutationObserver(() => {
    if (steps.doneAt === null && document.querySelector('[data-testid="export-done"]'))
      steps.doneAt = performance.now();
  }).observe(document, { subtree: true, childList: true });
}

export function exportSteps(): ExportSteps | null {
  return (window as unknown as { mdmsExportSteps?: ExportSteps }).mdmsExportSteps ?? null;
}
