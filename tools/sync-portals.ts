/**
 * `npm run sync-portals [-- --from <dir>]`: refreshes the project's copy of the simulated
 * portals (demo/portals, served by the demo server) from ../shared/portals, and turns each page
 * of a portal that has a scraper into that scraper's fixture:
 * `scrapers/<id>/fixtures/<case>.html`, starting with `<!-- url: <page url> -->`, beside its
 * `<case>.expected.json`. Hand-made fixtures (not in index.json) are left alone.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Io, parseCommandLine, processIo, refuseArguments } from './io';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface PortalPage {
  file: string;
  url: string;
  expected?: string;
}
interface PortalIndex {
  portals: { id: string; pages: PortalPage[] }[];
}

/** Every file under `dir`, as paths relative to it. */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(dir, path)).isFile())
    .sort();
}

/** Makes `to` a verbatim copy of `from`; only files that differ are written. */
function mirror(from: string, to: string): { written: number; removed: number } {
  let written = 0;
  let removed = 0;
  const wanted = new Set(listFiles(from));
  for (const path of wanted) {
    const source = join(from, path);
    const target = join(to, path);
    if (existsSync(target) && readFileSync(target).equals(readFileSync(source))) continue;
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    written += 1;
  }
  for (const path of listFiles(to)) {
    if (wanted.has(path)) continue;
    rmSync(join(to, path));
    removed += 1;
  }
  return { written, removed };
}

function writeIfChanged(path: string, content: string): boolean {
  if (existsSync(path) && readFileSync(path, 'utf8') === content) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return true;
}

/** Syncs `from` into the project at `root` (a parameter so tests can use a scratch copy). */
export function syncPortals(from: string, root = ROOT, log: (line: string) => void = console.log): void {
  const demo = join(root, 'demo', 'portals');
  const { written, removed } = mirror(from, demo);
  log(`${relative(root, demo)} : ${written} fichier(s) copié(s), ${removed} supprimé(s)`);

  const index = JSON.parse(readFileSync(join(from, 'index.json'), 'utf8')) as PortalIndex;
  for (const portal of index.portals) {
    const folder = join(root, 'scrapers', portal.id);
    if (!existsSync(join(folder, 'index.ts'))) continue;
    let changed = 0;
    for (const page of portal.pages) {
      const name = basename(page.file, '.html');
      const html = readFileSync(join(from, page.file), 'utf8');
      if (writeIfChanged(join(folder, 'fixtures', `${name}.html`), `<!-- url: ${page.url} -->\n${html}`))
        changed += 1;
      if (page.expected) {
        const expected = readFileSync(join(from, page.expected), 'utf8');
        if (writeIfChanged(join(folder, 'fixtures', `${name}.expected.json`), expected)) changed += 1;
      }
    }
    log(`scrapers/${portal.id}/fixtures : ${portal.pages.length} page(s), ${changed} fichier(s) mis à jour`);
  }
}

const USAGE = `Usage : npm run sync-portals [-- --from <dossier>]

Recopie les portails simulés dans demo/portals (servis par le serveur de démonstration), et fait
de chaque page d'un portail qui a un module de lecture une page de test de ce module :
scrapers/<module>/fixtures/<cas>.html, avec son <cas>.expected.json. Les pages de test faites à
la main (absentes de index.json) ne sont pas touchées.

  --from <dossier>   dossier des portails simulés, avec son index.json (par défaut ../shared/portals)
  -h, --help         cette aide`;

/** Runs the CLI and returns its exit code (`root`: a scratch project in tests). */
export function main(argv: readonly string[], io: Io = processIo, root = ROOT): number {
  let values: { from?: string; help?: boolean };
  try {
    ({ values } = parseCommandLine({
      args: [...argv],
      options: { from: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    return refuseArguments(error, USAGE, io);
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const from = resolve(values.from ?? join(root, '..', 'shared', 'portals'));
  if (!existsSync(join(from, 'index.json'))) {
    io.stderr(`Pas de index.json dans ${from} : ce n'est pas un dossier de portails simulés.\n`);
    return 1;
  }
  syncPortals(from, root, (line) => io.stdout(`${line}\n`));
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = main(process.argv.slice(2));
