/**
 * The research pool figure: `npm run pool -- add` of 100 shares of 5 000 records each into a new
 * pool (open each share with the study's key, check it against its consent, keep it, write the
 * Parquet tables with DuckDB), against DuckDB's own `read_json` of the same decrypted shares into
 * the same partitioned Parquet files, in the same run. Peak memory of both: the process's
 * resident set (DuckDB's memory is native, outside the JS heap), sampled every 10 ms.
 *
 * The shares are made for the bench (not timed): each person's lab results and reimbursements of
 * three years, sealed by the dashboard's own code.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SHARE_FIELDS, type ShareableKind } from '../../storage/research/fields';
import { makeStudyKeys, sealShare } from '../../storage/research/seal';
import {
  SHARE_DATA_FORMAT,
  SHARE_DATA_VERSION,
  type ShareData,
  type ShareColumns,
} from '../../storage/research/share';
import { parseStudy, STUDY_FORMAT } from '../../storage/research/study';
import { withDuckDb } from '../pool/main';
import { kindRows, sharesRelation, sqlPath, tableName, writeParquet } from '../pool/parquet';
import { Pool, type StudyKey } from '../pool/pool';
import { alternate, type Repeat } from './capture';
import { paired, type Figure } from './figure';
import { median, round } from './stats';

export const POOL_SHARES = 100;
export const POOL_RECORDS_PER_SHARE = 5_000;
const KINDS: ShareableKind[] = ['lab-result', 'reimbursement'];
const LOINC = [
  '2345-7',
  '2160-0',
  '2093-3',
  '2085-9',
  '13457-7',
  '2571-8',
  '718-7',
  '1742-6',
  '1920-8',
  '3016-3',
];
const CARE = ['consultation', 'pharmacy', 'optics', 'dental', 'hospital', 'lab', 'paramedical'];

/** A small deterministic generator: the same shares in every run of the bench. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function day(next: () => number): string {
  const date = new Date(Date.UTC(2023, 0, 1) + Math.floor(next() * 3 * 365) * 86_400_000);
  return `${date.toISOString().slice(0, 7)}-01`;
}

function shareData(index: number): ShareData {
  const next = random(index + 1);
  const lab: Record<string, unknown>[] = [];
  const money: Record<string, unknown>[] = [];
  for (let i = 0; i < POOL_RECORDS_PER_SHARE; i++) {
    if (i % 2 === 0) {
      const value = round(next() * 10, 2);
      lab.push({
        date: day(next),
        loinc: LOINC[i % LOINC.length]!,
        value,
        unit: 'mmol/L',
        ref_low: 1,
        ref_high: 8,
        out_of_range: value > 8 || value < 1,
        portal: 'labo',
      });
    } else {
      const charged = round(5 + next() * 200, 2);
      money.push({
        date: day(next),
        care: CARE[i % CARE.length]!,
        charged,
        reimbursed_primary: round(charged * 0.6, 2),
        reimbursed_complementary: round(charged * 0.3, 2),
        left_to_pay: round(charged * 0.1, 2),
        portal: 'ameli',
      });
    }
  }
  const hex = index.toString(16).padStart(32, '0');
  return {
    format: SHARE_DATA_FORMAT,
    version: SHARE_DATA_VERSION,
    study: 'bench-pool',
    shareId: `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString(),
    participant: `p-${hex}`,
    consent: {
      study: 'bench-pool',
      date: '2026-01-01',
      period: { from: '2023-01-01', to: '2025-12-31' },
      dates: 'month',
      fields: {
        'lab-result': ['date', 'loinc', 'value', 'unit', 'ref_low', 'ref_high', 'out_of_range', 'portal'],
        reimbursement: [
          'date',
          'care',
          'charged',
          'reimbursed_primary',
          'reimbursed_complementary',
          'left_to_pay',
          'portal',
        ],
      },
    },
    supportedPortals: ['ameli', 'labo', 'mgen'],
    portals: [
      { portal: 'ameli', lastSaved: '2026-01-01', saves: 3, failures: 0 },
      { portal: 'labo', lastSaved: '2025-12-01', saves: 2, failures: 1 },
    ],
    records: { 'lab-result': columns(lab), reimbursement: columns(money) },
  };
}

/** Rows to the share's columns. */
function columns(rows: readonly Record<string, unknown>[]): ShareColumns {
  const names = Object.keys(rows[0] ?? {});
  return Object.fromEntries(names.map((name) => [name, rows.map((row) => row[name] as never)]));
}

interface PoolFiles {
  key: StudyKey;
  sealed: string[];
  /** The same shares decrypted, where `sharesRelation` reads them (`<dir>/shares/*.json`). */
  decryptedDir: string;
  dir: string;
}

