/**
 * The researcher's pool (docs/research.md):
 *
 *   npm run pool -- new-study <study.json> --out <dir>
 *   npm run pool -- add <dir> <shares…>
 *   npm run pool -- <study-key.json> <shares…> --out <dir>
 *   npm run pool -- report <dir>
 *   npm run pool -- demo --out <dir>
 *
 * Exit codes: 0 done; 1 some shares refused (the others added), or the command failed; 2 the
 * command line was refused.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { describeLimit, LIMITS } from '../../storage/limits';
import { makeStudyKeys } from '../../storage/research/seal';
import { parseStudy, STUDY_FORMAT, STUDY_VERSION, StudyError } from '../../storage/research/study';
import { ArgumentError, type Io, parseCommandLine, processIo, refuseArguments } from '../io';
import { sqlPath, writeParquet } from './parquet';
import { KEY_FORMAT, Pool, PoolError, readStudyKey, type AddOutcome, type StudyKey } from './pool';
import { reportTables, writeReport } from './report';

const USAGE = `Usage : npm run pool -- new-study <etude.json> --out <dossier>
        npm run pool -- add <dossier> <partages…>
        npm run pool -- <cle-etude.json> <partages…> --out <dossier>
        npm run pool -- report <dossier>
        npm run pool -- demo --out <dossier>

new-study  fait la paire de clés d'une étude : <dossier>/study.json (le fichier d'étude à
           donner aux testeurs) et <dossier>/study-key.json (la clé privée, à garder).
add        ouvre et vérifie chaque partage (fichier ou dossier de fichiers .json) avec la clé
           du dossier, l'ajoute au pool et réécrit les tables Parquet (<dossier>/parquet).
report     imprime les tables de l'expérience et les écrit en CSV et en HTML (<dossier>/report).
demo       fait une étude de démonstration, des partages à partir des portails de démonstration
           (plusieurs personnes, plusieurs portails), les ajoute à un pool et écrit le rapport.`;

/** The share files named by the arguments: files as given, folders for their .json files. */
function shareFiles(paths: readonly string[], cwd: string): string[] {
  return paths.flatMap((path) => {
    const full = resolve(cwd, path);
    if (existsSync(full) && statSync(full).isDirectory()) {
      return readdirSync(full)
        .filter((name) => name.endsWith('.json'))
        .sort()
        .map((name) => join(full, name));
    }
    return [full];
  });
}

/** « 1 partage ajouté », « 0 refusé », « 2 refusés »: French plural rules (0 and 1 are singular). */
function count(n: number, one: string, other: string): string {
  return `${n} ${n < 2 ? one : other}`;
}

function describeOutcome(outcome: AddOutcome, pool: Pool): string {
  const lines = outcome.added.map(
    (a) =>
      `  ajouté   ${basename(a.file)} : ${a.participant}, ${a.records} données${a.replaced ? ' (remplace son partage précédent)' : ''}`,
  );
  lines.push(...outcome.refused.map((r) => `  refusé   ${basename(r.file)} : ${r.message} [${r.reason}]`));
  lines.push(
    `${count(outcome.added.length, 'partage ajouté', 'partages ajoutés')}, ${count(outcome.refused.length, 'refusé', 'refusés')} ; le pool compte ${count(pool.participantCount, 'participant', 'participants')}.`,
  );
  return `${lines.join('\n')}\n`;
}

export async function addShares(
  dir: string,
  key: StudyKey,
  files: readonly string[],
  io: Io,
): Promise<number> {
  const pool = await Pool.open(dir, key);
  const outcome = await pool.add(
    files.map((file) => ({
      name: file,
      text: async () => {
        if ((await stat(file)).size > LIMITS.shareBytes.value) {
          throw Object.assign(new Error(`plus de ${describeLimit('shareBytes')} : ce n'est pas un partage`), {
            code: 'EFBIG',
          });
        }
        return readFile(file, 'utf8');
      },
    })),
  );
  if (outcome.added.length > 0) await withDuckDb((connection) => writeParquet(connection, dir, pool.heads));
  io.stdout(describeOutcome(outcome, pool));
  return outcome.refused.length === 0 ? 0 : 1;
}

