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
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { LIMITS } from '../../storage/limits';
import { SHARE_FIELDS, SHAREABLE_KINDS, type ShareableKind } from '../../storage/research/fields';
import type { ParticipantHead } from './pool';

/** A kind's folder and table name: `lab-result` → `lab_result`. */
export function tableName(kind: ShareableKind): string {
  return kind.replace(/-/g, '_');
}

/** A path inside single quotes of an SQL string. */
export function sqlPath(path: string): string {
  return `'${path.replace(/'/g, "''")}'`;
}

/** The columns read_json is told the shares' records have: every field of every kind, typed. */
function shareColumns(): string {
  // Each kind is its columns: one list per field (docs/research.md).
  const kinds = SHAREABLE_KINDS.map(
    (kind) =>
      `"${kind}" STRUCT(${SHARE_FIELDS[kind].map((field) => `"${field.name}" ${field.type}[]`).join(', ')})`,
  ).join(', ');
  return `{participant: 'VARCHAR', records: ${sqlPath(`STRUCT(${kinds})`)}}`;
}

/** The records of a pool's shares (its latest share per participant) as one relation DuckDB reads. */
export function sharesRelation(poolDir: string): string {
  const glob = join(poolDir, 'shares', '*.json');
  return `read_json(${sqlPath(glob)}, format = 'auto', columns = ${shareColumns()}, maximum_object_size = ${LIMITS.shareBytes.value + 1024})`;
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

/** The columns of a participant's head (../pool.ts ParticipantHead), typed for read_json. */
function headColumns(): string {
  const columns: Record<string, string> = {
    participant: 'VARCHAR',
    study: 'VARCHAR',
    createdAt: 'TIMESTAMPTZ',
    consent: 'STRUCT(date DATE, dates VARCHAR, period STRUCT("from" DATE, "to" DATE))',
    supportedPortals: 'VARCHAR[]',
    portals: 'STRUCT(portal VARCHAR, lastSaved DATE, saves BIGINT, failures BIGINT)[]',
    counts: `STRUCT(${SHAREABLE_KINDS.map((kind) => `"${kind}" BIGINT`).join(', ')})`,
  };
  return `{${Object.entries(columns)
    .map(([name, type]) => `${name}: ${sqlPath(type)}`)
    .join(', ')}}`;
}

/**
 * Writes every table of the pool in `poolDir/parquet`: the participants' and portals' tables
 * from the heads of their shares (the ledger's), each kind's records from the shares themselves.
 */
export async function writeParquet(
  connection: DuckDBConnection,
  poolDir: string,
  heads: readonly ParticipantHead[],
): Promise<void> {
  const target = join(poolDir, 'parquet');
  const next = join(poolDir, 'parquet.next');
  rmSync(next, { recursive: true, force: true });
  mkdirSync(next, { recursive: true });
  // The participants' heads come from the ledger (a few hundred bytes each), written for DuckDB
  // as lines of JSON; each kind that has records is read straight from the shares.
  const headsFile = join(next, 'heads.ndjson');
  writeFileSync(headsFile, heads.map((head) => JSON.stringify(head)).join('\n'));
  await connection.run(`CREATE OR REPLACE TEMP TABLE heads AS SELECT * FROM read_json(${sqlPath(headsFile)},
      format = 'newline_delimited', columns = ${headColumns()})`);
  await connection.run(`COPY (
      SELECT participant, study,
        consent.date AS consent_date,
        createdAt AS shared_at,
        consent.dates AS date_precision,
        consent.period."from" AS period_from,
        consent.period."to" AS period_to,
        list_sort(list_transform(portals, p -> p.portal)) AS portals,
        ${SHAREABLE_KINDS.map((kind) => `coalesce(counts."${kind}", 0)::BIGINT AS n_${tableName(kind)}`).join(',\n        ')}
      FROM heads ORDER BY participant
    ) TO ${sqlPath(join(next, 'participants.parquet'))} (FORMAT PARQUET)`);
  await connection.run(`COPY (
      SELECT participant, p.portal AS portal, p.lastSaved AS last_saved, p.saves AS saves, p.failures AS failures
      FROM (SELECT participant, unnest(portals) AS p FROM heads)
      UNION ALL
      SELECT participant, portal, NULL::DATE, 0::BIGINT, 0::BIGINT
      FROM (
        SELECT participant,
          unnest(list_filter(supportedPortals, x -> NOT list_contains(list_transform(portals, p -> p.portal), x))) AS portal
        FROM heads
      )
      ORDER BY participant, portal
    ) TO ${sqlPath(join(next, 'portals.parquet'))} (FORMAT PARQUET)`);
  await connection.run('DROP TABLE heads');
  rmSync(headsFile);
  for (const kind of SHAREABLE_KINDS) {
    if (!heads.some((head) => (head.counts[kind] ?? 0) > 0)) continue;
    await connection.run(`COPY (
        SELECT *, strftime("date", '%Y-%m') AS month FROM ${kindRows(kind, sharesRelation(poolDir))}
      ) TO ${sqlPath(join(next, tableName(kind)))} (FORMAT PARQUET, PARTITION_BY (month))`);
  }
  // Swap: the old set goes only once the new one is whole.
  const old = join(poolDir, 'parquet.old');
  rmSync(old, { recursive: true, force: true });
  if (existsSync(target)) renameSync(target, old);
  renameSync(next, target);
  rmSync(old, { recursive: true, force: true });
}
