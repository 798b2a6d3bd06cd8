/**
 * `npm run fixtures:update -- <portal-id>`: rewrites the expected files of one portal's fixtures
 * from what its scraper gives now, so that a change of output is reviewed as a JSON diff
 * (`git diff scrapers/<id>/fixtures`) instead of being typed by hand.
 *
 * - A page whose records changed gets its `<case>.expected.json` rewritten; a page without one
 *   gets it created, at the address of its `<!-- url: … -->` first line.
 * - An `expectError` page keeps `records: null` while the scraper still refuses it. If it now
 *   reads, it is rewritten as a readable page and the tool says so loudly: a page meant to be
 *   refused that reads is either the fix you wanted or a scraper gone lenient.
 * - A page the scraper refuses or does not recognise is left alone and reported (exit 1).
 * - `*.spa.html` pages are skipped: the script that draws them never runs in Node.
 * - A saved session (`sessions/<case>/`) gets its `expected.json` rewritten from what the
 *   portal's in-session plan reads from its saved answers now.
 *
 * It writes exactly what the fixture runner compares (scrapers/fixtures.ts): records validated
 * by the spec's schemas, without the fields the storage adds.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { Scraper } from '../scrapers/contract';
import { documentReaderById } from '../scrapers/document-registry';
import { listDocumentFixtures, readDocumentCase } from '../scrapers/document-fixtures';
import { type ExpectedFile, readExpected, runFixture, toExpectedRecords } from '../scrapers/fixtures';
import { listSessions, readSessionExpected, runSession } from '../scrapers/session-fixtures';
import { matchesUrl } from '../scrapers/registry';
import { urlComment } from './parse-html';
import { ArgumentError, type Io, parseCommandLine, processIo, refuseArguments } from './io';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
const PORTAL_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

const USAGE = `Usage : npm run fixtures:update -- <module>

Réécrit les fichiers scrapers/<module>/fixtures/<cas>.expected.json d'après ce que le module lit
maintenant dans chaque <cas>.html (et crée ceux qui manquent), puis dit lesquels ont changé :
relisez le diff du JSON avant de valider. Les pages *.spa.html sont ignorées.

Codes de sortie : 0 tout est à jour ; 1 une page n'a pas pu être lue (rien n'est écrit pour elle) ;
2 arguments invalides.`;

export type Outcome = 'unchanged' | 'changed' | 'created' | 'now-readable' | 'skipped' | 'failed';

export interface CaseReport {
  /** File name inside `fixtures/`. */
  file: string;
  outcome: Outcome;
  /** Why, for the person reading the output. */
  note: string;
  /** Problems the scraper reported on readable rows: not in the expected file, worth a look. */
  problems: string[];
}

export class UsageError extends Error {}

