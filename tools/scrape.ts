/**
 * The scraper CLI (docs/records.md, "Scraper CLI output"):
 *
 *   npm run scrape -- <page.html> [--url <url>]
 *
 * Reads a saved page as if the browser were on `url`, and prints one JSON object
 * `{ scraper, url, records, problems }`, each record with its `id` first. Exit codes: 0 read;
 * 2 no scraper recognises the page; 1 anything else (arguments, unreadable file, a page in an
 * unexpected shape: then the JSON still says why).
 *
 *   npm run scrape -- <document.xml|document.pdf>
 *
 * Reads a document (a CDA R2 document, a PDF lab report), recognised by its content, as a file
 * the person brought to the dashboard: the same object, `url` being the file's `urn:sha256:…`
 * and the first record the file's `document` record. Exit 2 when no reader recognises it.
 *
 *   npm run scrape -- <export.zip>
 *
 * Reads an IHE XDM package (a portal's « download my record » ZIP, as MyChart gives) as the
 * dashboard does: `{ package, documents, problems }`, `documents` holding one such object per
 * document it lists, `problems` what it announces and cannot give. Exit 0 when every document was
 * read, 2 when the ZIP is no package or no reader recognises any of its documents, 1 otherwise.
 *
 *   npm run scrape -- --all <folder>
 *
 * Reads every saved page of a folder (a tester's reports, a portal's fixtures) at the address of
 * its `<!-- url: … -->` first line and prints one summary line per page: the quick answer to
 * "which of these pages does the extension still read?". Exit 0 when every page was recognised
 * and read, 1 otherwise.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findScraper } from '../scrapers/registry';
import { runScraper } from '../scrapers/runner';
import { recordId } from '../storage/ids';
import { fileUrn } from '../scrapers/document-runner';
import { sniffFileType } from '../storage/file-type';
import { type FileReading, readDocumentFile, readPackageFile } from './parse-document';
import { ArchiveError } from '../storage/archive/envelope';
import { XdmError } from '../scrapers/document-package';
import { parseHtml, urlComment } from './parse-html';
import { validateRecords } from '../storage/validate';
import type { Problem } from '../storage/schemas';
import { ArgumentError, type Io, parseCommandLine, processIo, refuseArguments } from './io';

const USAGE = `Usage : npm run scrape -- <page.html> [--url <adresse>]
        npm run scrape -- <document.xml|document.pdf>
        npm run scrape -- <export.zip>
        npm run scrape -- --all <dossier>

Lit une page de portail enregistrée comme si le navigateur était à <adresse>, ou un document
(CDA R2, compte rendu de laboratoire en PDF) reconnu par son contenu comme un fichier importé
dans le tableau de bord, et écrit sur la sortie standard un objet JSON
{ scraper, url, records, problems } (pour un document, le premier enregistrement est le document
lui-même et url son empreinte urn:sha256:…). Un dossier médical exporté par un portail (ZIP
« IHE XDM », comme celui de MyChart) donne { package, documents, problems } : un tel objet par
document qu'il contient, et ce qu'il annonce sans le contenir.

  --url <adresse>    adresse de la page ; facultative si le fichier commence par <!-- url: … -->
  --all <dossier>    lit chaque fichier .html du dossier (et de ses sous-dossiers) à l'adresse de
                     son commentaire <!-- url: … -->, et chaque document .xml, .pdf ou .zip, et affiche
                     un tableau : fichier, reconnu ou non, par quel module et quelle version,
                     nombre d'enregistrements, nombre de problèmes, état. Les pages *.spa.html
                     (dessinées par un script) sont ignorées.
  -h, --help         cette aide

Codes de sortie : 0 page ou document lu ; 2 aucun module ne le reconnaît ; 1 autre échec.
Avec --all : 0 si chaque page est reconnue et lue, 1 sinon.`;

export type { Io } from './io';

/** Runs the CLI and returns its exit code. */
export async function main(
  argv: readonly string[],
  io: Io = processIo,
  cwd = process.cwd(),
): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
    const { all, help, url } = args.values;
    if (!help && all !== undefined && (args.positionals.length > 0 || url !== undefined))
      throw new ArgumentError('--all lit un dossier entier : sans autre fichier ni --url.');
    if (!help && all === undefined && args.positionals.length !== 1)
      throw new ArgumentError('Indiquez un seul fichier (page HTML ou document).');
  } catch (error) {
    refuseArguments(error, USAGE, io);
    // Not ARGUMENT_ERROR_EXIT: the spec (docs/records.md) gives 2 to « no scraper
    // recognises the page », and 1 to every other failure, arguments included.
    return 1;
  }
  if (args.values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (args.values.all !== undefined) return scrapeAll(resolve(cwd, args.values.all), io);
  const file = args.positionals[0]!;

  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(cwd, file));
  } catch (error) {
    io.stderr(`Impossible de lire ${file} : ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const type = sniffFileType(bytes);
  if (isDocument(bytes) || type === 'application/zip') {
    if (args.values.url !== undefined) {
      io.stderr('--url ne vaut que pour une page : un document est lu pour lui-même.\n');
      return 1;
    }
    if (type === 'application/zip') return scrapePackage(bytes, basename(file), io);
    return scrapeDocument(bytes, basename(file), io);
  }
  const html = bytes.toString('utf8');
  const address = args.values.url ?? urlComment(html);
  if (!address) {
    io.stderr(
      `Adresse de la page inconnue : ajoutez --url <adresse> (ou un commentaire <!-- url: … --> en tête du fichier).\n`,
    );
    return 1;
  }
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    io.stderr(`Adresse invalide : ${address}\n`);
    return 1;
  }

  const page = parseHtml(html, url.href);
  try {
    const scraper = findScraper(page.document, url);
    if (!scraper) {
      io.stderr(`Aucun module de lecture ne reconnaît cette page (${url.href}).\n`);
      return 2;
    }
    const run = runScraper(scraper, page.document, url, validateRecords);
    const output = {
      scraper: run.scraper,
      url: url.href,
      records: run.records.map((record) => ({ id: recordId(record), ...record })),
      problems: run.problems,
    };
    io.stdout(`${JSON.stringify(output, null, 2)}\n`);
    for (const problem of run.problems) {
      io.stderr(`${problem.level === 'error' ? 'erreur' : 'attention'} : ${problem.message}\n`);
    }
    return run.status === 'ok' ? 0 : 1;
  } finally {
    await page.close();
  }
}

/** A document file (CDA R2 XML, PDF) rather than a saved page, by its own bytes. */
function isDocument(bytes: Uint8Array): boolean {
  const type = sniffFileType(bytes);
  return type === 'application/xml' || type === 'application/pdf';
}

/** The CLI's object for one document read. */
function documentOutput({ sha256, reading }: FileReading & { reading: NonNullable<FileReading['reading']> }) {
  const records = reading.document ? [reading.document, ...reading.records] : [];
  return {
    scraper: reading.reader,
    url: fileUrn(sha256),
    records: records.map((record) => ({ id: recordId(record), ...record })),
    problems: reading.problems,
  };
}

function reportProblems(problems: readonly Problem[], io: Io, prefix = ''): void {
  for (const problem of problems) {
    io.stderr(`${prefix}${problem.level === 'error' ? 'erreur' : 'attention'} : ${problem.message}\n`);
  }
}

async function scrapeDocument(bytes: Uint8Array, name: string, io: Io): Promise<number> {
  const { sha256, reading } = await readDocumentFile(bytes, name);
  if (!reading) {
    io.stderr(`Aucun module de lecture ne reconnaît ce document (${name}).\n`);
    return 2;
  }
  io.stdout(`${JSON.stringify(documentOutput({ sha256, reading }), null, 2)}\n`);
  reportProblems(reading.problems, io);
  return reading.status === 'ok' ? 0 : 1;
}

/** Why a ZIP could not be opened as a package, in one line. */
function packageRefusal(error: unknown): string | null {
  if (error instanceof XdmError) return error.message;
  if (error instanceof ArchiveError) return `ZIP refusé (${error.message})`;
  return null;
}

async function scrapePackage(bytes: Uint8Array, name: string, io: Io): Promise<number> {
  let xdm: Awaited<ReturnType<typeof readPackageFile>>;
  try {
    xdm = await readPackageFile(bytes);
  } catch (error) {
    const refusal = packageRefusal(error);
    if (refusal === null) throw error;
    io.stderr(`${name} : ${refusal}\n`);
    return 1;
  }
  if (!xdm) {
    io.stderr(`${name} n'est pas un dossier médical exporté (aucun dossier IHE_XDM/).\n`);
    return 2;
  }
  const documents = xdm.documents.flatMap((document) =>
    document.reading
      ? [{ name: document.name, ...documentOutput({ ...document, reading: document.reading }) }]
      : [],
  );
  io.stdout(`${JSON.stringify({ package: name, documents, problems: xdm.problems }, null, 2)}\n`);
  for (const problem of xdm.problems) io.stderr(`erreur : ${problem}\n`);
  for (const document of xdm.documents) {
    if (!document.reading) io.stderr(`${document.name} : aucun module de lecture ne reconnaît ce document\n`);
    else reportProblems(document.reading.problems, io, `${document.name} : `);
  }
  if (documents.length === 0) return 2;
  const allRead = xdm.problems.length === 0 && xdm.documents.every((d) => d.reading?.status === 'ok');
  return allRead ? 0 : 1;
}

