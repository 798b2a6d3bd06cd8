/**
 * When the person last opened the dashboard, so that the Aperçu can say what is new since. Kept in
 * the extension's own `localStorage` (one instant, nothing about the person); read once per page
 * and replaced by this visit's instant, so that the whole visit compares with the one before.
 */
const KEY = 'mes-donnees-ma-sante:derniere-visite';

let previous: string | null | undefined;

/** The previous visit's instant (ISO), or null on the first visit or when storage is refused. */
export function previousVisit(now: Date = new Date()): string | null {
  if (previous !== undefined) return previous;
  try {
    const stored = localStorage.getItem(KEY);
    previous = stored && !Number.isNaN(Date.parse(stored)) ? stored : null;
    localStorage.setItem(KEY, now.toISOString());
  } catch {
    previous = null;
  }
  return previous;
}

/** Forgets the visits (erasing the archive, tests). */
export function forgetVisits(): void {
  previous = undefined;
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing was kept.
  }
}
