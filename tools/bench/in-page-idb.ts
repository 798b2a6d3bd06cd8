/**
 * Plain IndexedDB work the bench runs in an extension page (the extension's origin, without the
 * product's code): the bare baseline's writes and reads, and the dashboard figure's records.
 *
 * Serialised by puppeteer: no named function or `const f = () =>` inside them (tsx's keepNames
 * would wrap it in a `__name` helper the page lacks); run.ts checks each before use.
 */

export interface StoreSpec {
  name: string;
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: { name: string; keyPath: string | string[]; unique: boolean; multiEntry: boolean }[];
}

/** Deletes database `name` (waiting out open connections, which Dexie closes) and recreates it. */
export function recreateDatabase(name: string, version: number, stores: StoreSpec[]): Promise<void> {
  return new Promise((resolveCreate, rejectCreate) => {
    const deletion = indexedDB.deleteDatabase(name);
    deletion.onerror = () => rejectCreate(deletion.error);
    deletion.onsuccess = () => {
      const opening = indexedDB.open(name, version);
      opening.onerror = () => rejectCreate(opening.error);
      opening.onupgradeneeded = () => {
        for (const spec of stores) {
          const store = opening.result.createObjectStore(spec.name, {
            keyPath: spec.keyPath,
            autoIncrement: spec.autoIncrement,
          });
          for (const index of spec.indexes) {
            store.createIndex(index.name, index.keyPath, {
              unique: index.unique,
              multiEntry: index.multiEntry,
            });
          }
        }
      };
      opening.onsuccess = () => {
        opening.result.close();
        resolveCreate();
      };
    };
  });
}

/**
 * Puts `rows` into `store`, each under a fresh `<kind>:<32 hex>` id like the product's, in one
 * readwrite transaction; times the transaction from its creation to `complete`.
 */
export function timedPut(
  name: string,
  store: string,
  rows: Record<string, unknown>[],
): Promise<{ ms: number; ids: string[] }> {
  return new Promise((resolvePut, rejectPut) => {
    const opening = indexedDB.open(name);
    opening.onerror = () => rejectPut(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      const stamp = new Date().toISOString();
      const captureId = crypto.randomUUID();
      const objects = rows.map((row) => ({
        ...row,
        id: `${String(row.kind)}:${crypto.randomUUID().replaceAll('-', '')}`,
        captureId,
        capturedAt: stamp,
        updatedAt: stamp,
      }));
      const t0 = performance.now();
      const tx = db.transaction(store, 'readwrite');
      const target = tx.objectStore(store);
      for (const object of objects) target.put(object);
      tx.oncomplete = () => {
        const ms = performance.now() - t0;
        db.close();
        resolvePut({ ms, ids: objects.map((object) => object.id) });
      };
      tx.onerror = () => rejectPut(tx.error);
    };
  });
}

/** Gets every key of `ids` from `store` in one readonly transaction, timed to `complete`. */
export function timedGet(name: string, store: string, ids: string[]): Promise<{ ms: number; found: number }> {
  return new Promise((resolveGet, rejectGet) => {
    const opening = indexedDB.open(name);
    opening.onerror = () => rejectGet(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      let found = 0;
      const t0 = performance.now();
      const tx = db.transaction(store, 'readonly');
      const source = tx.objectStore(store);
      for (const id of ids) {
        const request = source.get(id);
        request.onsuccess = () => {
          if (request.result !== undefined) found++;
        };
      }
      tx.oncomplete = () => {
        const ms = performance.now() - t0;
        db.close();
        resolveGet({ ms, found });
      };
      tx.onerror = () => rejectGet(tx.error);
    };
  });
}

/**
 * Replaces the records of the extension's database (as the product left it, so with its own
 * schema) by `count` copies of those it holds, and their counts in `stats` as the product keeps them: each copy gets its own id and its date moved back
 * up to 19 years, so the `date` index spreads like a real archive's.
 */
