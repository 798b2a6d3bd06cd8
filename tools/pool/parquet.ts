/**
 * The pool's tables as Parquet files, written by DuckDB from the shares themselves
 * (docs/research.md, "The researcher's tables"):
 *
 *   parquet/participants.parquet      one row per participant
 *   parquet/portals.parquet           one row per participant and portal the extension reads
 *   parquet/<kind>/month=YYYY-MM/*.parquet   the records of each kind, partitioned by month
 *
 * Plain column names and types: dates as DATE, amounts and values as DOUBLE, codes as VARCHAR.
 * DuckDB, Spark, Trino and pandas read them as they are (`hive_partitioning` gives `month` back).
 * Each write makes the whole set in a folder beside the old one, then swaps the two.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LIMITS } from '../../storage/limits';
import { SHARE_FIELDS, SHAREABLE_KINDS, type ShareableKind } from '../../storage/research/fields';

/** A kind's folder and table name: `lab-result` → `lab_result`. */
export function tableName(kind: ShareableKind): string {
  return kind.replace(/-/g, '_');
}

/** A path inside single quotes of an SQL string. */
export function sqlPath(path: string): string {
  return `'${path.replace(/'/g, "''")}'`;
}

/**
 * The columns read_json is told the shares have: every field of every kind, typed (`records`);
 * or, for the participants' table, each kind's dates alone, enough to count its records (`head`).
 */
function shareColumns(what: 'records' | 'head'): string {
  const struct = (fields: string) => `STRUCT(${fields})`;
  // Each kind is its columns: one list per field (docs/research.md).
  const kinds = SHAREABLE_KINDS.map((kind) => {
    const fields =
      what === 'head' ? SHARE_FIELDS[kind].filter((field) => field.name === 'date') : SHARE_FIELDS[kind];
    return `"${kind}" ${struct(fields.map((field) => `"${field.name}" ${field.type}[]`).join(', '))}`;
  }).join(', ');
  const columns: Record<string, string> =
    what === 'records'
      ? { participant: 'VARCHAR', records: struct(kinds) }
      : {
          participant: 'VARCHAR',
          study: 'VARCHAR',
          createdAt: 'TIMESTAMPTZ',
          consent: struct('date DATE, dates VARCHAR, period STRUCT("from" DATE, "to" DATE)'),
          supportedPortals: 'VARCHAR[]',
          portals: `${struct('portal VARCHAR, lastSaved DATE, saves BIGINT, failures BIGINT')}[]`,
          records: struct(kinds),
        };
  return `{${Object.entries(columns)
    .map(([name, type]) => `${name}: ${sqlPath(type)}`)
    .join(', ')}}`;
}

/** The shares of a pool (its latest share per participant) as one relation DuckDB reads. */
export function sharesRelation(poolDir: string, what: 'records' | 'head' = 'records'): string {
  const glob = join(poolDir, 'shares', '*.json');
  return `read_json(${sqlPath(glob)}, format = 'auto', columns = ${shareColumns(what)}, maximum_object_size = ${LIMITS.shareBytes.value + 1024})`;
}

/**
 * A kind's records as rows: its columns unnested side by side (a column the participant did not
 * consent to is null in their rows).
 */
export function kindRows(kind: ShareableKind, relation: string): string {
  const columns = SHARE_FIELDS[kind].map(
    (field) => `unnest(records."${kind}"."${field.name}") AS "${field.name}"`,
  );
  return `(SELECT participant, ${columns.join(', ')} FROM ${relation} WHERE records."${kind}" IS NOT NULL)`;
}

/** Writes every table of the pool in `poolDir/parquet`, from its shares (at least one). */
export async function writeParquet(connection: DuckDBConnection, poolDir: string): Promise<void> {
  const target = join(poolDir, 'parquet');
  const next = join(poolDir, 'parquet.next');
  rmSync(next, { recursive: true, force: true });
  mkdirSync(next, { recursive: true });
  // The participants' heads once (their records' dates only, to count them), then each kind
  // that has records straight from the shares: DuckDB reads JSON faster than it copies lists.
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE shares AS SELECT * FROM ${sharesRelation(poolDir, 'head')}`,
  );
  await connection.run(`COPY (
      SELECT participant, study,
        consent.date AS consent_date,
        createdAt AS shared_at,
        consent.dates AS date_precision,
        consent.period."from" AS period_from,
        consent.period."to" AS period_to,
        list_sort(list_transform(portals, p -> p.portal)) AS portals,
        ${SHAREABLE_KINDS.map((kind) => `coalesce(len(records."${kind}"."date"), 0)::BIGINT AS n_${tableName(kind)}`).join(',\n        ')}
      FROM shares ORDER BY participant
    ) TO ${sqlPath(join(next, 'participants.parquet'))} (FORMAT PARQUET)`);
  await connection.run(`COPY (
      SELECT participant, p.portal AS portal, p.lastSaved AS last_saved, p.saves AS saves, p.failures AS failures
      FROM (SELECT participant, unnest(portals) AS p FROM shares)
      UNION ALL
      SELECT participant, portal, NULL::DATE, 0::BIGINT, 0::BIGINT
      FROM (
        SELECT participant,
          unnest(list_filter(supportedPortals, x -> NOT list_contains(list_transform(portals, p -> p.portal), x))) AS portal
        FROM shares
      )
      ORDER BY participant, portal
    ) TO ${sqlPath(join(next, 'portals.parquet'))} (FORMAT PARQUET)`);
  for (const kind of SHAREABLE_KINDS) {
    const [count] = (
      await connection.runAndReadAll(
        `SELECT coalesce(sum(len(records."${kind}"."date")), 0)::INTEGER FROM shares`,
      )
    ).getRows();
    if (!count || count[0] === 0) continue;
    await connection.run(`COPY (
        SELECT *, strftime("date", '%Y-%m') AS month FROM ${kindRows(kind, sharesRelation(poolDir))}
      ) TO ${sqlPath(join(next, tableName(kind)))} (FORMAT PARQUET, PARTITION_BY (month))`);
  }
  await connection.run('DROP TABLE shares');
  // Swap: the old set goes only once the new one is whole.
  const old = join(poolDir, 'parquet.old');
  rmSync(old, { recursive: true, force: true });
  if (existsSync(target)) renameSync(target, old);
  renameSync(next, target);
  rmSync(old, { recursive: true, force: true });
}
