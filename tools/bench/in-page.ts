/**
 * Functions the bench runs inside pages: the timed click on a portal page, the watch on the
 * dashboard's first screen, navigation timing. (Plain IndexedDB work: ./in-page-idb.ts.)
 *
 * Serialised by puppeteer: no named function or `const f = () =>` inside them (tsx's keepNames
 * would wrap it in a `__name` helper the page lacks); run.ts checks each before use.
 */

export interface ClickResult {
  /** From the click to the moment the result shows its final status and counts. */
  ms: number;
  status: string;
  counts: Record<'found' | 'added' | 'updated' | 'unchanged' | 'invalid', number | null>;
}

/**
 * Arms the timing of the next click on the save button, or on `button` (« Tout enregistrer »:
 * `save-all`), in the content script's closed shadow root, handed in as developer tools reach it
 * (tools/button-root.ts):
 * a capture listener on the shadow root notes the click before the button's own handler runs,
 * and `window.mdmsBenchSave` resolves when the result panel, after showing `saving`, shows a
 * final status. The end is taken in the mutation observer, i.e. when the counts are in the DOM,
 * before the frame that paints them. The click itself must be a real one (puppeteer's): the
 * button ignores untrusted clicks.
 */
export function armSaveTimer(root: ShadowRoot, timeoutMs: number, button = 'save-my-data'): void {
  const holder = window as unknown as { mdmsBenchSave?: Promise<ClickResult> };
  holder.mdmsBenchSave = new Promise((resolveClick, rejectClick) => {
    let t0: number | null = null;
    let saving = false;
    const timer = setTimeout(() => {
      observer.disconnect();
      rejectClick(
        new Error(`no capture result within ${timeoutMs} ms (clicked: ${t0 !== null}, saving: ${saving})`),
      );
    }, timeoutMs);
    root.addEventListener(
      'click',
      (event) => {
        const target = event.target as Element | null;
        if (t0 === null && target?.closest(`[data-testid="${button}"]`)) t0 = performance.now();
      },
      { capture: true },
    );
    const observer = new MutationObserver(() => {
      const result = root.querySelector('[data-testid="capture-result"]');
      const status = result?.getAttribute('data-status') ?? null;
      if (status === 'saving') saving = true;
      if (t0 === null || !result || !saving || status === null || !['ok', 'broken', 'error'].includes(status))
        return;
      const ms = performance.now() - t0;
      observer.disconnect();
      clearTimeout(timer);
      const counts: ClickResult['counts'] = {
        found: null,
        added: null,
        updated: null,
        unchanged: null,
        invalid: null,
      };
      for (const key of Object.keys(counts) as (keyof ClickResult['counts'])[]) {
        const value = result.getAttribute(`data-${key}`);
        counts[key] = value === null || value === '' ? null : Number(value);
      }
      resolveClick({ ms, status, counts });
    });
    observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  // Rejections are read by `savedResult`; this keeps an early one from counting as unhandled.
  holder.mdmsBenchSave.catch(() => undefined);
}

/** What the click armed by `armSaveTimer` produced, once it has. */
export function savedResult(): Promise<ClickResult> {
  const pending = (window as unknown as { mdmsBenchSave?: Promise<ClickResult> }).mdmsBenchSave;
  if (!pending) return Promise.reject(new Error('armSaveTimer was not run on this page'));
  return pending;
}

export interface ScreenState {
  /** ms since navigation start of the last DOM change seen, and of the record count's showing. */
  lastChange: number;
  countAt: number | null;
}

/**
 * Installed before a dashboard page's own scripts: notes every DOM change, and when the record
 * count first shows. The first screen is ready at the last change before the page goes quiet
 * (`screenNow`), whatever the dashboard draws: views come and go, the count stays.
 */
export function watchScreen(): void {
  const state: ScreenState = { lastChange: 0, countAt: null };
  (window as unknown as { mdmsScreen?: ScreenState }).mdmsScreen = state;
  new MutationObserver(() => {
    state.lastChange = performance.now();
    if (state.countAt === null && document.querySelector('[data-testid="record-count"][data-count]')) {
      state.countAt = state.lastChange;
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

/** Where the page watched by `watchScreen` is now. */
export function screenNow(): ScreenState & {
  now: number;
  busy: boolean;
  count: number | null;
  rows: number;
} {
  const state = (window as unknown as { mdmsScreen?: ScreenState }).mdmsScreen ?? {
    lastChange: 0,
    countAt: null,
  };
  const count = document
    .querySelector('[data-testid="record-count"][data-count]')
    ?.getAttribute('data-count');
  return {
    ...state,
    now: performance.now(),
    busy: document.querySelector('[aria-busy="true"]') !== null,
    count: count === undefined || count === null ? null : Number(count),
    rows: document.querySelectorAll('[data-testid$="-row"]').length,
  };
}

/** `load` of the current document, from its navigation timing entry (ms since navigation start). */
export function navigationTiming(): { load: number; domContentLoaded: number } | null {
  const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (!entry || entry.loadEventEnd === 0) return null;
  return { load: entry.loadEventEnd - entry.startTime, domContentLoaded: entry.domContentLoadedEventEnd };
}
