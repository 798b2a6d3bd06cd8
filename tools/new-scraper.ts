/**
 * `npm run new-scraper -- <portal-id>`: scaffolds a portal, as refined-github's
 * build/new-feature.sh does for a feature:
 *
 *   scrapers/<id>/index.ts                       defineScraper skeleton, named selectors
 *   scrapers/<id>/<id>.test.ts                   the one-line fixture test
 *   scrapers/<id>/fixtures/example.html          placeholder page with its <!-- url: … --> line
 *   scrapers/<id>/fixtures/example.expected.json placeholder records that can never match
 *   scrapers/registry.ts                         one import line and one array entry
 *   entrypoints/<id>.content.ts                  the portal's own content script (its hosts only)
 *
 * Everything it writes is red on purpose until the researcher replaces it: the placeholder host
 * `<id>.a-remplacer.invalid` fails the consistency test (`.invalid` is reserved, RFC 2606, so it
 * can never be a real portal), the skeleton refuses every page with a PageLayoutError, and the
 * placeholder expected record matches no scraper's output. A scaffold that passed its tests
 * would let an unwritten scraper ship.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArgumentError, type Io, parseCommandLine, processIo, refuseArguments } from './io';
import { format, resolveConfig } from 'prettier';

const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..');
const PORTAL_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_LENGTH = 40;
/** Folder names under scrapers/ that are not portals, present or planned. */
const RESERVED = new Set([
  'helpers',
  'template',
  'fixtures',
  'registry',
  'contract',
  'runner',
  'consistency',
]);
/** Identifiers a registry import cannot be named. */
const KEYWORDS = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false ' +
    'finally for function if import in instanceof let new null return static super switch this throw ' +
    'true try typeof var void while with yield await implements interface package private protected public'
  ).split(' '),
);
const REGISTRY_ARRAY = /(export const scrapers: readonly Scraper\[\] = \[)([^\]]*)(\];)/;
/** A one-line import of a sibling module (type imports included: they sort with the others). */
const LOCAL_IMPORT = /^import .+ from '\.\/([^']+)';$/;

export class ScaffoldError extends Error {}

export interface ScaffoldOptions {
  /** Project root (a scratch copy in tests). */
  root?: string;
  /** Date of the TODO markers, `YYYY-MM-DD`. */
  today?: string;
}

/** Why `id` cannot be a new portal under `root`, or null when it can. */
export function idMistake(id: string, root = ROOT): string | null {
  if (!PORTAL_ID.test(id))
    return `« ${id} » n'est pas un identifiant en kebab-case (minuscules, chiffres et tirets : mon-portail).`;
  if (id.length > MAX_LENGTH) return `« ${id} » est trop long (${MAX_LENGTH} caractères au plus).`;
  if (RESERVED.has(id)) return `« ${id} » est un nom réservé de scrapers/.`;
  const scrapers = join(root, 'scrapers');
  if (existsSync(join(scrapers, id)) || existsSync(join(scrapers, `${id}.ts`)))
    return `« ${id} » est déjà pris : scrapers/${id} existe.`;
  if (readFileSync(join(scrapers, 'registry.ts'), 'utf8').includes(`from './${id}'`))
    return `« ${id} » est déjà dans scrapers/registry.ts.`;
  if (existsSync(join(root, 'entrypoints', `${id}.content.ts`)))
    return `« ${id} » est déjà pris : entrypoints/${id}.content.ts existe.`;
  return null;
}

/** The name the registry imports the scraper as: camelCase, kept clear of every word already there. */
function importName(id: string, registry: string): string {
  const camel = id.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
  return KEYWORDS.has(camel) || new RegExp(`\\b${camel}\\b`).test(registry) ? `${camel}Scraper` : camel;
}

/** The registry with `id` imported (in path order, like the others) and appended to the list. */
export function register(registry: string, id: string): string {
  const name = importName(id, registry);
  const lines = registry.split('\n');
  const imports = lines.flatMap((line, index) => {
    const path = LOCAL_IMPORT.exec(line)?.[1];
    return path === undefined ? [] : [{ index, path }];
  });
  const last = imports.at(-1);
  if (!last || !REGISTRY_ARRAY.test(registry))
    throw new ScaffoldError(
      "scrapers/registry.ts n'a plus la forme attendue : ajoutez l'import et l'entrée du tableau à la main.",
    );
  const next = imports.find((line) => line.path > id);
  lines.splice(next ? next.index : last.index + 1, 0, `import ${name} from './${id}';`);
  return lines
    .join('\n')
    .replace(
      REGISTRY_ARRAY,
      (_, open: string, list: string, close: string) => `${open}${list.trim()}, ${name}${close}`,
    );
}

