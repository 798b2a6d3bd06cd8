/**
 * When to remind a person to save a portal again. Portals only keep a few months of history (ameli
 * shows the details of about the last 6 months), so a portal not saved for a while is history
 * about to be lost for good.
 */
import { daysSince } from './dates';
import { GENERIC_SOURCE } from './table-records';

/** How many months of history a portal shows, where known. */
const HISTORY_MONTHS: Readonly<Record<string, number>> = { ameli: 6 };

/** Without a known history length: a reminder after three months. */
const DEFAULT_NUDGE_DAYS = 90;

export interface SaveNudge {
  /** Days since the last save that worked; `null` when none ever did. */
  days: number | null;
  historyMonths: number | null;
}

export function historyMonths(source: string): number | null {
  return HISTORY_MONTHS[source] ?? null;
}

/**
 * A reminder once half the portal's history has gone by since the last save, so that saving
 * then still overlaps the last one; `null` when all is well.
 */
export function saveNudge(
  source: string,
  lastGoodSaveAt: string | null,
  now: Date = new Date(),
): SaveNudge | null {
  // Tables saved from any page: there is no portal whose history could run out.
  if (source === GENERIC_SOURCE) return null;
  const months = historyMonths(source);
  if (lastGoodSaveAt === null) return { days: null, historyMonths: months };
  const limit = months === null ? DEFAULT_NUDGE_DAYS : Math.min(DEFAULT_NUDGE_DAYS, (months * 30) / 2);
  const days = daysSince(lastGoodSaveAt, now);
  return days >= limit ? { days, historyMonths: months } : null;
}
