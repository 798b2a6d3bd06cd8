/**
 * The date window of ameli's payments page: its filters hold the bounds the portal allows
 * (`data-mindate`, `data-maxdate`) and the window shown (their values), as `dd/mm/yyyy`. The
 * in-session requests ask for one of the two (./channels.ts).
 */

/** The date filters of the payments page: their bounds and the window shown. */
export const START = '#paiements_1dateDebut';
export const END = '#paiements_1dateFin';
const MIN_DATE = 'data-mindate';
const MAX_DATE = 'data-maxdate';
/** `dd/mm/yyyy`, as the filters hold their dates and the list request sends them. */
const DAY = /^\d{2}\/\d{2}\/\d{4}$/;

/** The window to ask for: the whole one the page allows, or the one it shows. */
export function dateWindow(doc: Document, scope: 'page' | 'all'): { start: string; end: string } | null {
  const start = doc.querySelector(START);
  const end = doc.querySelector(END);
  const pick = (input: Element | null, bound: string) => {
    const shown = (input as HTMLInputElement | null)?.value?.trim() || input?.getAttribute('value')?.trim();
    const limit = input?.getAttribute(bound)?.trim();
    const value = scope === 'all' ? limit : shown || limit;
    return value && DAY.test(value) ? value : null;
  };
  const from = pick(start, MIN_DATE);
  const to = pick(end, MAX_DATE);
  return from && to ? { start: from, end: to } : null;
}