const placeholderUrl = (id: string): string => `https://${id}.a-remplacer.invalid/page`;

function scraperSource(id: string, today: string): string {
  return `/**
 * TODO(${today}): which portal this is, which of its pages it reads and the records each gives.
 * A complete example: ../labo/index.ts. The steps: CONTRIBUTING.md.
 */
import type { ScrapedRecord } from '../../storage/schemas';
import { defineScraper, PageLayoutError, type ScrapeContext, type ScrapeOutput } from '../contract';
import { readRows } from '../helpers/rows';
import { textOf } from '../helpers/text';

// Selectors: one named constant each, with a note on what it picks. Prefer ids, data-* attributes,
// ARIA roles and header or label text to presentational classes, which portals rename when they
// restyle.

/** TODO(${today}): the block that holds the data, present only once the page has drawn it. */
const CONTENT = '#a-remplacer';
/** TODO(${today}): one line of that block, which becomes one record. */
const ROW = '[data-a-remplacer]';

/** Reads one line; throws a ParseError (../helpers/parse-error.ts) on a value it cannot read. */
function readRow(row: Element, url: URL): ScrapedRecord {
  // TODO(${today}): return one record of docs/records.md with \`source: '${id}'\`,
  // \`sourceUrl: url.href\`, and null for what the page does not show.
  throw new PageLayoutError(\`lecture des lignes pas encore écrite (\${url.pathname}) : \${textOf(row) ?? ''}\`);
}

function scrape(doc: Document, url: URL, ctx: ScrapeContext): ScrapeOutput {
  const content = doc.querySelector(CONTENT);
  // Recognised but not in the shape this module knows: nothing is kept, and the person is told why.
  if (!content) throw new PageLayoutError(\`bloc des données (\${CONTENT}) introuvable\`);
  // A line that cannot be read is reported through ctx and skipped; the others are kept.
  const rows = Array.from(content.querySelectorAll(ROW));
  return { records: readRows(rows, 'Élément', ctx, (row) => readRow(row, url)) };
}

export default defineScraper({
  id: '${id}',
  // Bump it whenever the output for the same page changes.
  version: '0.1.0',
  label: 'TODO(${today}): nom du portail tel que les gens le connaissent',
  kind: 'other',
  // TODO(${today}): the portal's own https host and path. The .invalid host is a placeholder that
  // the consistency test refuses.
  matches: ['https://${id}.a-remplacer.invalid/*'],
  // TODO(${today}): the record kinds this module produces.
  produces: [],
  detect: (doc) => doc.querySelector(CONTENT) !== null,
  scrape,
});
`;
}

const TEST_SOURCE = `import { runFixtures } from '../fixtures';\n\nrunFixtures(import.meta.url);\n`;

function placeholderPage(id: string): string {
  return `<!-- url: ${placeholderUrl(id)} -->
<!doctype html>
<html lang="fr">
  <head>
    <meta charset="utf-8" />
    <title>À remplacer</title>
  </head>
  <body>
    <h1>À remplacer</h1>
    <p>
      Replace this file with a page saved from the portal (${id}), anonymised, keeping a first line
      that names its real address as the url comment above does. Name it after what it shows
      (mes-remboursements.html), then write its .expected.json beside it.
    </p>
  </body>
</html>
`;
}

function placeholderExpected(id: string): string {
  const todo =
    'Placeholder: list the records this page should give (docs/records.md), or run ' +
    `npm run fixtures:update -- ${id} once the scraper reads it, and check them field by field.`;
  return `${JSON.stringify({ url: placeholderUrl(id), records: [{ TODO: todo }] }, null, 2)}\n`;
}

async function prettier(path: string, text: string): Promise<string> {
  return format(text, { ...(await resolveConfig(path)), filepath: path });
}

