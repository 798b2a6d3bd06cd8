/**
 * Hostile archives, beyond the broken ones of import.test.ts (not an archive, other format, newer
 * version, invalid record, cut off, passphrase, forged file): prototype keys, enormous strings and
 * markup. Each is refused with its own reason — or, where it is only text, kept as text — and a
 * refusal leaves the database as it was and Object.prototype untouched.
 */
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../db';
import { recordId } from '../ids';
import { sampleRecords } from '../test-fixtures';
import { applyImport } from './apply';
import { ARCHIVE_FORMAT, ArchiveError, type ArchiveEnvelope } from './envelope';
import { exportArchive } from './export';
import { planImport } from './plan';
import { seedSamples } from './test-helpers';

const app = { name: 'Mes données, ma santé', version: '0.1.0' };
/** A refusal says why in a few lines, never by copying what it refused. */
const MAX_DETAIL = 2_000;
/** Long, but within the bounds of storage/limits.ts: refused by the record checks. */
const LONG = 500_000;
/** Past the string bound: refused while reading, before any check. */
const HUGE = 5_000_000;

let source: MesDonneesDb;
let target: MesDonneesDb;
beforeEach(() => {
  source = openDb(`hostile-src-${crypto.randomUUID()}`);
  target = openDb(`hostile-dst-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await deleteDb(source);
  await deleteDb(target);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);

async function snapshot(db: MesDonneesDb) {
  return {
    records: (await db.records.toArray()).sort(byId),
    captures: (await db.captures.toArray()).sort(byId),
    files: (await db.files.toArray()).map((f) => f.id).sort(),
  };
}

async function refusal(file: Blob): Promise<{ code: string; detail: string }> {
  await seedSamples(target);
  const before = await snapshot(target);
  try {
    await planImport(target, file);
  } catch (error) {
    expect(await snapshot(target)).toEqual(before);
    if (error instanceof ArchiveError) return { code: error.code, detail: error.detail };
    throw error;
  }
  throw new Error('the archive was accepted');
}

/** The sample records as an archive holds them. */
async function archived(): Promise<ArchiveEnvelope> {
  await seedSamples(source);
  const { blob } = await exportArchive(source, { format: 'json', locale: 'fr', app });
  return JSON.parse(await blob.text()) as ArchiveEnvelope;
}

/** An envelope written as text, so that `"__proto__"` stays a key as a file would hold it. */
function envelopeText(records: string[], members = '', captures: string[] = []): Blob {
  return new Blob([
    `{"format":${JSON.stringify(ARCHIVE_FORMAT)},"version":1,"exportedAt":"2026-11-28T10:00:00.000Z",` +
      `"app":${JSON.stringify(app)},${members}"records":[${records.join(',')}],"captures":[${captures.join(',')}]}`,
  ]);
}

/** A record's JSON with one more member written in by hand. */
function withMember(record: object, member: string): string {
  return JSON.stringify(record).replace(/^\{/, `{${member},`);
}

describe('import refuses prototype keys', () => {
  it('a record with a "__proto__" member, without polluting anything', async () => {
    const { records } = await archived();
    const hostile = withMember(records[0]!, '"__proto__":{"polluted":true,"kind":"medication"}');
    const { code, detail } = await refusal(envelopeText([hostile]));
    expect(code).toBe('invalid-record');
    expect(detail).toMatch(/^Enregistrement n°1 refusé : /);
    expect(detail).toContain('__proto__');
  });

  it('"constructor" and "prototype" members as well', async () => {
    const { records } = await archived();
    for (const member of ['"constructor":{"prototype":{"polluted":true}}', '"prototype":{"polluted":true}']) {
      const { code, detail } = await refusal(envelopeText([withMember(records[0]!, member)]));
      expect(code).toBe('invalid-record');
      expect(detail).toMatch(/^Enregistrement n°1 refusé : /);
    }
  });

  it('a capture with a "__proto__" member', async () => {
    const { records, captures } = await archived();
    const capture = withMember(captures[0]!, '"__proto__":{"polluted":true}');
    const { code, detail } = await refusal(
      envelopeText(
        records.map((r) => JSON.stringify(r)),
        '',
        [capture],
      ),
    );
    expect(code).toBe('invalid-record');
    expect(detail).toMatch(/^Capture n°1 refusée : /);
  });

  it('an envelope member "__proto__" is ignored, never merged into anything', async () => {
    const { records } = await archived();
    const plan = await planImport(
      target,
      envelopeText(
        records.map((r) => JSON.stringify(r)),
        '"__proto__":{"polluted":true,"format":"autre"},',
      ),
    );
    expect(plan.staged.records).toBe(records.length);
  });

  it('a table cell headed "__proto__" is dropped as when saving, and the id says so', async () => {
    // Saving parses cells with zod, which drops an own "__proto__" key: the stored record and
    // its id never have it. An archive claiming it with the id of the cells without it is read
    // the same way; one whose id counts it is refused, as any id that its facts do not give.
    const row = { ...sampleRecords()['table-row'], cells: { Date: '20/01/2024' } };
    const stored = {
      ...row,
      id: recordId(row),
      captureId: 'c',
      capturedAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const hostile = JSON.stringify(stored).replace('"cells":{', '"cells":{"__proto__":"<b>x</b>",');
    expect(hostile).toContain('"__proto__":"<b>x</b>"');
    const plan = await planImport(target, envelopeText([hostile]));
    await applyImport(target, plan);
    const [saved] = await target.records.toArray();
    expect(saved).toMatchObject({ id: stored.id, cells: { Date: '20/01/2024' } });
    expect(Object.keys((saved as { cells: object }).cells)).toEqual(['Date']);
    expect(Object.getPrototypeOf((saved as { cells: object }).cells)).toBe(Object.prototype);
  });
});

const enormousFormat = () =>
  new Blob([`{"format":"${'a'.repeat(HUGE)}","version":1,"records":[],"captures":[]}`]);
const enormousVersion = () =>
  new Blob([`{"format":"${ARCHIVE_FORMAT}","version":"${'9'.repeat(HUGE)}","records":[],"captures":[]}`]);

describe('import refuses enormous strings, saying so briefly', () => {
  it('an enormous invalid field', async () => {
    const { records } = await archived();
    const { code, detail } = await refusal(
      envelopeText([JSON.stringify({ ...records[0], date: '9'.repeat(LONG) })]),
    );
    expect(code).toBe('invalid-record');
    expect(detail).toBe(
      'Enregistrement n°1 refusé : champ « date » : date attendue au format AAAA-MM-JJ ou AAAA-MM-JJTHH:mm',
    );
  });

  it('an enormous unknown field', async () => {
    const { records } = await archived();
    const { code, detail } = await refusal(
      envelopeText([withMember(records[0]!, `"x":"${'x'.repeat(LONG)}"`)]),
    );
    expect(code).toBe('invalid-record');
    expect(detail.length).toBeLessThan(MAX_DETAIL);
  });

  it('an enormous id, format or version', async () => {
    const { records } = await archived();
    const id = await refusal(
      envelopeText([JSON.stringify({ ...records[0], id: `lab-result:${'f'.repeat(LONG)}` })]),
    );
    expect(id.code).toBe('invalid-record');
    expect(id.detail).toMatch(/^Enregistrement n°1 refusé : champ « id »/);
    for (const enormous of [
      enormousFormat(),
      enormousVersion(),
      envelopeText([JSON.stringify({ ...records[0], id: `lab-result:${'f'.repeat(HUGE)}` })]),
    ]) {
      const refused = await refusal(enormous);
      expect(refused.code).toBe('too-large');
      expect(refused.detail.length).toBeLessThan(MAX_DETAIL);
    }
  });

  // Known defect, left to the owners of plan.ts / envelope.ts / validate-stored.ts: these
  // refusals quote the value whole (5 MB in the alert). Remove `.fails` once they are cut short.
  it('an enormous id, format or version is quoted briefly', async () => {
    const { records } = await archived();
    const id = await refusal(
      envelopeText([JSON.stringify({ ...records[0], id: `lab-result:${'f'.repeat(HUGE)}` })]),
    );
    const format = await refusal(enormousFormat());
    const version = await refusal(enormousVersion());
    expect(Math.max(id.detail.length, format.detail.length, version.detail.length)).toBeLessThan(MAX_DETAIL);
  });

  it('an enormous text that the schema allows is kept whole', async () => {
    const { records } = await archived();
    const lab = records.find((r) => r.kind === 'lab-result')!;
    const big = { ...lab, lab: `Laboratoire ${'é'.repeat(1_000_000)}` };
    const plan = await planImport(target, envelopeText([JSON.stringify(big)]));
    await applyImport(target, plan);
    expect(await target.records.get(lab.id)).toEqual(big);
  });
});

describe('import keeps markup as text and refuses markup files', () => {
  it('an HTML page, or markup where JSON should be', async () => {
    expect((await refusal(new Blob(['<!doctype html><html><script>alert(1)</script></html>']))).code).toBe(
      'not-archive',
    );
    expect((await refusal(new Blob(['<?xml version="1.0"?><Bundle/>']))).code).toBe('not-archive');
    const inZip = new Blob([
      zipSync({ 'archive.json': new TextEncoder().encode('<script>alert(1)</script>') }),
    ]);
    expect((await refusal(inZip)).code).toBe('not-archive');
  });

  it('markup as the format is refused as an unknown format, quoted as text', async () => {
    const { code, detail } = await refusal(
      new Blob(['{"format":"<img src=x onerror=alert(1)>","version":1,"records":[],"captures":[]}']),
    );
    expect({ code, detail }).toEqual({
      code: 'unknown-format',
      detail: 'format "<img src=x onerror=alert(1)>"',
    });
  });

  it('markup in a record’s text is only text: kept as it was written', async () => {
    const { records } = await archived();
    const markup = '<script>alert(document.cookie)</script><img src=x onerror=alert(1)>';
    const row = { ...sampleRecords().medication, name: markup, pharmacy: '"><svg onload=alert(1)>' };
    const stored = {
      ...row,
      id: recordId(row),
      captureId: records[0]!.captureId,
      capturedAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const plan = await planImport(target, envelopeText([JSON.stringify(stored)]));
    await applyImport(target, plan);
    expect(await target.records.get(stored.id)).toEqual(stored);
  });
});
