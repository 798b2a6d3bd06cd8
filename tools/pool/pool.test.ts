// @vitest-environment node
/**
 * The researcher's pool, end to end on disk: a study made by `new-study`, shares made by the
 * dashboard's code from an archive, added, refused, replaced, read back from Parquet by DuckDB and
 * reported.
 */
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../../storage/db';
import { makeShare } from '../../storage/research/participants';
import { listPersons } from '../../storage/views/persons';
import { put, stored } from '../../storage/views/test-records';
import type { Io } from '../io';
import { main, withDuckDb } from './main';
import { readStudyKey } from './pool';

let dir: string;
let db: MesDonneesDb;
let out: string[];
let err: string[];
const io: Io = { stdout: (text) => out.push(text), stderr: (text) => err.push(text) };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pool-'));
  db = openDb(`pool-${crypto.randomUUID()}`);
  out = [];
  err = [];
});
afterEach(async () => {
  await deleteDb(db);
  rmSync(dir, { recursive: true, force: true });
});

const STUDY = {
  id: 'etude-test',
  name: 'Étude test',
  purpose: 'Tester le pool.',
  contact: 'etude@example.org',
  period: { from: '2023-01-01', to: '2024-12-31' },
  dates: 'month',
  asks: {
    'lab-result': ['loinc', 'test', 'value', 'unit', 'out_of_range', 'portal'],
    reimbursement: ['care', 'charged', 'left_to_pay', 'portal'],
  },
};

async function newStudy(name = 'etude', study: object = STUDY): Promise<string> {
  const description = join(dir, `${name}-description.json`);
  writeFileSync(description, JSON.stringify(study));
  const folder = join(dir, name);
  expect(await main(['new-study', description, '--out', folder], io, dir)).toBe(0);
  return folder;
}

async function archive(): Promise<void> {
  const lab = (patient: string, date: string, value: number, unit = 'mmol/L') =>
    stored('lab-result', {
      patient,
      date,
      value,
      valueText: String(value),
      unit,
      analyte: 'Glycémie',
      refHigh: 5.8,
      reportId: `R-${date}`,
    });
  const act = (patient: string, date: string, charged: number) =>
    stored('reimbursement', {
      patient,
      date,
      charged,
      act: 'Consultation',
      outOfPocket: charged / 3,
      ref: date,
    });
  await put(
    db,
    lab('Claire DUPONT', '2024-01-10', 5.1),
    lab('DUPONT Claire', '2024-02-11', 6.4),
    lab('Marc DUPONT', '2024-03-12', 4.9),
    lab('Marc DUPONT', '2022-03-12', 4.2),
    act('Claire DUPONT', '2024-01-05', 30),
    act('Claire DUPONT', '2024-02-05', 60),
    act('Marc DUPONT', '2024-02-07', 25),
  );
}

/** Each person's share, sealed and written where the dashboard's download would put it. */
async function shares(studyDir: string, tag = 'a'): Promise<string[]> {
  const { study } = readStudyKey(join(studyDir, 'study-key.json'));
  const files: string[] = [];
  for (const person of await listPersons(db)) {
    const { sealed } = await makeShare(db, study, person, { supportedPortals: ['ameli', 'labo', 'mgen'] });
    const file = join(dir, `${tag}-${person.key.replace(/ /g, '-')}.json`);
    writeFileSync(file, JSON.stringify(sealed));
    files.push(file);
  }
  return files;
}