/** Writes the scaffold of `id` under `root` and registers it; returns the files written. */
export async function newScraper(id: string, options: ScaffoldOptions = {}): Promise<string[]> {
  const root = options.root ?? ROOT;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const mistake = idMistake(id, root);
  if (mistake) throw new ScaffoldError(mistake);

  const registryPath = join(root, 'scrapers', 'registry.ts');
  // Computed before anything is written, so a registry it cannot edit leaves no half scaffold.
  const registry = await prettier(registryPath, register(readFileSync(registryPath, 'utf8'), id));
  const folder = join(root, 'scrapers', id);
  const files: [string, string][] = [
    [join(folder, 'index.ts'), await prettier(join(folder, 'index.ts'), scraperSource(id, today))],
    [join(folder, `${id}.test.ts`), await prettier(join(folder, `${id}.test.ts`), TEST_SOURCE)],
    // Fixtures are kept byte for byte as saved (.prettierignore): no formatting here either.
    [join(folder, 'fixtures', 'example.html'), placeholderPage(id)],
    [join(folder, 'fixtures', 'example.expected.json'), placeholderExpected(id)],
    [join(root, 'entrypoints', `${id}.content.ts`), contentScriptSource(id)],
  ];
  mkdirSync(join(folder, 'fixtures'), { recursive: true });
  mkdirSync(join(root, 'entrypoints'), { recursive: true });
  for (const [path, text] of files) writeFileSync(path, text, { flag: 'wx' });
  writeFileSync(registryPath, registry);
  return [...files.map(([path]) => path), registryPath].map((path) => relative(root, path));
}

/**
 * The portal's content script: matched on its scraper's patterns and carrying that scraper only,
 * so a page of one portal never loads the others' code. The consistency test checks every
 * portal's entry point is exactly this.
 */
export function contentScriptSource(id: string): string {
  return `// The ${id} portal's content script: on its hosts only, with its scraper only.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { runOnPortalPage } from '../content/portal-content';
import portal from '../scrapers/${id}';

export default defineContentScript({
  // Not in the manifest: the background injects it into the portal's pages once they have loaded
  // (background/portal-injection.ts). Its matches become the extension's host permissions.
  registration: 'runtime',
  matches: [...portal.matches],
  main: (ctx) => runOnPortalPage(ctx, [portal]),
});
`;
}

function nextSteps(id: string): string {
  return `
Étapes suivantes (le détail : CONTRIBUTING.md). Les tests restent rouges tant qu'elles ne sont pas
faites : c'est voulu.

  1. Remplacez scrapers/${id}/fixtures/example.html par une page enregistrée du portail,
     anonymisée, dont la première ligne donne sa vraie adresse : <!-- url: https://… -->.
     Nommez-la d'après ce qu'elle montre (mes-remboursements.html).
  2. Dans scrapers/${id}/index.ts : l'hôte du portail dans \`matches\` (à la place de
     « .invalid »), \`label\`, \`kind\`, \`produces\`, les sélecteurs, puis la lecture d'une ligne.
  3. Écrivez <cas>.expected.json à côté de la page (ou générez-le avec
     npm run fixtures:update -- ${id} et relisez-le champ par champ), puis
     npx vitest run scrapers/${id} scrapers/consistency.test.ts jusqu'au vert.
`;
}

export type { Io } from './io';

const USAGE = `Usage : npm run new-scraper -- <identifiant>

Crée scrapers/<identifiant>/ (module de lecture, test, page et fichier attendu provisoires), son
script de contenu entrypoints/<identifiant>.content.ts, et l'inscrit dans scrapers/registry.ts. L'identifiant est en kebab-case : mon-portail.`;

/** Runs the CLI and returns its exit code. */
export async function main(
  argv: readonly string[],
  io: Io = processIo,
  options: ScaffoldOptions = {},
): Promise<number> {
  let id: string;
  try {
    const args = parseCommandLine({
      args: [...argv],
      allowPositionals: true,
      options: { help: { type: 'boolean', short: 'h' } },
    });
    if (args.values.help) {
      io.stdout(`${USAGE}\n`);
      return 0;
    }
    const [first, ...extra] = args.positionals;
    if (first === undefined || extra.length > 0) throw new ArgumentError('Indiquez un seul identifiant.');
    id = first;
  } catch (error) {
    return refuseArguments(error, USAGE, io);
  }
  try {
    const files = await newScraper(id, options);
    io.stdout(`Module « ${id} » créé :\n${files.map((file) => `  ${file}\n`).join('')}${nextSteps(id)}`);
    return 0;
  } catch (error) {
    if (!(error instanceof ScaffoldError)) throw error;
    io.stderr(`${error.message}\n`);
    return 1;
  }
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

/**
 * A channel portal's second script: its in-session requests, loaded into a page of the portal
 * only when the person asks for a save (content/channel-entry.ts). The consistency test checks
 * every channel portal's entry point is exactly this.
 */
export function channelsScriptSource(id: string): string {
  return `// The ${id} portal's in-session requests: injected by the background only when the person asks for a save.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { exposeChannels } from '../content/channel-entry';
import channels from '../scrapers/${id}/channels';
import portal from '../scrapers/${id}';

export default defineContentScript({
  registration: 'runtime',
  matches: [...portal.matches],
  main: () => exposeChannels(channels),
});
`;
}
