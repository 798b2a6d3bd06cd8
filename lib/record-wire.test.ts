import { RECORD_KINDS } from '../storage/schemas';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manyReimbursements, sampleRecords } from '../storage/test-fixtures';
import { validateRecords } from '../storage/validate';
import { packRecords, unpackRecords } from './record-wire';

const SCRAPERS = join(import.meta.dirname, '../scrapers');

/** The records each fixture page is expected to give, of every portal (ids left out, as a page sends them). */
function fixturePages(): object[][] {
  return readdirSync(SCRAPERS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'helpers')
    .flatMap((entry) => {
      const folder = join(SCRAPERS, entry.name, 'fixtures');
      return readdirSync(folder)
        .filter((name) => name.endsWith('.expected.json'))
        .map((name) => {
          const expected = JSON.parse(readFileSync(join(folder, name), 'utf8')) as { records?: object[] };
          return (expected.records ?? []).map(({ id: _id, ...record }: { id?: string }) => record);
        });
    });
}

const unpack = (json: string) => unpackRecords(json, 50_000);

describe('records on the wire', () => {
  it('gives back the records of every fixture page, keys in their order', () => {
    const pages = [...fixturePages(), Object.values(sampleRecords())];
    // Every kind, through the samples at least.
    expect(new Set(pages.flat().map((record) => (record as { kind: string }).kind)).size).toBe(
      RECORD_KINDS.length,
    );
    for (const records of pages) {
      const back = unpack(packRecords(records));
      expect(back).toEqual(records);
      expect(back?.map((record) => Object.keys(record as object))).toEqual(
        records.map((record) => Object.keys(record)),
      );
      expect(validateRecords(back ?? []).problems).toEqual([]);
    }
  });

  it('writes what the lines of a page share once: a long page takes a third of the text', () => {
    const records = manyReimbursements(500);
    expect(packRecords(records).length).toBeLessThan(JSON.stringify(records).length / 3);
  });

  it('gives back any list of flat records as it was', () => {
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.dictionary(fc.string(), fc.string()),
    );
    const record = fc.dictionary(
      fc.constantFrom('kind', 'date', 'value', 'cells', 'constructor', 'x'),
      value,
    );
    fc.assert(
      fc.property(fc.array(record, { maxLength: 30 }), (records) => {
        // JSON is what crosses: -0 is 0 there, as in the message the browser would carry anyway.
        expect(unpack(packRecords(records))).toEqual(JSON.parse(JSON.stringify(records)));
      }),
    );
  });

  it('gives an empty page as an empty list', () => {
    expect(unpack(packRecords([]))).toEqual([]);
  });

  it.each([
    ['text that is not JSON', '{"shapes":'],
    ['a plain list of records', '[{"kind":"reimbursement"}]'],
    ['no rows', '{"shapes":[]}'],
    ['a shape without keys', '{"shapes":[{"shared":{}}],"rows":[]}'],
    ['a key that is not text', '{"shapes":[{"keys":[1],"shared":{}}],"rows":[]}'],
    [
      'a key named __proto__',
      '{"shapes":[{"keys":["__proto__"],"shared":{}}],"rows":[[0,{"polluted":true}]]}',
    ],
    ['a key twice', '{"shapes":[{"keys":["a","a"],"shared":{}}],"rows":[]}'],
    ['a shared value beyond the keys', '{"shapes":[{"keys":["a"],"shared":{"1":"x"}}],"rows":[]}'],
    ['a shared value under a name', '{"shapes":[{"keys":["a"],"shared":{"__proto__":"x"}}],"rows":[]}'],
  ])('refuses %s', (_case, json) => {
    expect(unpack(json)).toBeNull();
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('refuses more rows than allowed', () => {
    const json = packRecords(Array.from({ length: 11 }, (_, i) => ({ kind: 'x', i })));
    expect(unpackRecords(json, 10)).toBeNull();
    expect(unpackRecords(json, 11)).toHaveLength(11);
  });

  it('hands a row that does not fit its shape on as it is, for the record check to refuse alone', () => {
    const json = JSON.stringify({
      shapes: [{ keys: ['kind', 'date'], shared: { 0: 'measurement' } }],
      rows: [[0, '2024-03-12'], [0], [7, '2024-03-12'], 'row', [0, '2024-03-13']],
    });
    expect(unpack(json)).toEqual([
      { kind: 'measurement', date: '2024-03-12' },
      [0],
      [7, '2024-03-12'],
      'row',
      { kind: 'measurement', date: '2024-03-13' },
    ]);
  });
});
