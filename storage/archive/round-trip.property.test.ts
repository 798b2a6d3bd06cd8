/**
 * Export → import into an empty database gives back exactly the same records, captures and
 * files, whatever they hold: a property over generated databases of every record kind, built
 * from the shapes of storage/schemas.ts, with hostile text (prototype keys, markup, formula
 * starters, quotes, lone surrogates, very long strings) among the ordinary.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type CaptureRow, type FileRow, type MesDonneesDb, type RecordRow } from '../db';
import { sha256Hex } from '../files';
import { recordId } from '../ids';
import {
  DOC_TYPES,
  normalizeSpace,
  RECORD_KINDS,
  type RecordKind,
  ScrapedRecord,
  StoredRecord,
} from '../schemas';
import { applyImport } from './apply';
import { exportArchive, type ExportFormat } from './export';
import { planImport } from './plan';
import { sniffFileType } from '../file-type';

const app = { name: 'Mes données, ma santé', version: '0.1.0' };

// ---- text -------------------------------------------------------------------------------------

const HOSTILE = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '=HYPERLINK("http://x")',
  '+1',
  '-2',
  '@SUM(A1)',
  '"guillemets" ; virgule, \\ barre',
  '{"records":[]}',
  '] } { [',
  'Glycémie à jeun',
  'é😀 中文 עברית',
  '\u202e droite à gauche',
  '\ud800 seul',
  'null',
  'undefined',
  '0',
  'PK\u0003\u0004',
  'MDMS-ENC',
];

const longText = fc
  .tuple(fc.constantFrom('x', 'é', '😀', '<b>', '__proto__ '), fc.integer({ min: 5_000, max: 60_000 }))
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)));

/** Any string: what a page or a person could put in a table cell, normalised or not. */
const anyString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: longText },
);

/** The schemas' `text`: trimmed, inner white space collapsed, never empty. */
const text = anyString.map(normalizeSpace).filter((s) => s.length > 0);
const optionalText = fc.option(text, { nil: null, freq: 3 });

// ---- numbers and dates ------------------------------------------------------------------------

// -0 is written as 0 by JSON, so it is generated as 0.
const number = fc
  .oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.constantFrom(0, 0.1, 14.5, 1e-300, Number.MAX_VALUE, Number.MIN_VALUE, -Number.MAX_VALUE),
  )
  .map((n) => (Object.is(n, -0) ? 0 : n));
