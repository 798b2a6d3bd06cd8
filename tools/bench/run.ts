/**
 * `npm run bench`: how fast the built extension is, each figure against a bare baseline measured
 * in the same run (absolute times alone mean little on a shared machine), medians of several
 * runs after a warm-up. Prints a table and writes bench-results/<timestamp>.json and latest.json.
 *
 *   npm run bench                       # wxt build, then every figure
 *   npm run bench -- --profile          # also: where a save spends its time (unminified build)
 *   npx tsx tools/bench/run.ts --runs 3 --only capture,load   # without building first
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPortalIndex } from '../../demo/server';
import { ArgumentError, parseCommandLine, refuseArguments } from '../io';
import { measureCapture, measureScaling, WALKS, type BenchTarget, type ScaledPage } from './capture';
import { contentScriptSize, measurePageLoad } from './content-script';
import { measureDashboard } from './dashboard';
import { measureDocuments } from './documents';
import type { Figure } from './figure';
import { bareWholeWindow, CHANNEL_LATENCY_MS, measureWholeWindow } from './channels';
import * as inPage from './in-page';
import * as inPageArchive from './in-page-archive';
import * as inPageImport from './in-page-import';
import * as inPageIdb from './in-page-idb';
import { benchPage, readBenchHtml, resizeAmeliPage, resizedUrl } from './pages';
import { buildForProfile, profileSaves } from './profile';
import { environment, printDetails, printTable, writeReport, type Report } from './report';
import { emptyProductDatabase, loadPortalPage, startSession, timedSave } from './session';
import { fillProductArchive, openTransferTab } from './transfer';
import { exportedArchive, exportScaling, measureExport, measureExportRuns } from './transfer-export';
import { measureImport } from './transfer-import';
import { measureZipBombs, writeBombs } from './zip-bomb';
import { measurePool, POOL_RECORDS_PER_SHARE, POOL_SHARES } from './pool';

/** The project's root, where the bench finds its fixtures and page scripts. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const GROUPS = [
  'capture',
  'scaling',
  'channels',
  'documents',
  'load',
  'dashboard',
  'export',
  'import',
  'pool',
] as const;
type Group = (typeof GROUPS)[number];
/** 1×, 4× and 16× a base of 250 rows. */
const SCALING_ROWS = [250, 1_000, 4_000];
const DASHBOARD_RECORDS = { small: 100, large: 50_000 };
/** The export and import figures' archive; export scaling adds 1/16 and 1/4 of it. */
const ARCHIVE_RECORDS_DEFAULT = 100_000;
const EXPORT_SCALING_RECORDS = [6_250, 25_000];
const IMPORT_MAX_RUNS = 3;

const USAGE = `Usage : npm run bench [-- <options>]
        npx tsx tools/bench/run.ts [<options>]   (sans reconstruire l'extension)

Mesure la vitesse de l'extension construite, chaque mesure face à une référence nue mesurée dans
la même exécution, affiche un tableau et écrit bench-results/<date>.json et latest.json.

  --runs <n>                  exécutions mesurées de chaque mesure, n ≥ 1 (par défaut 5)
  --warmup <n>                exécutions d'échauffement avant elles, n ≥ 0 (par défaut 1)
  --loads <n>                 chargements de page de chaque côté, n ≥ 1 (par défaut 100)
  --archive-records <n>       enregistrements de l'archive exportée puis importée (par défaut
                              100 000 ; 1 000 000 pour la mesure de mémoire la plus lourde)
  --only <groupes>            groupes séparés par des virgules (par défaut tous) :
                              ${GROUPS.join(', ')}
  --profile                   dit aussi où passe le temps d'un enregistrement, d'un chargement
                              de page, du tableau de bord, d'un export et d'un import
  --extension-dir <dossier>   l'extension construite (par défaut .output/chrome-mv3)
  -h, --help                  cette aide`;

