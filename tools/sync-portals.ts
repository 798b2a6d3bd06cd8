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
import { parseArgs } from 'node:util';

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

function main(): void {
  const { values } = parseArgs({
    options: { from: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(
      'Usage : npm run sync-portals [-- --from <dossier des portails>]  (par défaut ../shared/portals)',
    );
    return;
  }
  const from = resolve(values.from ?? join(ROOT, '..', 'shared', 'portals'));
  if (!existsSync(join(from, 'index.json'))) {
    console.error(`Pas de index.json dans ${from} : ce n'est pas un dossier de portails simulés.`);
    process.exitCode = 1;
    return;
  }
  syncPortals(from);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
