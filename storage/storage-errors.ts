/**
 * A failed write in the person's words. IndexedDB says « QuotaExceededError » when the disk or the
 * browser's share of it is full, in the browser's own language or none; Dexie passes it on under
 * the same name (sometimes as the inner error of an aborted transaction).
 */

export const QUOTA_MESSAGE =
  "Plus de place pour enregistrer : l'espace du navigateur est plein. Rien de cet enregistrement n'a été écrit, ce qui l'était déjà est intact. Libérez de l'espace sur le disque, puis recommencez.";

function names(error: unknown): string[] {
  const out: string[] = [];
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const named = e as { name?: unknown; inner?: unknown; cause?: unknown };
    if (typeof named.name === 'string') out.push(named.name);
    e = named.inner ?? named.cause;
  }
  return out;
}

export function isQuotaError(error: unknown): boolean {
  return names(error).includes('QuotaExceededError');
}

/** The message to show for a failed write: the quota in plain words, anything else as it is. */
export function writeErrorMessage(error: unknown): string {
  if (isQuotaError(error)) return QUOTA_MESSAGE;
  return error instanceof Error ? error.message : String(error);
}