/** One line of the `--all` table. */
export interface PageSummary {
  file: string;
  recognised: boolean;
  /** `ameli 1.0.0`, or null when no scraper took the page. */
  scraper: string | null;
  records: number | null;
  problems: number | null;
  status: 'ok' | 'broken' | 'failed' | 'unrecognised' | 'no-url' | 'unreadable' | 'spa';
  /** Why, when it is not `ok`, and the problems reported. */
  details: string[];
}

const STATUS_LABELS: Record<PageSummary['status'], string> = {
  ok: 'ok',
  broken: 'cassée',
  failed: 'échec',
  unrecognised: 'non reconnue',
  'no-url': 'sans adresse',
  unreadable: 'illisible',
  spa: 'ignorée (SPA)',
};

/** The line of a file that was not read, and why. */
const unread =
  (file: string) =>
  (status: PageSummary['status'], details: string[] = []): PageSummary => ({
    file,
    recognised: false,
    scraper: null,
    records: null,
    problems: null,
    status,
    details,
  });

/** Reads one saved page at the address of its url comment, as the single-page mode would. */
export async function summarisePage(path: string, file: string): Promise<PageSummary> {
  const summary = unread(file);
  // `*.spa.html` fixtures hold the script that draws the data, not the data: nothing to read here.
  if (file.endsWith('.spa.html')) return summary('spa');
  if (DOCUMENT_FILE.test(file)) return summariseDocument(path, file, summary);
  let html: string;
  try {
    html = readFileSync(path, 'utf8');
  } catch (error) {
    return summary('unreadable', [error instanceof Error ? error.message : String(error)]);
  }
  const address = urlComment(html);
  if (!address || !URL.canParse(address))
    return summary('no-url', ["pas de première ligne <!-- url: … --> donnant l'adresse de la page"]);
  const url = new URL(address);
  const page = parseHtml(html, url.href);
  try {
    const scraper = findScraper(page.document, url);
    if (!scraper) return summary('unrecognised', [`aucun module ne reconnaît cette page (${url.href})`]);
    const run = runScraper(scraper, page.document, url, validateRecords);
    return {
      file,
      recognised: true,
      scraper: `${run.scraper.id} ${run.scraper.version}`,
      records: run.records.length,
      problems: run.problems.length,
      status: run.status,
      details: run.problems.map((p) => `${p.level === 'error' ? 'erreur' : 'attention'} : ${p.message}`),
    };
  } finally {
    await page.close();
  }
}

