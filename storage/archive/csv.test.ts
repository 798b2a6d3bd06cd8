import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../db';
import { RECORD_KINDS, StoredRecord } from '../schemas';
import { CSV_BOM, csvCell, csvColumns, csvDialect, csvLine, csvLocale, csvRows, writeCsv } from './csv';
import { FORMULA_PAYLOADS } from '../../tests/trust/hostile-pages';
import { BlobSink } from './sink';
import { seedPortals, seedSamples } from './test-helpers';

const fr = csvDialect('fr');
const en = csvDialect('en');

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`csv-${crypto.randomUUID()}`);
});
afterEach(() => deleteDb(db));

/** A minimal RFC 4180 reader, to check that what is written reads back as it was. */
function parseCsv(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === separator) {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

/**
 * A cell as Excel or LibreOffice Calc reads it once the CSV is split: a leading apostrophe marks
 * text (and is hidden); a cell that starts with =, +, - or @, after any leading white space, is a
 * formula unless it is a plain number.
 */
function spreadsheetCell(cell: string): { text: string } | { number: number } | { formula: string } {
  if (cell.startsWith("'")) return { text: cell.slice(1) };
  const number = /^-?\d+(?:[.,]\d+)?$/.test(cell.trim()) ? Number(cell.trim().replace(',', '.')) : null;
  if (number !== null) return { number };
  if (/^\s*[=+\-@]/.test(cell)) return { formula: cell };
  return { text: cell };
}

describe('CSV cells', () => {
  it('follows the interface language: ; and , in French, , and . in English', () => {
    expect(csvLocale('fr-FR')).toBe('fr');
    expect(csvLocale('en-US')).toBe('en');
    expect(csvLine([5.2, 'a', null, 30], fr)).toBe('5,2;a;;30\r\n');
    expect(csvLine([5.2, 'a', null, 30], en)).toBe('5.2,a,,30\r\n');
    expect(csvCell(1234.56, fr)).toBe('1234,56');
    expect(csvCell(0.000123, en)).toBe('0.000123');
  });

  it('quotes any text that needs it, and only that', () => {
    expect(csvCell('a;b', fr)).toBe('"a;b"');
    expect(csvCell('a;b', en)).toBe('a;b');
    expect(csvCell('a,b', en)).toBe('"a,b"');
    expect(csvCell('dit "bonjour"', fr)).toBe('"dit ""bonjour"""');
    expect(csvCell('ligne 1\nligne 2', fr)).toBe('"ligne 1\nligne 2"');
    expect(csvCell(' espace', fr)).toBe('" espace"');
    expect(csvCell('Glycémie à jeun', fr)).toBe('Glycémie à jeun');
  });

  it('neutralises every text that starts like a formula, quoted; numbers stay numbers', () => {
    expect(csvCell('=HYPERLINK("http://x")', fr)).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+33 1 23', fr)).toBe(`"'+33 1 23"`);
    expect(csvCell('-cmd', fr)).toBe(`"'-cmd"`);
    expect(csvCell('@SUM(A1)', fr)).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\t=1', fr)).toBe(`"'\t=1"`);
    expect(csvCell('\r=1', fr)).toBe(`"'\r=1"`);
    expect(csvCell('-12,5', fr)).toBe(`"'-12,5"`);
    expect(csvCell('-', en)).toBe(`"'-"`);
    expect(csvCell(-12.5, fr)).toBe('-12,5');
    expect(csvCell(-3, en)).toBe('-3');
    expect(csvCell('a=b', fr)).toBe('a=b');
  });

  it('gives a spreadsheet no formula to run, in either dialect', () => {
    const payloads = [
      ...FORMULA_PAYLOADS,
      '=1+1',
      '+1',
      '-1',
      '@x',
      '\t=cmd|"/C calc"!A0',
      '\r=cmd|"/C calc"!A0',
      '=cmd|"/C calc"!A0;=2',
      '=cmd|"/C calc"!A0,=2',
      '"=1+1"',
    ];
    for (const dialect of [fr, en]) {
      const [row] = parseCsv(csvLine([...payloads, -4.5, 12], dialect), dialect.separator);
      const read = row!.map(spreadsheetCell);
      expect(read.slice(0, payloads.length)).toEqual(payloads.map((p) => ({ text: p })));
      expect(read.slice(payloads.length)).toEqual([{ number: -4.5 }, { number: 12 }]);
    }
  });

  it('reads back as written, whatever the text', () => {
    const nasty = ['a;b,c', '"q"', 'x\r\ny', '=1+1', '-2', '', 'é😀'];
    for (const dialect of [fr, en]) {
      const [row] = parseCsv(csvLine(nasty, dialect), dialect.separator);
      expect(row).toEqual(nasty.map((t) => (/^[=+\-@]/.test(t) ? `'${t}` : t)));
    }
  });
});

describe('CSV files', () => {
  it('has a column per field of each kind, kind aside', () => {
    for (const kind of RECORD_KINDS) {
      const columns = csvColumns(kind);
      const fields = Object.keys(StoredRecord.options.find((o) => o.shape.kind.value === kind)!.shape);
      expect(columns.sort()).toEqual(fields.filter((f) => f !== 'kind').sort());
    }
    expect(csvColumns('lab-result').slice(0, 6)).toEqual([
      'id',
      'date',
      'patient',
      'source',
      'analyte',
      'code',
    ]);
  });

  it('writes one row per record, table cells as JSON', async () => {
    const rows = await seedSamples(db);
    for (const record of rows) {
      const columns = csvColumns(record.kind);
      const [line] = parseCsv(csvRows([record], columns, en), ',');
      expect(line).toHaveLength(columns.length);
      expect(line![columns.indexOf('id')]).toBe(record.id);
    }
    const table = rows.find((r) => r.kind === 'table-row')!;
    const [line] = parseCsv(csvRows([table], csvColumns('table-row'), fr), ';');
    expect(JSON.parse(line![csvColumns('table-row').indexOf('cells')]!)).toEqual(table.cells);
  });

  it('writes a file with a BOM and a header, oldest first, or nothing', async () => {
    await seedPortals(db);
    const sink = new BlobSink();
    const count = await writeCsv(db, 'lab-result', {}, fr, () => sink);
    const text = await sink.toBlob('text/csv').text();
    expect(text.startsWith(CSV_BOM)).toBe(true);
    const rows = parseCsv(text.slice(1), ';');
    expect(rows[0]).toEqual(csvColumns('lab-result'));
    expect(rows).toHaveLength(count + 1);
    const dates = rows.slice(1).map((r) => r[1]!);
    expect(dates).toEqual([...dates].sort());
    expect(rows.slice(1).some((r) => r[csvColumns('lab-result').indexOf('value')] === '14,5')).toBe(true);
    let opened = false;
    expect(await writeCsv(db, 'table-row', {}, fr, () => ((opened = true), sink))).toBe(0);
    expect(opened).toBe(false);
  });

  it('reads back every record of the demo portals, field by field, in both dialects', async () => {
    const rows = await seedPortals(db);
    for (const dialect of [fr, en]) {
      let read = 0;
      for (const kind of RECORD_KINDS) {
        const sink = new BlobSink();
        const count = await writeCsv(db, kind, {}, dialect, () => sink);
        if (count === 0) continue;
        const [header, ...lines] = parseCsv(
          (await sink.toBlob('text/csv').text()).slice(1),
          dialect.separator,
        );
        expect(header).toEqual(csvColumns(kind));
        expect(lines).toHaveLength(rows.filter((r) => r.kind === kind).length);
        for (const line of lines) {
          const record = rows.find((r) => r.id === line[0]) as Record<string, unknown> | undefined;
          expect(record?.kind).toBe(kind);
          header!.forEach((column, i) => {
            const cell = line[i]!;
            const value = record![column] ?? null;
            if (value === null) expect(cell, column).toBe('');
            else if (typeof value === 'number')
              expect(Number(dialect.decimal === ',' ? cell.replace(',', '.') : cell), column).toBe(value);
            else if (typeof value === 'string')
              expect(cell.startsWith("'") && /^[=+\-@]/.test(value) ? cell.slice(1) : cell, column).toBe(
                value,
              );
            else expect(JSON.parse(cell), column).toEqual(value);
          });
          read++;
        }
      }
      expect(read).toBe(rows.length);
    }
  });
});