export function fillRecords(name: string, count: number): Promise<number> {
  return new Promise((resolveFill, rejectFill) => {
    const opening = indexedDB.open(name);
    opening.onerror = () => rejectFill(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      const reading = db.transaction('records', 'readonly').objectStore('records').getAll();
      reading.onerror = () => rejectFill(reading.error);
      reading.onsuccess = () => {
        const templates = reading.result as Record<string, unknown>[];
        if (templates.length === 0) {
          db.close();
          rejectFill(new Error('no record to copy: save a page first'));
          return;
        }
        // The product keeps its record counts in `stats` (storage/stats.ts) with every write.
        const hasStats = db.objectStoreNames.contains('stats');
        const tx = db.transaction(hasStats ? ['records', 'stats'] : ['records'], 'readwrite');
        const records = tx.objectStore('records');
        records.clear();
        const counts = new Map<
          string,
          { key: string; source: unknown; kind: unknown; patient: unknown; count: number }
        >();
        for (let i = 0; i < count; i++) {
          const template = templates[i % templates.length] ?? {};
          const years = Math.floor(i / templates.length) % 20;
          const date = String(template.date);
          records.put({
            ...template,
            id: `${String(template.kind)}:${i.toString(16).padStart(32, '0')}`,
            date: `${Number(date.slice(0, 4)) - years}${date.slice(4)}`,
          });
          const key = JSON.stringify([template.source, template.kind, template.patient ?? null]);
          const row = counts.get(key) ?? {
            key,
            source: template.source,
            kind: template.kind,
            patient: template.patient ?? null,
            count: 0,
          };
          row.count++;
          counts.set(key, row);
        }
        if (hasStats) {
          const stats = tx.objectStore('stats');
          stats.clear();
          for (const row of counts.values()) stats.put(row);
        }
        tx.oncomplete = () => {
          db.close();
          resolveFill(count);
        };
        tx.onerror = () => rejectFill(tx.error);
      };
    };
  });
}

/**
 * What the dashboard's first screen asks IndexedDB, done plainly: the number of records, and the
 * 100 newest by `date` through its index. Tells the database's share of the first screen.
 */
export function timedDashboardReads(
  name: string,
): Promise<{ countMs: number; newestMs: number; count: number }> {
  return new Promise((resolveReads, rejectReads) => {
    const opening = indexedDB.open(name);
    opening.onerror = () => rejectReads(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      const t0 = performance.now();
      const counting = db.transaction('records', 'readonly').objectStore('records').count();
      counting.onerror = () => rejectReads(counting.error);
      counting.onsuccess = () => {
        const countMs = performance.now() - t0;
        const t1 = performance.now();
        const rows: unknown[] = [];
        const cursor = db
          .transaction('records', 'readonly')
          .objectStore('records')
          .index('date')
          .openCursor(null, 'prev');
        cursor.onerror = () => rejectReads(cursor.error);
        cursor.onsuccess = () => {
          if (cursor.result && rows.length < 100) {
            rows.push(cursor.result.value);
            cursor.result.continue();
            return;
          }
          db.close();
          resolveReads({ countMs, newestMs: performance.now() - t1, count: counting.result });
        };
      };
    };
  });
}

/** Empties one store of the database `name`, when it has it (run in the extension's origin). */
export function clearStore(name: string, store: string): Promise<void> {
  return new Promise((resolveClear, rejectClear) => {
    const opening = indexedDB.open(name);
    opening.onerror = () => rejectClear(opening.error);
    opening.onsuccess = () => {
      const db = opening.result;
      if (!db.objectStoreNames.contains(store)) {
        db.close();
        resolveClear();
        return;
      }
      const tx = db.transaction(store, 'readwrite');
      tx.objectStore(store).clear();
      tx.oncomplete = () => {
        db.close();
        resolveClear();
      };
      tx.onerror = () => rejectClear(tx.error);
    };
  });
}