const DOCUMENT_FILE = /\.(xml|pdf)$/i;
const PACKAGE_FILE = /\.zip$/i;

/** The line of a document read, or that no reader recognises. */
function documentSummary(file: string, reading: FileReading['reading']): PageSummary {
  if (!reading) return unread(file)('unrecognised', ['aucun module ne reconnaît ce document']);
  return {
    file,
    recognised: true,
    scraper: `${reading.reader.id} ${reading.reader.version}`,
    records: reading.records.length,
    problems: reading.problems.length,
    status: reading.status,
    details: reading.problems.map((p) => `${p.level === 'error' ? 'erreur' : 'attention'} : ${p.message}`),
  };
}

async function summariseDocument(
  path: string,
  file: string,
  summary: (status: PageSummary['status'], details?: string[]) => PageSummary,
): Promise<PageSummary> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return summary('unreadable', [error instanceof Error ? error.message : String(error)]);
  }
  return documentSummary(file, (await readDocumentFile(bytes, file)).reading);
}

/** One line per document of a package, `export.zip › DOC0001.XML`, after one for what it lacks. */
export async function summarisePackage(path: string, file: string): Promise<PageSummary[]> {
  const summary = unread(file);
  let xdm: Awaited<ReturnType<typeof readPackageFile>>;
  try {
    xdm = await readPackageFile(readFileSync(path));
  } catch (error) {
    const refusal = packageRefusal(error) ?? (error instanceof Error ? error.message : String(error));
    return [summary('unreadable', [refusal])];
  }
  if (!xdm) return [summary('unrecognised', ["ce ZIP n'est pas un dossier médical exporté (IHE XDM)"])];
  const lines = xdm.documents.map(({ name, reading }) => documentSummary(`${file} › ${name}`, reading));
  if (xdm.problems.length > 0 || lines.length === 0) {
    lines.unshift(summary(lines.length === 0 ? 'unrecognised' : 'failed', xdm.problems));
  }
  return lines;
}