/** Every file of the pool and its hash: « the pool unchanged » made testable. */
function snapshot(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(folder, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(folder);
  return files;
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return withDuckDb(async (connection) => (await connection.runAndReadAll(sql)).getRowObjectsJson());
}

describe('npm run pool', () => {
  it('new-study makes the study file to hand out and a private key kept to its owner, never remade', async () => {
    const folder = await newStudy();
    const study = JSON.parse(readFileSync(join(folder, 'study.json'), 'utf8')) as Record<string, unknown>;
    expect(study).toMatchObject({ format: 'mes-donnees-sante/study', version: 1, id: 'etude-test' });
    expect(JSON.stringify(study)).not.toContain('"d"');
    expect(statSync(join(folder, 'study-key.json')).mode & 0o777).toBe(0o600);
    const description = join(dir, 'etude-description.json');
    expect(await main(['new-study', description, '--out', folder], io, dir)).toBe(1);
    expect(err.join('')).toContain('existe déjà');
  });

  it('pools the shares into Parquet that DuckDB reads back with the shares’ row counts and sums', async () => {
    await archive();
    const folder = await newStudy();
    const files = await shares(folder);
    expect(await main(['add', folder, ...files], io, dir)).toBe(0);
    expect(out.join('')).toContain('2 partages ajoutés, 0 refusé ; le pool compte 2 participants.');

    // What the shares hold, opened with the key, against what the Parquet files hold.
    const opened = readdirSync(join(folder, 'shares')).map(
      (name) =>
        JSON.parse(readFileSync(join(folder, 'shares', name), 'utf8')) as {
          records: Record<string, Record<string, (number | null)[]>>;
        },
    );
    const column = (kind: string, field: string) =>
      opened.flatMap((share) => share.records[kind]?.[field] ?? []);
    const rows = (kind: string) => column(kind, 'date');
    const sum = (kind: string, field: string) =>
      column(kind, field).reduce<number>((total, value) => total + (value ?? 0), 0);
    const labs = `read_parquet('${folder}/parquet/lab_result/**/*.parquet', hive_partitioning = true)`;
    const money = `read_parquet('${folder}/parquet/reimbursement/**/*.parquet', hive_partitioning = true)`;
    const [lab] = await query(
      `SELECT count(*)::INTEGER AS n, sum(value) AS total, count(DISTINCT month)::INTEGER AS months FROM ${labs}`,
    );
    expect(lab).toEqual({ n: rows('lab-result').length, total: sum('lab-result', 'value'), months: 3 });
    expect(rows('lab-result')).toHaveLength(3); // 2022 is outside the study's period
    const [spent] = await query(
      `SELECT count(*)::INTEGER AS n, sum(charged) AS charged, sum(left_to_pay) AS left FROM ${money}`,
    );
    expect(spent).toEqual({
      n: 3,
      charged: sum('reimbursement', 'charged'),
      left: sum('reimbursement', 'left_to_pay'),
    });
    // Plain types: dates as DATE, values as DOUBLE, codes as VARCHAR.
    const types = Object.fromEntries(
      (await query(`DESCRIBE SELECT * FROM ${labs}`)).map((row) => [row['column_name'], row['column_type']]),
    );
    expect(types).toMatchObject({
      participant: 'VARCHAR',
      date: 'DATE',
      value: 'DOUBLE',
      loinc: 'VARCHAR',
      out_of_range: 'BOOLEAN',
    });
    // Partitioned by month, one folder per kind.
    expect(existsSync(join(folder, 'parquet', 'lab_result', 'month=2024-02'))).toBe(true);
    const participants = await query(
      `SELECT n_lab_result, n_reimbursement, portals FROM read_parquet('${folder}/parquet/participants.parquet') ORDER BY n_lab_result`,
    );
    expect(participants).toEqual([
      { n_lab_result: '1', n_reimbursement: '1', portals: ['ameli', 'labo'] },
      { n_lab_result: '2', n_reimbursement: '2', portals: ['ameli', 'labo'] },
    ]);
  });

  it('refuses a foreign, altered, replayed or older share with its reason, the pool unchanged', async () => {
    await archive();
    const folder = await newStudy();
    const first = await shares(folder, 'first');
    const second = await shares(folder, 'second');
    expect(await main(['add', folder, second[0]!], io, dir)).toBe(0);
    const before = snapshot(folder);

    const other = await newStudy('autre', { ...STUDY, id: 'autre-etude' });
    const [foreign] = await shares(other, 'foreign');
    const altered = join(dir, 'altered.json');
    const sealed = JSON.parse(readFileSync(first[1]!, 'utf8')) as { ciphertext: string };
    writeFileSync(altered, JSON.stringify({ ...sealed, ciphertext: `AAAA${sealed.ciphertext.slice(4)}` }));
    const notShare = join(dir, 'notes.json');
    writeFileSync(notShare, '{"hello": "world"}');
    out = [];
    // second[0] again is a replay; first[0] is that participant's older share.
    expect(await main(['add', folder, foreign!, altered, notShare, second[0]!, first[0]!], io, dir)).toBe(1);
    const said = out.join('');
    expect(said).toContain('[other-study]');
    expect(said).toContain('[damaged]');
    expect(said).toContain('[not-a-share]');
    expect(said).toContain('[replayed]');
    expect(said).toContain('[older]');
    expect(said).toContain('0 partage ajouté, 5 refusés ; le pool compte 1 participant.');
    expect(snapshot(folder)).toEqual(before);

    // Shares are read and opened one ahead of the one being checked: a refused share on either
    // side of a good one leaves it added, and each refusal keeps its own reason.
    out = [];
    expect(await main(['add', folder, altered, first[1]!, notShare], io, dir)).toBe(1);
    expect(out.join('')).toContain('1 partage ajouté, 2 refusés ; le pool compte 2 participants.');
    expect(out.join('')).toMatch(/altered\.json.*\[damaged\]/);
    expect(out.join('')).toMatch(/notes\.json.*\[not-a-share\]/);
  });

  it('counts a participant once: a newer share replaces the older one', async () => {
    await archive();
    const folder = await newStudy();
    const first = await shares(folder, 'first');
    expect(await main(['add', folder, ...first], io, dir)).toBe(0);
    await put(
      db,
      stored('lab-result', {
        patient: 'Marc DUPONT',
        date: '2024-06-01',
        value: 5.5,
        analyte: 'Glycémie',
        reportId: 'R-2024-06-01',
      }),
    );
    const again = await shares(folder, 'again');
    out = [];
    expect(await main(['add', folder, ...again], io, dir)).toBe(0);
    expect(out.join('')).toContain('remplace son partage précédent');
    const [row] = await query(
      `SELECT count(DISTINCT participant)::INTEGER AS participants, count(*)::INTEGER AS n FROM read_parquet('${folder}/parquet/lab_result/**/*.parquet')`,
    );
    expect(row).toEqual({ participants: 2, n: 4 });
  });

  it('reports the standard tables, as CSV that cannot run and an HTML page without script', async () => {
    await archive();
    await put(
      db,
      stored('lab-result', {
        patient: 'Marc DUPONT',
        date: '2024-04-01',
        value: 1,
        analyte: 'Glycémie',
        unit: '-mg/L',
        loinc: '2345-7',
        reportId: 'R-2024-04-01',
      }),
    );
    const folder = await newStudy();
    expect(await main(['add', folder, ...(await shares(folder))], io, dir)).toBe(0);
    out = [];
    expect(await main(['report', folder], io, dir)).toBe(0);
    const printed = out.join('');
    for (const title of [
      'Couverture',
      'Reste à charge par mois',
      'Reste à charge par genre de soins',
      'Distribution',
      'Manques',
    ]) {
      expect(printed).toContain(title);
    }
    const csv = (name: string) => readFileSync(join(folder, 'report', `${name}.csv`), 'utf8');
    expect(csv('left_to_pay_by_month').split('\r\n')[0]).toBe(
      'month,participants,acts,charged,reimbursed_primary,reimbursed_complementary,left_to_pay,left_to_pay_per_act',
    );
    expect(csv('left_to_pay_by_month')).toContain('2024-02,2,2,85,');
    // A unit that starts like a formula is text to a spreadsheet.
    expect(csv('analytes')).toContain(`"'-mg/L"`);
    expect(csv('analytes')).not.toMatch(/(^|,)-mg\/L/m);
    // Gaps: mgen was never saved by anyone.
    expect(csv('gaps')).toContain('mgen,0,2,0,0');
    const html = readFileSync(join(folder, 'report', 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<svg');
    expect(html).toContain("default-src 'none'");
  });

  it('says what is wrong with a command line', async () => {
    expect(await main([], io, dir)).toBe(2);
    expect(await main(['add', dir], io, dir)).toBe(2);
    expect(await main(['report', join(dir, 'nowhere')], io, dir)).toBe(1);
  });
});