const amount = fc.option(number, { nil: null, freq: 3 });

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const day = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`);
const clinicalDate = fc.oneof(
  day,
  fc
    .tuple(day, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([d, h, m]) => `${d}T${pad(h)}:${pad(m)}`),
);
const timestamp = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

const source = fc.constantFrom('ameli', 'labo', 'hopital', 'mgen', 'doctolib', 'a-1');
// What the product keeps (storage/safe-url.ts): https links; an http one only on its page's own
// origin, which these records' pages never share.
const url = fc.oneof(
  fc.constantFrom('https://portail.example.fr/page?x=1', 'https://localhost:8080/a#b'),
  fc.webUrl({ validSchemes: ['https'], withQueryParameters: true, withFragments: true }),
);

// ---- records ----------------------------------------------------------------------------------

const common = { source, patient: optionalText, date: clinicalDate, sourceUrl: url };
/** A document's id (`document:` and 32 hex digits), or null for a record read from a page. */
const fromDocument = fc.option(
  fc.stringMatching(/^[0-9a-f]{32}$/).map((hex) => `document:${hex}`),
  { nil: null },
);

const scraped: { [K in RecordKind]: fc.Arbitrary<Extract<ScrapedRecord, { kind: K }>> } = {
  'lab-result': fc.record({
    kind: fc.constant('lab-result' as const),
    ...common,
    analyte: text,
    code: optionalText,
    value: amount,
    valueText: text,
    comparator: fc.constantFrom('<' as const, '<=' as const, '>' as const, '>=' as const, null),
    unit: optionalText,
    refLow: amount,
    refHigh: amount,
    refText: optionalText,
    flag: fc.constantFrom('H' as const, 'L' as const, 'A' as const, null),
    panel: optionalText,
    reportId: optionalText,
    lab: optionalText,
    prescriber: optionalText,
    fromDocument,
  }),
  reimbursement: fc.record({
    kind: fc.constant('reimbursement' as const),
    ...common,
    act: text,
    provider: optionalText,
    paymentDate: fc.option(clinicalDate, { nil: null }),
    charged: amount,
    base: amount,
    rate: amount,
    reimbursedPrimary: amount,
    reimbursedComplementary: amount,
    deductible: fc.option(
      number.map((n) => Math.abs(n)),
      { nil: null },
    ),
    outOfPocket: amount,
    currency: fc.constantFrom('EUR', 'CHF', 'USD'),
    ref: optionalText,
  }),
  appointment: fc.record({
    kind: fc.constant('appointment' as const),
    ...common,
    end: fc.option(clinicalDate, { nil: null }),
    status: fc.constantFrom(
      'booked' as const,
      'fulfilled' as const,
      'cancelled' as const,
      'noshow' as const,
      null,
    ),
    service: optionalText,
    practitioner: optionalText,
    location: optionalText,
    reason: optionalText,
  }),
  // File links are added afterwards, to files the database holds.
  document: fc.record({
    kind: fc.constant('document' as const),
    ...common,
    title: text,
    docType: fc.constantFrom(...DOC_TYPES),
    author: optionalText,
    url: fc.option(url, { nil: null }),
    mimeType: fc.constantFrom('application/pdf', 'image/png', 'text/html', null),
    fileId: fc.constant(null),
    sha256: fc.constant(null),
  }),
  medication: fc.record({
    kind: fc.constant('medication' as const),
    ...common,
    name: text,
    code: optionalText,
    quantity: amount,
    prescriber: optionalText,
    pharmacy: optionalText,
    fromDocument,
  }),
  immunization: fc.record({
    kind: fc.constant('immunization' as const),
    ...common,
    vaccine: text,
    dose: optionalText,
    lot: optionalText,
    performer: optionalText,
    fromDocument,
  }),
  measurement: fc.record({
    kind: fc.constant('measurement' as const),
    ...common,
    name: text,
    code: optionalText,
    value: number,
    unit: optionalText,
  }),
  'table-row': fc.record({
    kind: fc.constant('table-row' as const),
    ...common,
    table: text,
    // Built with Object.fromEntries, so a "__proto__" header is an own key, as JSON.parse makes it.
    cells: fc
      .uniqueArray(fc.tuple(anyString, anyString), { selector: ([k]) => k, maxLength: 6 })
      .map((pairs) => Object.fromEntries(pairs) as Record<string, string>),
  }),
  problem: fc.record({
    kind: fc.constant('problem' as const),
    ...common,
    name: text,
    code: optionalText,
    status: fc.constantFrom('active' as const, 'resolved' as const, 'inactive' as const, null),
    end: fc.option(clinicalDate, { nil: null }),
    fromDocument,
  }),
  allergy: fc.record({
    kind: fc.constant('allergy' as const),
    ...common,
    substance: text,
    code: optionalText,
    reaction: optionalText,
    severity: optionalText,
    status: fc.constantFrom('active' as const, 'resolved' as const, 'inactive' as const, null),
    fromDocument,
  }),
};

const anyScraped = fc.oneof(...RECORD_KINDS.map((k) => scraped[k] as fc.Arbitrary<ScrapedRecord>));

const problem = fc.oneof(
  fc.record({ level: fc.constantFrom('warning' as const, 'error' as const), message: text }),
  fc.record({
    level: fc.constantFrom('warning' as const, 'error' as const),
    message: text,
    detail: anyString,
  }),
);

const capture: fc.Arbitrary<CaptureRow> = fc.record({
  id: fc.uuid(),
  source: text,
  url: anyString,
  title: anyString,
  startedAt: timestamp,
  finishedAt: timestamp,
  scraper: fc.record({
    id: text,
    version: fc.tuple(fc.nat(99), fc.nat(99), fc.nat(99)).map((v) => v.join('.')),
  }),
  counts: fc.record({
    found: fc.nat(),
    added: fc.nat(),
    updated: fc.nat(),
    unchanged: fc.nat(),
    invalid: fc.nat(),
  }),
  problems: fc.array(problem, { maxLength: 3 }),
  snapshotId: fc.option(fc.uuid(), { nil: null }),
});

interface GeneratedFile {
  bytes: Uint8Array<ArrayBuffer>;
  mimeType: string | null;
  url: string | null;
  savedAt: string;
}

const file: fc.Arbitrary<GeneratedFile> = fc.record({
  bytes: fc
    .oneof(
      fc.uint8Array({ maxLength: 2_000 }),
      fc.constant(new TextEncoder().encode('%PDF-1.4 <script>alert(1)</script>')),
      fc.constant(new TextEncoder().encode('<!doctype html><script>alert(1)</script>')),
      fc.constant(new TextEncoder().encode('<?xml version="1.0"?><ClinicalDocument/>')),
      fc.constant(new Uint8Array(0)),
    )
    .map((b) => new Uint8Array(b) as Uint8Array<ArrayBuffer>),
  mimeType: fc.constantFrom(
    'application/pdf',
    'image/png',
    'image/jpeg',
    'text/html',
    'application/x-foo',
    null,
  ),
  url: fc.option(url, { nil: null }),
  savedAt: timestamp,
});

interface Generated {
  records: ScrapedRecord[];
  captures: CaptureRow[];
  files: GeneratedFile[];
  /** For each record, which capture it came from, and its dates. */
  meta: { capture: number; capturedAt: string; updatedAt: string; loinc: string | null; file: number }[];
}

const database: fc.Arbitrary<Generated> = fc
  .tuple(
    // Distinct ids: the database holds one row per id.
    fc.uniqueArray(anyScraped, { minLength: 1, maxLength: 25, selector: recordId }),
    fc.uniqueArray(capture, { minLength: 1, maxLength: 4, selector: (c) => c.id }),
    fc.array(file, { maxLength: 3 }),
  )
  .chain(([records, captures, files]) =>
    fc
      .array(
        fc.record({
          capture: fc.nat(captures.length - 1),
          capturedAt: timestamp,
          updatedAt: timestamp,
          loinc: fc.option(fc.constantFrom('2345-7', '718-7', '__proto__'), { nil: null }),
          // -1: no file; a document links to one of the files otherwise.
          file: fc.integer({ min: -1, max: files.length - 1 }),
        }),
        { minLength: records.length, maxLength: records.length },
      )
      .map((meta) => ({ records, captures, files, meta })),
  );

// ---- the database -----------------------------------------------------------------------------

/** fake-indexeddb keeps a Blob but not its bytes: they live here, read through `readFile`. */
class Bytes {
  readonly byId = new Map<string, Uint8Array<ArrayBuffer>>();
  readonly readFile = async (row: FileRow): Promise<Uint8Array> => {
    const data = this.byId.get(row.id);
    if (!data) throw new Error(`no bytes for ${row.id}`);
    return data;
  };
}

async function fill(db: MesDonneesDb, generated: Generated, bytes: Bytes): Promise<void> {
  const fileRows: FileRow[] = [];
  for (const f of generated.files) {
    const sha256 = await sha256Hex(f.bytes);
    if (bytes.byId.has(sha256)) continue;
    bytes.byId.set(sha256, f.bytes);
    fileRows.push({
      id: sha256,
      sha256,
      size: f.bytes.byteLength,
      // What the product stores: the type its bytes show (the generated claim is a server's).
      mimeType: sniffFileType(f.bytes),
      blob: new Blob([f.bytes], { type: f.mimeType ?? 'application/octet-stream' }),
      url: f.url,
      savedAt: f.savedAt,
    });
  }
  const rows = generated.records.map((record, i): RecordRow => {
    const m = generated.meta[i]!;
    // As saving does: the schema's copy is what is stored (zod drops an own "__proto__" cell key).
    let facts = ScrapedRecord.parse(record);
    const linked = fileRows.length > 0 && m.file >= 0 ? fileRows[m.file % fileRows.length] : undefined;
    if (facts.kind === 'document' && linked) facts = { ...facts, fileId: linked.id, sha256: linked.sha256 };
    const row = {
      ...facts,
      id: recordId(facts),
      captureId: generated.captures[m.capture]!.id,
      capturedAt: m.capturedAt,
      updatedAt: m.updatedAt,
      ...(facts.kind === 'lab-result' ? { loinc: m.loinc } : {}),
    };
    // The generators make what the schemas accept, and nothing else.
    const parsed = StoredRecord.safeParse(row);
    if (!parsed.success) throw new Error(`generator made an invalid record: ${parsed.error.message}`);
    return row as RecordRow;
  });
  await db.transaction('rw', [db.records, db.captures, db.files], async () => {
    await db.records.bulkAdd(rows);
    await db.captures.bulkAdd(generated.captures);
    await db.files.bulkAdd(fileRows);
  });
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A file row as a value: its metadata, without the Blob that fake-indexeddb empties. */
function fileMeta(row: FileRow) {
  return {
    id: row.id,
    sha256: row.sha256,
    size: row.size,
    mimeType: row.mimeType,
    url: row.url,
    savedAt: row.savedAt,
  };
}

let dbs: MesDonneesDb[] = [];
beforeEach(() => {
  dbs = [];
});
afterEach(async () => {
  for (const db of dbs) await deleteDb(db);
});

function fresh(name: string): MesDonneesDb {
  const db = openDb(`${name}-${crypto.randomUUID()}`);
  dbs.push(db);
  return db;
}

async function roundTrip(generated: Generated, format: ExportFormat, passphrase?: string) {
  const source = fresh('rt-src');
  const target = fresh('rt-dst');
  const bytes = new Bytes();
  await fill(source, generated, bytes);
  const { blob } = await exportArchive(source, {
    format,
    locale: 'fr',
    app,
    readFile: bytes.readFile,
    passphrase,
  });
  const plan = await planImport(target, blob, { passphrase });
  // The bytes of the files are checked here, before fake-indexeddb forgets them.
  const imported = new Map<string, Uint8Array>();
  for (const row of plan.fileRows) imported.set(row.id, new Uint8Array(await row.blob.arrayBuffer()));
  const outcome = await applyImport(target, plan);
  return { source, target, bytes, plan, outcome, imported };
}

const PLAIN_RUNS = 40;
const ENCRYPTED_RUNS = 3;

describe('export → import into an empty database', () => {
  it('gives back the same records, captures and files through the ZIP', async () => {
    await fc.assert(
      fc.asyncProperty(database, async (generated) => {
        const { source, target, bytes, plan, outcome, imported } = await roundTrip(generated, 'zip');
        const records = (await source.records.toArray()).sort(byId);
        expect((await target.records.toArray()).sort(byId)).toEqual(records);
        expect((await target.captures.toArray()).sort(byId)).toEqual(
          (await source.captures.toArray()).sort(byId),
        );
        expect(plan.warnings).toEqual([]);

        // Exported are the files the documents link to; each comes back byte for byte.
        const linked = new Set(records.flatMap((r) => (r.kind === 'document' && r.fileId ? [r.fileId] : [])));
        const expected = (await source.files.toArray()).filter((f) => linked.has(f.id));
        expect((await target.files.toArray()).map(fileMeta).sort(byId)).toEqual(
          expected.map(fileMeta).sort(byId),
        );
        expect(outcome).toEqual({
          records: records.length,
          captures: generated.captures.length,
          files: linked.size,
        });
        for (const id of linked) expect(imported.get(id)).toEqual(bytes.byId.get(id));
      }),
      { numRuns: PLAIN_RUNS },
    );
  }, 60_000);

  it('gives back the same records and captures through the JSON archive, file links said dropped', async () => {
    await fc.assert(
      fc.asyncProperty(database, async (generated) => {
        const { source, target, plan, outcome } = await roundTrip(generated, 'json');
        // A JSON archive carries no files: into an empty database, a document's link is dropped.
        const records = (await source.records.toArray()).sort(byId);
        const expected = records.map((r) =>
          r.kind === 'document' && r.fileId !== null ? { ...r, fileId: null, sha256: null } : r,
        );
        expect((await target.records.toArray()).sort(byId)).toEqual(expected);
        expect((await target.captures.toArray()).sort(byId)).toEqual(
          (await source.captures.toArray()).sort(byId),
        );
        expect(await target.files.count()).toBe(0);
        expect(plan.warnings).toHaveLength(records.filter((r) => r.kind === 'document' && r.fileId).length);
        expect(outcome.records).toBe(records.length);
      }),
      { numRuns: PLAIN_RUNS },
    );
  }, 60_000);

  it('gives back the same everything through the encrypted ZIP (600 000 PBKDF2 iterations: few runs)', async () => {
    await fc.assert(
      fc.asyncProperty(database, text, async (generated, passphrase) => {
        const { source, target, bytes, imported } = await roundTrip(generated, 'zip', passphrase);
        expect((await target.records.toArray()).sort(byId)).toEqual(
          (await source.records.toArray()).sort(byId),
        );
        expect((await target.captures.toArray()).sort(byId)).toEqual(
          (await source.captures.toArray()).sort(byId),
        );
        for (const [id, data] of imported) expect(data).toEqual(bytes.byId.get(id));
      }),
      { numRuns: ENCRYPTED_RUNS },
    );
  }, 120_000);

  it('finds nothing to change when the same archive is imported again', async () => {
    await fc.assert(
      fc.asyncProperty(database, async (generated) => {
        const source = fresh('rt2-src');
        const target = fresh('rt2-dst');
        const bytes = new Bytes();
        await fill(source, generated, bytes);
        const { blob } = await exportArchive(source, {
          format: 'zip',
          locale: 'en',
          app,
          readFile: bytes.readFile,
        });
        await applyImport(target, await planImport(target, blob));
        const again = await planImport(target, blob);
        expect(again.staged).toMatchObject({ records: 0, captures: 0 });
        expect(again.fileRows).toEqual([]);
      }),
      { numRuns: 10 },
    );
  }, 60_000);
});
