/**
 * The scraper CLI (../shared/spec/records.md, "Scraper CLI output"):
 *
 *   npm run scrape -- <page.html> [--url <url>]
 *
 * Reads a saved page as if the browser were on `url`, and prints one JSON object
 * `{ scraper, url, records, problems }`, each record with its `id` first. Exit codes: 0 read;
 * 2 no scraper recognises the page; 1 anything else (arguments, unreadable file, a page in an
 * unexpected shape: then the JSON still says why).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findScraper } from '../scrapers/registry';
import { runScraper } from '../scrapers/runner';
import { recordId } from '../storage/ids';
import { parseHtml, urlComment } from './parse-html';
import { validateRecords } from '../storage/validate';

const USAGE = `Usage : npm run scrape -- <page.html> [--url <adresse>]

Lit une page de portail enregistrée comme si le navigateur était à <adresse>, et écrit sur la
sortie standard un objet JSON { scraper, url, records, problems }.

  --url <adresse>  adresse de la page ; facultative si le fichier commence par <!-- url: … -->
  -h, --help       cette aide

Codes de sortie : 0 page lue ; 2 aucun module ne reconnaît la page ; 1 autre échec.`;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Runs the CLI and returns its exit code. */
export async function main(
  argv: readonly string[],
  io: Io = processIo,
  cwd = process.cwd(),
): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return 1;
  }
  if (args.values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const [file, ...extra] = args.positionals;
  if (file === undefined || extra.length > 0) {
    io.stderr(`Indiquez un seul fichier HTML.\n\n${USAGE}\n`);
    return 1;
  }

  let html: string;
  try {
    html = readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    io.stderr(`Impossible de lire ${file} : ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
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

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: { url: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
