/**
 * What the import figure runs in the dashboard's page: the bare import (a file input, JSON.parse,
 * plain IndexedDB) and the watch on the product's import panel.
 *
 * Serialised by puppeteer: no named function or `const f = () =>` inside them (tsx's keepNames
 * would wrap it in a `__name` helper the page lacks); run.ts checks each before use.
 */

export interface BaselineImport {
  /** From the file input's `change` to the transaction's `complete`. */
  ms: number;
  readMs: number;
  parseMs: number;
  /** Readwrite transactions putting every record and capture, a piece of the file each. */
  putMs: number;
  records: number;
}

/**
 * Adds a file input to the page whose `change` runs the bare import: the file read 16 MiB at a
 * time, each piece's lines (the archive writes one record or capture per line) parsed with
 * `JSON.parse`, and `put` into database `name`, a transaction per piece. By pieces, because one
 * text and one `JSON.parse` of a million-record archive (about 560 MB) is more than a tab can
 * hold. (The product writes the whole import in one transaction; the baseline does not bother.)
 * `baselineImported` gives the outcome.
 */
export function armBaselineImport(name: string): void {
  const input = document.createElement('input');
  input.type = 'file';
  input.dataset.bench = 'baseline-import';
  document.body.append(input);
  const holder = window as unknown as { mdmsBaselineImport?: Promise<BaselineImport> };
  holder.mdmsBaselineImport = new Promise((resolveImport, rejectImport) => {
    input.addEventListener(
      'change',
      () => {
        const file = input.files?.[0];
        if (!file) {
          rejectImport(new Error('no file chosen'));
          return;
        }
        (async () => {
          const t0 = performance.now();
          const db = await new Promise<IDBDatabase>((resolveOpen, rejectOpen) => {
            const opening = indexedDB.open(name);
            opening.onerror = () => rejectOpen(opening.error);
            opening.onsuccess = () => resolveOpen(opening.result);
          });
          let readMs = 0;
          let parseMs = 0;
          let putMs = 0;
          let records = 0;
          let rest = '';
          const piece = 16 << 20;
          for (let at = 0; at < file.size || rest !== ''; at += piece) {
            const started = performance.now();
            const text = at < file.size ? await file.slice(at, at + piece).text() : '\n';
            const read = performance.now();
            const lines = (rest + text).split('\n');
            rest = at < file.size ? (lines.pop() ?? '') : '';
            const rows: { store: string; value: unknown }[] = [];
            for (const line of lines) {
              const json = line.endsWith(',') ? line.slice(0, -1) : line;
              if (json.startsWith('{"kind":')) rows.push({ store: 'records', value: JSON.parse(json) });
              else if (json.startsWith('{"id":')) rows.push({ store: 'captures', value: JSON.parse(json) });
            }
            const parsed = performance.now();
            await new Promise<void>((resolvePut, rejectPut) => {
              const tx = db.transaction(['records', 'captures'], 'readwrite');
              for (const row of rows) tx.objectStore(row.store).put(row.value);
              tx.oncomplete = () => resolvePut();
              tx.onerror = () => rejectPut(tx.error);
            });
            readMs += read - started;
            parseMs += parsed - read;
            putMs += performance.now() - parsed;
            records += rows.filter((row) => row.store === 'records').length;
          }
          db.close();
          input.remove();
          resolveImport({ ms: performance.now() - t0, readMs, parseMs, putMs, records });
        })().catch(rejectImport);
      },
      { once: true },
    );
  });
  holder.mdmsBaselineImport.catch(() => undefined);
}

export function baselineImported(): Promise<BaselineImport> {
  const pending = (window as unknown as { mdmsBaselineImport?: Promise<BaselineImport> }).mdmsBaselineImport;
  if (!pending) return Promise.reject(new Error('armBaselineImport was not run on this page'));
  return pending;
}

/** When each step of the product's import happened (performance.now()), as the page showed it. */
export interface ImportSteps {
  /** The file input's `change`. */
  chosenAt: number | null;
  /** The "analyse" button enabled after that. */
  enabledAt: number | null;
  analyseAt: number | null;
  /** The plan shown, and the records it would add. */
  planAt: number | null;
  added: number | null;
  confirmAt: number | null;
  doneAt: number | null;
  error: string | null;
  /** When the refusal was in the DOM. */
  errorAt: number | null;
}

/**
 * Installed in the dashboard before a product import: notes the file's choice, the clicks on
 * "analyse" and "confirm" (capture listeners, before the panel's own handlers), and, in a
 * mutation observer, when the plan and the outcome are in the DOM, before the frame that paints.
 */
export function armImportWatch(): void {
  const steps: ImportSteps = {
    chosenAt: null,
    enabledAt: null,
    analyseAt: null,
    planAt: null,
    added: null,
    confirmAt: null,
    doneAt: null,
    error: null,
    errorAt: null,
  };
  (window as unknown as { mdmsImportSteps?: ImportSteps }).mdmsImportSteps = steps;
  document.addEventListener(
    'change',
    (event) => {
      const target = event.target as Element | null;
      if (steps.chosenAt === null && target?.closest('[data-testid="import-file"]'))
        steps.chosenAt = performance.now();
    },
    { capture: true },
  );
  document.addEventListener(
    'click',
    (event) => {
      const target = event.target as Element | null;
      if (steps.analyseAt === null && target?.closest('[data-testid="import-analyse"]'))
        steps.analyseAt = performance.now();
      if (steps.confirmAt === null && target?.closest('[data-testid="import-confirm"]'))
        steps.confirmAt = performance.now();
    },
    { capture: true },
  );
  new MutationObserver(() => {
    const now = performance.now();
    if (
      steps.chosenAt !== null &&
      steps.enabledAt === null &&
      document.querySelector('[data-testid="import-analyse"]:not([disabled])')
    ) {
      steps.enabledAt = now;
    }
    if (steps.planAt === null && document.querySelector('[data-testid="import-plan"]')) {
      steps.planAt = now;
      steps.added = [...document.querySelectorAll('[data-testid="import-plan"] tr[data-added]')].reduce(
        (sum, row) => sum + Number(row.getAttribute('data-added')),
        0,
      );
    }
    if (steps.doneAt === null && document.querySelector('[data-testid="import-done"]')) steps.doneAt = now;
    const error = document.querySelector('[data-testid="import-error"]');
    if (error) {
      steps.error = error.textContent;
      steps.errorAt ??= now;
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

/** The steps noted by `armImportWatch`. */
export function importSteps(): ImportSteps | null {
  return (window as unknown as { mdmsImportSteps?: ImportSteps }).mdmsImportSteps ?? null;
}

/** True once the import reached `step`, or failed. */
export function importReached(step: 'planAt' | 'doneAt'): boolean {
  const steps = (window as unknown as { mdmsImportSteps?: ImportSteps }).mdmsImportSteps;
  return steps !== undefined && (steps[step] !== null || steps.error !== null);
}
