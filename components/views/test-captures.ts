/** Saves (captures) for the views' tests. */
import type { CaptureRow } from '../../storage/db';

export function capture(source: string, startedAt: string, fields: Partial<CaptureRow> = {}): CaptureRow {
  return {
    id: `${source}-${startedAt}`,
    source,
    url: `https://${source}.example/page`,
    title: `Page de ${source}`,
    startedAt,
    finishedAt: startedAt,
    scraper: { id: source, version: '1.2.0' },
    counts: { found: 2, added: 2, updated: 0, unchanged: 0, invalid: 0 },
    problems: [],
    snapshotId: null,
    ...fields,
  };
}