export async function withDuckDb<T>(work: (connection: DuckDBConnection) => Promise<T>) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export async function newStudy(input: string, out: string, io: Io): Promise<number> {
  const keyPath = join(out, 'study-key.json');
  if (existsSync(keyPath)) {
    throw new PoolError(
      `${keyPath} existe déjà : une étude garde sa clé (les partages faits pour elle en dépendent).`,
    );
  }
  const description = JSON.parse(readFileSync(input, 'utf8')) as Record<string, unknown>;
  const keys = await makeStudyKeys();
  const file = { format: STUDY_FORMAT, version: STUDY_VERSION, ...description, publicKey: keys.publicKey };
  const study = parseStudy(JSON.stringify(file));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'study.json'), `${JSON.stringify(file, null, 2)}\n`);
  writeFileSync(
    keyPath,
    `${JSON.stringify({ format: KEY_FORMAT, version: 1, study: file, privateKey: keys.privateKey }, null, 2)}\n`,
    {
      mode: 0o600,
    },
  );
  chmodSync(keyPath, 0o600);
  io.stdout(
    `Étude « ${study.name} » (${study.id}) :\n  ${join(out, 'study.json')}      à donner aux testeurs\n  ${keyPath}  à garder : elle seule ouvre les partages\n`,
  );
  return 0;
}

export async function report(dir: string, io: Io): Promise<number> {
  const study = JSON.parse(readFileSync(join(dir, 'study.json'), 'utf8')) as { name?: string; id?: string };
  if (!existsSync(join(dir, 'parquet', 'participants.parquet'))) {
    throw new PoolError(
      `${dir} n'a encore aucun partage : ajoutez-en avec « npm run pool -- add ${dir} <partages…> ».`,
    );
  }
  const out = join(dir, 'report');
  const text = await withDuckDb(async (connection) => {
    const tables = await reportTables(connection, dir);
    const [[participants]] = (
      await connection.runAndReadAll(
        `SELECT count(*)::INTEGER FROM read_parquet(${sqlPath(join(dir, 'parquet', 'participants.parquet'))})`,
      )
    ).getRows() as [[number]];
    return writeReport(tables, out, {
      study: String(study.name ?? study.id ?? 'Étude'),
      participants,
      date: new Date().toISOString().slice(0, 10),
    });
  });
  io.stdout(`${text}\nCSV et rapport HTML : ${out}/ (report.html)\n`);
  return 0;
}

export async function main(
  argv: readonly string[],
  io: Io = processIo,
  cwd = process.cwd(),
): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { out: { type: 'string' }, key: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (parsed.values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    if (parsed.positionals.length === 0) throw new ArgumentError('Quelle commande ?');
  } catch (error) {
    return refuseArguments(error, USAGE, io);
  }
  const [command, ...rest] = parsed.positionals as [string, ...string[]];
  const out = parsed.values.out === undefined ? undefined : resolve(cwd, parsed.values.out);
  try {
    switch (command) {
      case 'new-study':
        if (rest.length !== 1 || !out)
          throw new ArgumentError('new-study attend <etude.json> et --out <dossier>.');
        return await newStudy(resolve(cwd, rest[0]!), out, io);
      case 'add': {
        if (rest.length < 2) throw new ArgumentError('add attend <dossier> et au moins un partage.');
        const dir = resolve(cwd, rest[0]!);
        const key = readStudyKey(
          parsed.values.key ? resolve(cwd, parsed.values.key) : join(dir, 'study-key.json'),
        );
        return await addShares(dir, key, shareFiles(rest.slice(1), cwd), io);
      }
      case 'report':
        if (rest.length !== 1) throw new ArgumentError('report attend <dossier>.');
        return await report(resolve(cwd, rest[0]!), io);
      case 'demo': {
        if (rest.length !== 0 || !out) throw new ArgumentError('demo attend --out <dossier>.');
        const { demo } = await import('./demo');
        return await demo(out, io);
      }
      default: {
        if (rest.length < 1 || !out) {
          throw new ArgumentError(
            `Commande inconnue : « ${command} » (ou une clé d'étude sans partages ni --out).`,
          );
        }
        return await addShares(out, readStudyKey(resolve(cwd, command)), shareFiles(rest, cwd), io);
      }
    }
  } catch (error) {
    if (error instanceof ArgumentError) return refuseArguments(error, USAGE, io);
    if (error instanceof PoolError || error instanceof StudyError) {
      io.stderr(`${error.message}\n`);
      return 1;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || error instanceof SyntaxError) {
      io.stderr(`${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2), processIo, process.env['INIT_CWD'] ?? process.cwd()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `Échec inattendu : ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
