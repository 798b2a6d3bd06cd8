/**
 * A valid archive (spec "Archive (export / import)") whose records of every kind carry a payload in
 * every text field, in their URLs, table cells and LOINC code, and whose captures carry payloads
 * in their title, address, reader name and problems: what a hostile or careless archive can hold
 * and import still accepts. One record of each kind with markup payloads, one with formulas.
 */
import { recordId } from '../../storage/ids';
import { type RecordKind, RECORD_KINDS, type ScrapedRecord, type StoredRecord } from '../../storage/schemas';
import type { Capture } from '../../storage/schemas';
import { sampleRecords } from '../../storage/test-fixtures';
import { FORMULA_PAYLOADS, MARKUP_PAYLOADS, textFields } from './hostile-pages';

export const HOSTILE_SOURCE = 'portail-hostile';
const CAPTURE_ID = 'capture-hostile';
const BROKEN_CAPTURE_ID = 'capture-hostile-cassee';
const AT = '2026-11-20T10:00:00.000Z';

/** Valid http(s) addresses, with markup in their path and query. */
export const HOSTILE_PAGE_URL = 'https://portail.example.fr/p?q="><svg onload=alert(6)>';
export const HOSTILE_FILE_URL = 'https://portail.example.fr/docs/"><img src=x onerror=alert(7)>.pdf';

function hostile(kind: RecordKind, payloads: readonly string[], variant: number): StoredRecord {
  const record = { ...sampleRecords()[kind], source: HOSTILE_SOURCE, sourceUrl: HOSTILE_PAGE_URL } as Record<
    string,
    unknown
  >;
  textFields(kind).forEach((field, i) => {
    // Fields the sample leaves null get a value too: every text field carries a payload.
    const shown = typeof record[field] === 'string' ? (record[field] as string) : `${field} ${kind}`;
    record[field] = `${payloads[(i + variant) % payloads.length]}${shown}`;
  });
  if (kind === 'document') record.url = `${HOSTILE_FILE_URL}?v=${variant}`;
  if (kind === 'table-row') {
    record.cells = Object.fromEntries(payloads.map((payload, i) => [`${payload} (${i})`, payload]));
  }
  const id = recordId(record as ScrapedRecord);
  return {
    ...(record as ScrapedRecord),
    id,
    captureId: CAPTURE_ID,
    capturedAt: AT,
    updatedAt: AT,
    ...(kind === 'lab-result' ? { loinc: MARKUP_PAYLOADS[variant % MARKUP_PAYLOADS.length] } : {}),
  } as StoredRecord;
}

export function hostileRecords(): StoredRecord[] {
  return RECORD_KINDS.flatMap((kind) => [
    hostile(kind, MARKUP_PAYLOADS, 0),
    hostile(kind, FORMULA_PAYLOADS, 1),
  ]);
}

export function hostileCaptures(): Capture[] {
  const common = {
    source: HOSTILE_SOURCE,
    url: "javascript:alert('capture')",
    scraper: { id: MARKUP_PAYLOADS[0], version: '1.0.0' },
    snapshotId: null,
  };
  return [
    {
      ...common,
      id: CAPTURE_ID,
      title: `${MARKUP_PAYLOADS[2]}Mes données`,
      startedAt: AT,
      finishedAt: AT,
      counts: { found: 16, added: 16, updated: 0, unchanged: 0, invalid: 0 },
      problems: [
        { level: 'warning', message: `${MARKUP_PAYLOADS[1]} ligne ignorée`, detail: FORMULA_PAYLOADS[0] },
      ],
    },
    {
      // The portal's latest save, broken: the overview shows its problem as its outcome.
      ...common,
      id: BROKEN_CAPTURE_ID,
      title: `${FORMULA_PAYLOADS[0]}`,
      startedAt: '2026-11-21T10:00:00.000Z',
      finishedAt: '2026-11-21T10:00:00.000Z',
      counts: { found: 0, added: 0, updated: 0, unchanged: 0, invalid: 0 },
      problems: [{ level: 'error', message: `${MARKUP_PAYLOADS[0]} page cassée` }],
    },
  ];
}

export function hostileArchive(records = hostileRecords(), captures = hostileCaptures()): string {
  return JSON.stringify({
    format: 'mes-donnees-sante/archive',
    version: 1,
    exportedAt: '2026-11-28T10:00:00.000Z',
    app: { name: `${MARKUP_PAYLOADS[0]}`, version: '1.0.0' },
    records,
    captures,
  });
}

/** One record points at a `javascript:` URL: import refuses the whole archive, and says so. */
export function refusedArchive(): string {
  const [first, ...rest] = hostileRecords();
  return hostileArchive([
    { ...first!, sourceUrl: "javascript:alert('refus')//<img src=x onerror=alert(9)>" },
    ...rest,
  ]);
}