/** The run's settings, or null for --help. */
function options(argv: readonly string[]) {
  const { values } = parseCommandLine({
    args: [...argv],
    options: {
      runs: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      loads: { type: 'string', default: '100' },
      'archive-records': { type: 'string', default: String(ARCHIVE_RECORDS_DEFAULT) },
      only: { type: 'string' },
      profile: { type: 'boolean', default: false },
      'extension-dir': { type: 'string', default: '.output/chrome-mv3' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  const count = (name: string, text: string, min: number): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min)
      throw new ArgumentError(`--${name} attend un nombre entier ≥ ${min}, pas « ${text} ».`);
    return n;
  };
  const only = values.only?.split(',').map((name) => name.trim()) ?? [...GROUPS];
  const unknown = only.filter((name) => !(GROUPS as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new ArgumentError(
      `--only : groupe(s) inconnu(s) ${unknown.map((name) => `« ${name} »`).join(', ')} (groupes : ${GROUPS.join(', ')}).`,
    );
  return {
    runs: count('runs', values.runs, 1),
    warmup: count('warmup', values.warmup, 0),
    loads: count('loads', values.loads, 1),
    archiveRecords: count('archive-records', values['archive-records'], 1_000),
    groups: new Set(only as Group[]),
    profile: values.profile,
    extensionDir: resolve(values['extension-dir']),
  };
}

/** Page functions must not need tsx's `__name` helper, which the page does not have. */
function checkPageFunctions(): void {
  for (const [name, fn] of Object.entries({
    ...inPage,
    ...inPageIdb,
    ...inPageArchive,
    ...inPageImport,
    ...WALKS,
    bareWholeWindow,
  })) {
    if (typeof fn === 'function' && fn.toString().includes('__name(')) {
      throw new Error(
        `${name} names an inner function: the page has no __name helper (see tools/bench/walk.ts)`,
      );
    }
  }
}

function progress(started: number, text: string): void {
  console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}`);
}

async function main(): Promise<void> {
  const settings = options(process.argv.slice(2));
  if (!settings) {
    console.log(USAGE);
    return;
  }
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  checkPageFunctions();
  const loadAtStart = loadavg();
  if (!existsSync(join(settings.extensionDir, 'manifest.json'))) {
    throw new Error(
      `${settings.extensionDir} has no built extension: run \`npm run bench\`, which builds it first.`,
    );
  }

  const ameli = benchPage('ameli');
  const labo = benchPage('labo');
  const ameliHtml = readBenchHtml(ameli);
  const scaled: (ScaledPage & { html: string })[] = SCALING_ROWS.map((rows) => {
    const page = resizeAmeliPage(ameliHtml, rows);
    return { url: resizedUrl(ameli.url, rows), acts: page.acts, html: page.html };
  });
  const extraPages = new Map(scaled.map((page) => [page.url, page.html]));
  const targets: BenchTarget[] = [
    { id: 'ameli-2000', label: `ameli payments, ${ameli.rows} rows`, url: ameli.url, walk: WALKS.ameli },
    { id: 'labo-2000', label: `labo report, ${labo.rows} rows`, url: labo.url, walk: WALKS.labo },
  ];
  // A static portal page (the live ones fetch their data after load, in the page's own script).
  const loadPage = loadPortalIndex()
    .portals.find((portal) => portal.id === 'labo')
    ?.pages.find(
      (page) => !page.spa && !page.expectError && page.recordCount !== null && page.recordCount > 0,
    );
  if (!loadPage) throw new Error('index.json: no static labo page');

  const repeat = { warmup: settings.warmup, runs: settings.runs };
  const figures: Figure[] = [contentScriptSize(settings.extensionDir)];
  /** Figures that could not be measured in this run, and why: printed, not in the report. */
  const skipped: string[] = [];
  const session = await startSession(settings.extensionDir, extraPages);
  let chromium: string;
  try {
    chromium = await session.browser.version();
    progress(
      started,
      `${chromium}, extension ${session.extensionId}, ${repeat.runs} runs after ${repeat.warmup} warm-up, ` +
        `load average ${loadAtStart.map((n) => n.toFixed(1)).join(' ')} on ${cpus().length} CPUs`,
    );
    if (settings.groups.has('capture')) {
      for (const target of targets) {
        progress(started, `capture and re-capture: ${target.label}`);
        figures.push(...(await measureCapture(session, target, repeat)));
      }
    }
    if (settings.groups.has('scaling')) {
      progress(started, `capture scaling: ${scaled.map((page) => page.acts).join(', ')} rows`);
      figures.push(await measureScaling(session, scaled, repeat));
    }
    if (settings.groups.has('channels')) {
      progress(
        started,
        `« Tout enregistrer » on ameli through its requests, ${CHANNEL_LATENCY_MS} ms a request, then 0 ms`,
      );
      figures.push(await measureWholeWindow(session, repeat));
      figures.push(await measureWholeWindow(session, repeat, 0));
    }
    if (settings.groups.has('pool')) {
      progress(
        started,
        `research pool: ${POOL_SHARES} shares of ${POOL_RECORDS_PER_SHARE} records, against DuckDB's read_json`,
      );
      figures.push(await measurePool(repeat));
    }
    if (settings.groups.has('documents')) {
      progress(started, 'reading documents: a 200-result CDA, a 10-page PDF, against the bare parse');
      figures.push(...(await measureDocuments(session, ROOT, settings.extensionDir, repeat)));
    }
    if (settings.groups.has('load')) {
      progress(started, `page load with and without the extension: ${settings.loads} loads each`);
      figures.push(
        await measurePageLoad(
          session,
          settings.extensionDir,
          { id: 'labo-report', label: 'labo report page', url: loadPage.url },
          { warmup: 3, runs: settings.loads },
        ),
      );
    }
    if (settings.groups.has('dashboard')) {
      progress(
        started,
        `dashboard first screen: ${DASHBOARD_RECORDS.small} and ${DASHBOARD_RECORDS.large} records`,
      );
      if (!settings.groups.has('capture') && !settings.groups.has('scaling')) {
        // The dashboard's records are copies of saved ones: save a page first.
        await emptyProductDatabase(session);
        await loadPortalPage(session.tab, ameli.url);
        await timedSave(session.tab);
      }
      // A dashboard load is short and noisy, and the two sizes cannot alternate: more runs.
      const dashboardRepeat = { warmup: repeat.warmup + 1, runs: Math.max(repeat.runs, 7) };
      try {
        figures.push(await measureDashboard(session, DASHBOARD_RECORDS, dashboardRepeat));
      } catch (error) {
        // The dashboard is being redesigned: a figure it cannot give is reported, not fatal.
        skipped.push(`dashboard first screen: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (settings.groups.has('export') || settings.groups.has('import')) {
      const transfer = await openTransferTab(session);
      try {
        let archive: string | null = null;
        if (settings.groups.has('export')) {
          progress(started, `export scaling: ${EXPORT_SCALING_RECORDS.join(', ')} records`);
          const sizes = [];
          for (const records of EXPORT_SCALING_RECORDS) {
            sizes.push({ records, runs: await measureExportRuns(session, transfer, records, repeat) });
          }
          progress(started, `export of the JSON archive: ${settings.archiveRecords} records`);
          const fill = await fillProductArchive(session, settings.archiveRecords);
          const exported = await measureExport(transfer, settings.archiveRecords, fill, repeat);
          figures.push(
            exported.figure,
            exportScaling([...sizes, { records: settings.archiveRecords, runs: exported.runs }]),
          );
          archive = exported.file;
        }
        if (settings.groups.has('import')) {
          progress(started, `import of the JSON archive: ${settings.archiveRecords} records`);
          archive ??= await exportedArchive(session, transfer, settings.archiveRecords);
          // An import run takes tens of seconds, and its noise is small beside it: 3 runs at most.
          const importRepeat = { warmup: repeat.warmup, runs: Math.min(repeat.runs, IMPORT_MAX_RUNS) };
          figures.push(
            await measureImport(session, transfer, archive, settings.archiveRecords, importRepeat),
          );
          progress(started, 'import refusing zip bombs (declared, and hidden behind a false size)');
          const bombs = writeBombs(mkdtempSync(join(tmpdir(), 'mdms-bombs-')));
          figures.push(...(await measureZipBombs(session, transfer, bombs, importRepeat)));
        }
      } finally {
        await transfer.close();
      }
    }
  } finally {
    await session.close();
  }

  let profiles: Report['profiles'];
  if (settings.profile) {
    progress(
      started,
      'profiling a capture and a re-capture of each bench page, and a page load (unminified build)',
    );
    try {
      profiles = await profileSaves(
        await buildForProfile(),
        targets,
        extraPages,
        {
          id: 'labo-report',
          url: loadPage.url,
        },
        {
          dashboardRecords: settings.groups.has('dashboard') ? DASHBOARD_RECORDS.large : 0,
          archiveRecords:
            settings.groups.has('export') || settings.groups.has('import') ? settings.archiveRecords : 0,
          archive: { export: settings.groups.has('export'), import: settings.groups.has('import') },
        },
      );
    } catch (error) {
      // Most often the working tree does not build at this moment (others edit it): the figures stand.
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      skipped.push(`profile: ${reason}`);
    }
  }
  progress(started, 'done\n');

  printTable(figures);
  printDetails(figures, profiles);
  for (const reason of skipped) console.log(`Not measured in this run: ${reason}`);
  const file = writeReport({
    format: 'mdms-bench',
    version: 1,
    startedAt,
    durationMs: Date.now() - started,
    ...environment(chromium, loadAtStart),
    settings: {
      runs: settings.runs,
      warmup: settings.warmup,
      loads: settings.loads,
      groups: [...settings.groups],
      extensionDir: settings.extensionDir,
    },
    figures,
    ...(profiles && { profiles }),
  });
  console.log(`\nReport: ${file} (and bench-results/latest.json)`);
}

main().catch((error: unknown) => {
  if (error instanceof ArgumentError) {
    process.exitCode = refuseArguments(error, USAGE);
    return;
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