async function makeFiles(): Promise<PoolFiles> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pool-'));
  const keys = await makeStudyKeys();
  const studyFile = {
    format: STUDY_FORMAT,
    version: 1,
    id: 'bench-pool',
    name: 'Bench pool',
    purpose: 'Mesurer le pool.',
    contact: 'bench',
    period: { from: '2023-01-01', to: '2025-12-31' },
    dates: 'month',
    asks: Object.fromEntries(KINDS.map((kind) => [kind, SHARE_FIELDS[kind].map((f) => f.name)])),
    publicKey: keys.publicKey,
  };
  const studyText = JSON.stringify(studyFile);
  const key: StudyKey = { study: parseStudy(studyText), studyText, privateKey: keys.privateKey };
  const decryptedDir = join(dir, 'decrypted');
  mkdirSync(join(decryptedDir, 'shares'), { recursive: true });
  mkdirSync(join(dir, 'sealed'));
  const sealed: string[] = [];
  for (let index = 0; index < POOL_SHARES; index++) {
    const data = shareData(index);
    const text = JSON.stringify(data);
    writeFileSync(join(decryptedDir, 'shares', `${data.participant}.json`), text);
    const file = join(dir, 'sealed', `share-${index}.json`);
    writeFileSync(file, JSON.stringify(await sealShare(text, key.study)));
    sealed.push(file);
  }
  return { key, sealed, decryptedDir, dir };
}

/** The process's resident set, sampled while `work` runs: its peak above the start. */
async function withPeak(work: () => Promise<void>): Promise<{ ms: number; peakRss: number }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const start = performance.now();
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - start;
  peak = Math.max(peak, process.memoryUsage.rss());
  return { ms, peakRss: peak - before };
}

/** DuckDB alone: the decrypted shares' records into Parquet partitioned by month, kind by kind. */
async function bareDuckDb(files: PoolFiles, out: string): Promise<void> {
  mkdirSync(out, { recursive: true });
  await withDuckDb(async (connection) => {
    for (const kind of KINDS) {
      await connection.run(`COPY (
          SELECT *, strftime("date", '%Y-%m') AS month FROM ${kindRows(kind, sharesRelation(files.decryptedDir))}
        ) TO ${sqlPath(join(out, tableName(kind)))} (FORMAT PARQUET, PARTITION_BY (month))`);
    }
  });
}

/** The product: a new pool, the shares added as `npm run pool -- add` adds them. */
async function productPool(files: PoolFiles, out: string): Promise<number> {
  const pool = await Pool.open(out, files.key);
  const outcome = await pool.add(
    files.sealed.map((file) => ({ name: file, text: () => readFile(file, 'utf8') })),
  );
  if (outcome.refused.length > 0) throw new Error(`bench pool: refused ${outcome.refused[0]!.message}`);
  await withDuckDb((connection) => writeParquet(connection, out, pool.heads));
  return outcome.added.length;
}

export async function measurePool(repeat: Repeat): Promise<Figure> {
  const files = await makeFiles();
  const product: number[] = [];
  const baseline: number[] = [];
  const productRss: number[] = [];
  const baselineRss: number[] = [];
  let run = 0;
  try {
    await alternate({ warmup: repeat.warmup, runs: Math.min(repeat.runs, 3) }, [
      async (measured) => {
        const out = join(files.dir, `pool-${run++}`);
        let added = 0;
        const { ms, peakRss } = await withPeak(async () => {
          added = await productPool(files, out);
        });
        if (added !== POOL_SHARES) throw new Error(`bench pool: ${added} shares added`);
        rmSync(out, { recursive: true, force: true });
        if (measured) {
          product.push(ms);
          productRss.push(peakRss);
        }
      },
      async (measured) => {
        const out = join(files.dir, `bare-${run++}`);
        const { ms, peakRss } = await withPeak(() => bareDuckDb(files, out));
        rmSync(out, { recursive: true, force: true });
        if (measured) {
          baseline.push(ms);
          baselineRss.push(peakRss);
        }
      },
    ]);
  } finally {
    rmSync(files.dir, { recursive: true, force: true });
  }
  const MB = 1024 * 1024;
  return {
    ...paired(
      {
        id: 'research-pool',
        label: `research pool: ${POOL_SHARES} shares × ${POOL_RECORDS_PER_SHARE} records into Parquet`,
        unit: 'ms',
      },
      product,
      { label: "DuckDB's read_json of the decrypted shares into the same Parquet", runs: baseline },
      1.5,
    ),
    details: {
      shares: POOL_SHARES,
      recordsPerShare: POOL_RECORDS_PER_SHARE,
      peakRssMB: round(median(productRss) / MB, 1),
      baselinePeakRssMB: round(median(baselineRss) / MB, 1),
    },
  };
}