/** The `--all` table: one padded line per page, numbers right-aligned. */
export function formatSummaries(pages: readonly PageSummary[]): string {
  const header = ['fichier', 'reconnue', 'module', 'enregistrements', 'problèmes', 'état'];
  const rows = pages.map((p) => [
    p.file,
    p.recognised ? 'oui' : p.status === 'spa' ? '—' : 'non',
    p.scraper ?? '—',
    p.records === null ? '—' : String(p.records),
    p.problems === null ? '—' : String(p.problems),
    STATUS_LABELS[p.status],
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const numeric = new Set([3, 4]);
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

async function scrapeAll(folder: string, io: Io): Promise<number> {
  let files: string[];
  try {
    files = readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .filter(
        (file) =>
          (file.endsWith('.html') || DOCUMENT_FILE.test(file) || PACKAGE_FILE.test(file)) &&
          !file.endsWith('.expected.json') &&
          statSync(join(folder, file)).isFile(),
      )
      .sort();
  } catch (error) {
    io.stderr(
      `Impossible de lire le dossier ${folder} : ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  if (files.length === 0) {
    io.stderr(`Aucun fichier .html, .xml, .pdf ou .zip dans ${folder}.\n`);
    return 1;
  }
  const pages: PageSummary[] = [];
  for (const file of files) {
    if (PACKAGE_FILE.test(file)) pages.push(...(await summarisePackage(join(folder, file), file)));
    else pages.push(await summarisePage(join(folder, file), file));
  }

  io.stdout(`${formatSummaries(pages)}\n`);
  const count = (status: PageSummary['status']): number => pages.filter((p) => p.status === status).length;
  const failing = pages.filter((p) => p.status !== 'ok' && p.status !== 'spa');
  io.stdout(
    `\n${pages.length} page(s) : ${count('ok')} lue(s), ${failing.length} en échec, ${count('spa')} ignorée(s) (SPA).\n`,
  );
  const explained = pages.filter((p) => p.details.length > 0);
  if (explained.length > 0) {
    io.stdout('\nDétails :\n');
    for (const page of explained)
      io.stdout(`  ${page.file}\n${page.details.map((d) => `    ${d}\n`).join('')}`);
  }
  return failing.length === 0 ? 0 : 1;
}

function parse(argv: readonly string[]) {
  return parseCommandLine({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: { url: { type: 'string' }, all: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `npm run` starts in the package root: resolve the file against where the command was typed.
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