async function loadScraper(folder: string): Promise<Scraper> {
  const module = (await import(pathToFileURL(join(folder, 'index.ts')).href)) as { default?: Scraper };
  const scraper = module.default;
  if (!scraper || typeof scraper.scrape !== 'function')
    throw new UsageError(
      `${join(folder, 'index.ts')} n'exporte pas de module de lecture (defineScraper) par défaut.`,
    );
  return scraper;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The folder's own scraper claims the page: it matches the URL and detects the page. */
function claimedBy(scraper: Scraper) {
  return (doc: Document, url: URL): Scraper | null => {
    try {
      return matchesUrl(scraper, url) && scraper.detect(doc, url) ? scraper : null;
    } catch {
      return null;
    }
  };
}

function updateCase(scraper: Scraper, dir: string, page: string): CaseReport {
  const name = page.slice(0, -'.html'.length);
  const expectedFile = `${name}.expected.json`;
  const expectedPath = join(dir, expectedFile);
  const report = (outcome: Outcome, note: string, problems: string[] = []): CaseReport => ({
    file: outcome === 'failed' || outcome === 'skipped' ? page : expectedFile,
    outcome,
    note,
    problems,
  });
  if (name.endsWith('.spa'))
    return report(
      'skipped',
      'page SPA dessinée par un script, qui ne tourne pas ici : fichier attendu tenu à la main',
    );

  const html = readFileSync(join(dir, page), 'utf8');
  const existing: ExpectedFile | null = existsSync(expectedPath) ? readExpected(expectedPath) : null;
  const address = existing?.url ?? urlComment(html);
  if (!address || !URL.canParse(address))
    return report('failed', 'adresse inconnue : ajoutez une première ligne <!-- url: https://… -->');

  const { result, recognisedBy } = runFixture(scraper, html, new URL(address), claimedBy(scraper));
  const problems = result.problems.map(
    (p) => `${p.level === 'error' ? 'erreur' : 'attention'} : ${p.message}`,
  );
  const records = toExpectedRecords(result.records);
  const write = (): void => writeFileSync(expectedPath, json({ url: address, records }));
  // The problems, listed under the line, say why a page was refused.
  const refused =
    result.status === 'broken' ? 'refusée par le module (mise en page inattendue)' : 'le module a planté';

  if (existing?.expectError) {
    if (result.status === 'broken')
      return report('unchanged', 'toujours refusée, comme attendu (expectError)');
    if (result.status !== 'ok') return report('failed', refused, problems);
    write();
    return report(
      'now-readable',
      `devait être refusée (expectError) mais donne maintenant ${records.length} enregistrement(s) : ` +
        `réécrite comme page lisible. Vérifiez que c'est voulu, sinon annulez (git checkout -- ${expectedFile}).`,
      problems,
    );
  }
  if (recognisedBy !== scraper.id)
    return report(
      'failed',
      "non reconnue : l'adresse n'est pas dans `matches` ou `detect` répond non (le test échouerait)",
      problems,
    );
  if (result.status !== 'ok') return report('failed', refused, problems);
  if (existing && existing.url === address && isDeepStrictEqual(existing.records, records))
    return report('unchanged', `${records.length} enregistrement(s)`, problems);
  write();
  return report(existing ? 'changed' : 'created', `${records.length} enregistrement(s)`, problems);
}

/** Rewrites a saved session's expected file from what the plan reads from its answers now. */
async function updateSession(scraper: Scraper, name: string, folder: string): Promise<CaseReport> {
  const file = `../sessions/${name}/expected.json`;
  let got: Awaited<ReturnType<typeof runSession>>;
  try {
    got = await runSession(scraper, folder);
  } catch (error) {
    return {
      file,
      outcome: 'failed',
      note: error instanceof Error ? error.message : String(error),
      problems: [],
    };
  }
  const fresh = {
    status: got.status,
    error: got.error,
    records: toExpectedRecords(got.records),
    missing: got.missing,
  };
  const path = join(folder, 'expected.json');
  const existing = existsSync(path) ? readSessionExpected(folder) : null;
  const note = `${fresh.records.length} enregistrement(s), ${fresh.status}`;
  if (existing && isDeepStrictEqual(existing, fresh))
    return { file, outcome: 'unchanged', note, problems: got.problems };
  writeFileSync(path, json(fresh));
  return { file, outcome: existing ? 'changed' : 'created', note, problems: got.problems };
}

/** Rewrites a document reader's expected files from what it reads in each document now. */
async function updateDocumentCases(folder: string): Promise<CaseReport[]> {
  const { cases, orphans } = listDocumentFixtures(folder);
  const reports: CaseReport[] = orphans.map((file) => ({
    file,
    outcome: 'failed',
    note: 'sans partenaire (un document sans .expected.json est créé ci-dessous ; un .expected.json seul est à retirer)',
    problems: [],
  }));
  for (const orphan of orphans.filter((file) => /\.(xml|pdf)$/.test(file))) {
    const path = join(folder, 'fixtures', orphan);
    const expected = path.replace(/\.(xml|pdf)$/, '.expected.json');
    const got = await readDocumentCase(path);
    writeFileSync(expected, json(got));
    reports.push({
      file: relative(join(folder, 'fixtures'), expected),
      outcome: 'created',
      note: `${got.records.length} enregistrement(s), ${got.status}`,
      problems: got.problems,
    });
  }
  for (const c of cases) {
    const got = await readDocumentCase(c.file);
    const existing = JSON.parse(readFileSync(c.expected, 'utf8')) as unknown;
    const file = relative(join(folder, 'fixtures'), c.expected);
    const note = `${got.records.length} enregistrement(s), ${got.status}`;
    if (isDeepStrictEqual(existing, got)) {
      reports.push({ file, outcome: 'unchanged', note, problems: got.problems });
      continue;
    }
    writeFileSync(c.expected, json(got));
    reports.push({ file, outcome: 'changed', note, problems: got.problems });
  }
  return reports.filter((report) => report.outcome !== 'failed' || !/\.(xml|pdf)$/.test(report.file));
}

/** Updates one portal's expected files under `root` (a parameter so tests can use a scratch tree). */
export async function updateFixtures(
  id: string,
  root = ROOT,
): Promise<{ scraper: Pick<Scraper, 'id' | 'version'>; cases: CaseReport[] }> {
  const folder = join(root, 'scrapers', id);
  if (!PORTAL_ID.test(id) || !existsSync(join(folder, 'index.ts')))
    throw new UsageError(`Pas de module « ${id} » : scrapers/${id}/index.ts n'existe pas.`);
  const reader = documentReaderById(id);
  if (reader && root === ROOT) return { scraper: reader, cases: await updateDocumentCases(folder) };
  const dir = join(folder, 'fixtures');
  const files = existsSync(dir) ? readdirSync(dir).sort() : [];
  const scraper = await loadScraper(folder);
  const cases = files.filter((file) => file.endsWith('.html')).map((page) => updateCase(scraper, dir, page));
  for (const file of files.filter((f) => f.endsWith('.expected.json'))) {
    if (!files.includes(file.replace(/\.expected\.json$/, '.html')))
      cases.push({ file, outcome: 'failed', note: 'aucune page .html ne lui correspond', problems: [] });
  }
  for (const session of listSessions(folder).cases)
    cases.push(await updateSession(scraper, session.name, session.folder));
  return { scraper, cases };
}

const LABELS: Record<Outcome, string> = {
  unchanged: 'inchangé',
  changed: 'MODIFIÉ',
  created: 'CRÉÉ',
  'now-readable': '!!! LISIBLE',
  skipped: 'ignoré',
  failed: 'ÉCHEC',
};

export type { Io } from './io';

/** Runs the CLI and returns its exit code. */
export async function main(argv: readonly string[], io: Io = processIo, root = ROOT): Promise<number> {
  let id: string;
  try {
    const { values, positionals } = parseCommandLine({
      args: [...argv],
      allowPositionals: true,
      options: { help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    const [first, ...extra] = positionals;
    if (first === undefined || extra.length > 0)
      throw new ArgumentError('Indiquez un seul module, par exemple : labo.');
    id = first;
  } catch (error) {
    return refuseArguments(error, USAGE, io);
  }
  let outcome: Awaited<ReturnType<typeof updateFixtures>>;
  try {
    outcome = await updateFixtures(id, root);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${error.message}\n`);
    return 1;
  }
  const { scraper, cases } = outcome;
  const where = relative(root, join(root, 'scrapers', scraper.id, 'fixtures'));
  const width = Math.max(...Object.values(LABELS).map((label) => label.length));
  io.stdout(`${where} (${scraper.id} ${scraper.version}) :\n`);
  for (const c of cases) {
    io.stdout(`  ${LABELS[c.outcome].padEnd(width)}  ${c.file} : ${c.note}\n`);
    for (const problem of c.problems) io.stdout(`  ${' '.repeat(width)}    ${problem}\n`);
  }
  if (cases.length === 0) io.stdout(`  aucune page : déposez une page enregistrée dans ${where}/\n`);

  const written = cases.filter((c) => ['changed', 'created', 'now-readable'].includes(c.outcome));
  for (const c of cases.filter((c) => c.outcome === 'now-readable'))
    io.stderr(`\n!!! ATTENTION : ${c.file} ${c.note}\n`);
  if (written.length > 0)
    io.stdout(
      `\n${written.length} fichier(s) écrit(s) : relisez le diff avant de valider (git diff ${where}). ` +
        `Si la sortie d'une page déjà connue a changé, augmentez \`version\` dans scrapers/${scraper.id}/index.ts.\n`,
    );
  else io.stdout('\nRien à réécrire.\n');
  const failed = cases.filter((c) => c.outcome === 'failed').length;
  if (failed > 0) io.stderr(`${failed} page(s) non lue(s) : leur fichier attendu n'a pas été touché.\n`);
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
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
