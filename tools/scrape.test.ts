/**
 * The CLI as people run it: a child process per call, checked on every offline ameli fixture
 * and on each way it can fail; `--all` once as a child process, its edge cases in-process.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScrapedRecord } from '../storage/schemas';
import { recordId } from '../storage/ids';
import ameliScraper from '../scrapers/ameli';
import { listFixtures, type ExpectedFile } from '../scrapers/fixtures';
import { main } from './scrape';
import { xdmPackage } from './xdm-package';

const ROOT = resolve(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const TIMEOUT = 60_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function scrape(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, ['tools/scrape.ts', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const { cases } = listFixtures(join(ROOT, 'scrapers', 'ameli'));
const offline = cases.filter((c) => !c.spa);
const PAYMENTS =
  'https://assure.ameli.fr/PortailAS/appmanager/PortailAS/assure?_nfpb=true&_pageLabel=as_paiements_page';
const scratch = mkdtempSync(join(tmpdir(), 'scrape-cli-'));

describe.concurrent('npm run scrape', () => {
  it('has ameli fixtures to run on', () => {
    expect(offline.length).toBeGreaterThanOrEqual(5);
  });

  it.each(offline.map((c) => [c.name, c] as const))(
    'prints the expected records of %s, each with its id first',
    async (_name, fixture) => {
      const expected = JSON.parse(readFileSync(fixture.expected, 'utf8')) as ExpectedFile;
      const run = await scrape(fixture.html, '--url', expected.url);
      const output = JSON.parse(run.stdout) as {
        scraper: { id: string; version: string };
        url: string;
        records: ({ id: string } & ScrapedRecord)[];
        problems: { level: string; message: string }[];
      };
      expect(output.scraper).toEqual({ id: 'ameli', version: ameliScraper.version });
      expect(output.url).toBe(expected.url);
      if (expected.expectError) {
        expect(run.code).toBe(1);
        expect(output.records).toEqual([]);
        expect(output.problems).toContainEqual(expect.objectContaining({ level: 'error' }));
        expect(run.stderr).toContain("n'a pas la forme attendue");
        return;
      }
      expect(run.code, run.stderr).toBe(0);
      expect(output.records.map(({ id: _id, ...record }) => record)).toEqual(expected.records);
      for (const record of output.records) {
        const { id, ...rest } = record;
        expect(Object.keys(record)[0]).toBe('id');
        expect(id).toBe(recordId(rest as ScrapedRecord));
      }
    },
    TIMEOUT,
  );

  it(
    "takes the URL from the file's leading comment when --url is absent",
    async () => {
      const run = await scrape('scrapers/ameli/fixtures/paiements.html');
      expect(run.code, run.stderr).toBe(0);
      expect((JSON.parse(run.stdout) as { records: unknown[] }).records).toHaveLength(10);
    },
    TIMEOUT,
  );

  it(
    'exits 2 when no scraper recognises the page',
    async () => {
      const page = join(scratch, 'autre.html');
      writeFileSync(page, '<!doctype html><title>Autre</title><h1>Bonjour</h1>');
      const elsewhere = await scrape(page, '--url', 'https://www.example.org/');
      expect(elsewhere).toMatchObject({ code: 2, stdout: '' });
      expect(elsewhere.stderr).toContain('Aucun module de lecture ne reconnaît cette page');
      // The portal's host, but not a page the scraper reads.
      expect((await scrape(page, '--url', PAYMENTS)).code).toBe(2);
    },
    TIMEOUT,
  );

  it(
    "never runs the page's scripts: the SPA page stays empty, hence unrecognised",
    async () => {
      const spa = cases.find((c) => c.spa);
      if (!spa) throw new Error('no SPA fixture');
      const run = await scrape(spa.html);
      expect(run.code).toBe(2);
    },
    TIMEOUT,
  );

  it(
    'exits 1 on an unreadable file, a missing or invalid URL, or bad arguments',
    async () => {
      const missing = await scrape(join(scratch, 'absent.html'), '--url', PAYMENTS);
      expect(missing).toMatchObject({ code: 1, stdout: '' });
      expect(missing.stderr).toContain('Impossible de lire');

      const noUrl = await scrape('demo/portals/ameli/paiements.html');
      expect(noUrl.code).toBe(1);
      expect(noUrl.stderr).toContain('--url');

      expect((await scrape('demo/portals/ameli/paiements.html', '--url', 'pas une adresse')).code).toBe(1);
      expect((await scrape()).code).toBe(1);
      expect((await scrape('a.html', 'b.html')).code).toBe(1);
      expect((await scrape('a.html', '--bogus')).code).toBe(1);
    },
    TIMEOUT,
  );

  it(
    'refuses a command line it cannot run in one line, then its usage, without a stack trace',
    async () => {
      for (const [args, reason] of [
        [['demo/portals/ameli/paiements.html', '--check'], 'Option inconnue : --check.'],
        [['demo/portals/ameli/paiements.html', '--url'], "L'option --url attend une valeur."],
        [[], 'Indiquez un seul fichier (page HTML ou document).'],
      ] as const) {
        const run = await scrape(...args);
        // 1, not 2: the spec keeps 2 for « no scraper recognises the page ».
        expect(run.code, run.stderr).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr.split('\n')[0]).toBe(reason);
        expect(run.stderr).toContain('Usage : npm run scrape -- <page.html>');
        expect(run.stderr).not.toMatch(/ERR_PARSE_ARGS|\n\s+at /);
      }
    },
    TIMEOUT,
  );

  it(
    'prints its usage with --help',
    async () => {
      const run = await scrape('--help');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('npm run scrape -- <page.html>');
    },
    TIMEOUT,
  );
});

describe('npm run scrape -- --all', () => {
  const made: string[] = [];
  const scratchFolder = (): string => {
    const path = mkdtempSync(join(tmpdir(), 'scrape-all-'));
    made.push(path);
    return path;
  };
  afterAll(() => {
    for (const path of made) rmSync(path, { recursive: true, force: true });
  });
  const folder = scratchFolder();
  const ameli = (name: string): string => readFileSync(join(ROOT, 'scrapers/ameli/fixtures', name), 'utf8');
  mkdirSync(join(folder, 'testeurs', 'mars'), { recursive: true });
  writeFileSync(join(folder, 'paiements.html'), ameli('paiements.html'));
  writeFileSync(join(folder, 'montant-illisible.html'), ameli('paiements-montant-illisible.html'));
  writeFileSync(join(folder, 'testeurs', 'mars', 'cassee.html'), ameli('paiements-sans-montant-verse.html'));
  writeFileSync(
    join(folder, 'testeurs', 'autre.html'),
    '<!-- url: https://www.example.org/ -->\n<h1>Bonjour</h1>',
  );
  writeFileSync(join(folder, 'testeurs', 'sans-adresse.html'), '<h1>Bonjour</h1>');
  writeFileSync(join(folder, 'dessinee.spa.html'), ameli('paiements.spa.html'));
  writeFileSync(join(folder, 'notes.txt'), 'pas une page');

  function capture() {
    const out = { stdout: '', stderr: '' };
    const io = {
      stdout: (t: string) => void (out.stdout += t),
      stderr: (t: string) => void (out.stderr += t),
    };
    return { out, io };
  }
  /** The table's rows by file: the cells between runs of two spaces or more. */
  const rows = (stdout: string): Record<string, string[]> =>
    Object.fromEntries(
      stdout
        .split('\n\n')[0]!
        .split('\n')
        .slice(2)
        .map((line) => line.split(/ {2,}/))
        .map(([file = '', ...cells]) => [file, cells]),
    );

  it(
    'prints one line per page of the folder and its subfolders, and exits 1 when one is not read',
    async () => {
      const run = await scrape('--all', folder);
      expect(run.code).toBe(1);
      const [header] = run.stdout.split('\n');
      expect(header?.split(/ {2,}/)).toEqual([
        'fichier',
        'reconnue',
        'module',
        'enregistrements',
        'problèmes',
        'état',
      ]);
      expect(rows(run.stdout)).toEqual({
        'dessinee.spa.html': ['—', '—', '—', '—', 'ignorée (SPA)'],
        'montant-illisible.html': ['oui', `ameli ${ameliScraper.version}`, '9', '1', 'ok'],
        'paiements.html': ['oui', `ameli ${ameliScraper.version}`, '10', '0', 'ok'],
        'testeurs/autre.html': ['non', '—', '—', '—', 'non reconnue'],
        'testeurs/mars/cassee.html': ['oui', `ameli ${ameliScraper.version}`, '0', '1', 'cassée'],
        'testeurs/sans-adresse.html': ['non', '—', '—', '—', 'sans adresse'],
      });
      expect(run.stdout).toContain('6 page(s) : 2 lue(s), 3 en échec, 1 ignorée(s) (SPA).');
      expect(run.stdout).toContain('colonne « Montant versé » introuvable');
      expect(run.stdout).toContain('montant illisible : « 47,7x € »');
    },
    TIMEOUT,
  );

  it('exits 0 when every page is recognised and read, warnings included', async () => {
    const good = scratchFolder();
    writeFileSync(join(good, 'a.html'), ameli('paiements.html'));
    writeFileSync(join(good, 'b.html'), ameli('paiements-montant-illisible.html'));
    const { out, io } = capture();
    expect(await main(['--all', good], io)).toBe(0);
    expect(out.stdout).toContain('2 page(s) : 2 lue(s), 0 en échec');
  });

  it('exits 1 on a folder without pages, a missing folder, or --all with a file or --url', async () => {
    const { out, io } = capture();
    expect(await main(['--all', scratchFolder()], io)).toBe(1);
    expect(out.stderr).toContain('Aucun fichier .html');
    expect(await main(['--all', join(folder, 'absent')], io)).toBe(1);
    expect(out.stderr).toContain('Impossible de lire le dossier');
    expect(await main(['--all', folder, 'a.html'], io)).toBe(1);
    expect(await main(['--all', folder, '--url', PAYMENTS], io)).toBe(1);
    expect(await main(['--all'], io)).toBe(1);
    expect(out.stdout).toBe('');
  });

  it('documents --all and its exit codes in --help', async () => {
    const { out, io } = capture();
    expect(await main(['--help'], io)).toBe(0);
    expect(out.stdout).toContain('npm run scrape -- --all <dossier>');
    expect(out.stdout).toContain('Avec --all : 0 si chaque page est reconnue et lue, 1 sinon.');
  });
});

describe('npm run scrape -- <document>', () => {
  const folder = mkdtempSync(join(tmpdir(), 'scrape-documents-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const cda = (name: string) => join(ROOT, 'scrapers/cda/fixtures', name);
  function capture() {
    const out = { stdout: '', stderr: '' };
    const io = {
      stdout: (t: string) => void (out.stdout += t),
      stderr: (t: string) => void (out.stderr += t),
    };
    return { out, io };
  }

  it(
    'reads a CDA document by its content, whatever its name, as a brought file',
    async () => {
      writeFileSync(join(folder, 'compte-rendu.txt'), readFileSync(cda('cr-bio-complet.xml')));
      const run = await scrape(join(folder, 'compte-rendu.txt'));
      expect(run.code).toBe(0);
      const output = JSON.parse(run.stdout) as {
        scraper: { id: string };
        url: string;
        records: ScrapedRecord[];
      };
      expect(output.scraper.id).toBe('cda');
      expect(output.url).toMatch(/^urn:sha256:[0-9a-f]{64}$/);
      const [document, ...records] = output.records;
      expect(document).toMatchObject({ kind: 'document', sourceUrl: output.url, docType: 'lab-report' });
      const expected = JSON.parse(readFileSync(cda('cr-bio-complet.expected.json'), 'utf8')) as {
        records: ScrapedRecord[];
      };
      // Each record with its id first; the same records as the fixture, but for the file's digest.
      expect(records.map(({ id: _id, ...rest }: ScrapedRecord & { id?: string }) => rest.kind)).toEqual(
        expected.records.map((record) => record.kind),
      );
      for (const record of records as (ScrapedRecord & { id: string })[]) {
        const { id, ...rest } = record;
        expect(id).toBe(recordId(rest as ScrapedRecord));
        expect(Object.keys(record)[0]).toBe('id');
        expect(record.sourceUrl).toBe(output.url);
      }
      expect(run.stderr).toContain('Vitamine D');
    },
    TIMEOUT,
  );

  it('exits 2 on XML no reader knows, 1 on a refused or malformed document, and refuses --url', async () => {
    const { out, io } = capture();
    writeFileSync(join(folder, 'autre.xml'), '<?xml version="1.0"?><Bundle xmlns="http://hl7.org/fhir"/>');
    expect(await main([join(folder, 'autre.xml')], io)).toBe(2);
    expect(out.stderr).toContain('Aucun module de lecture ne reconnaît ce document');
    expect(await main([cda('plusieurs-patients.xml')], io)).toBe(1);
    expect(out.stderr).toContain('2 patients');
    writeFileSync(
      join(folder, 'casse.xml'),
      '<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3"><id>',
    );
    expect(await main([join(folder, 'casse.xml')], io)).toBe(1);
    expect(out.stderr).toContain("ce n'est pas du XML bien formé");
    expect(await main([cda('cr-bio-complet.xml'), '--url', PAYMENTS], io)).toBe(1);
  });

  it('reads the documents of a folder with --all', async () => {
    const { out, io } = capture();
    expect(await main(['--all', join(ROOT, 'scrapers/cda/fixtures')], io)).toBe(1);
    expect(out.stdout).toMatch(/synthese-medicale\.xml +oui +cda \d+\.\d+\.\d+ +11 +0 +ok/);
    expect(out.stdout).toMatch(/plusieurs-patients\.xml +oui +cda .* cassée/);
    expect(out.stdout).not.toContain('expected.json');
  });

  describe('a portal’s record export (IHE XDM ZIP)', () => {
    const exported = (extraUris: string[] = []) =>
      xdmPackage(
        [
          { name: 'DOC0001.XML', bytes: readFileSync(cda('resume-mychart.xml')), mimeType: 'text/xml' },
          { name: 'DOC0002.XML', bytes: readFileSync(cda('note-de-vaccination.xml')), mimeType: 'text/xml' },
        ],
        { extraUris },
      );

    it('reads every document it lists, each as a brought file', async () => {
      const { out, io } = capture();
      writeFileSync(join(folder, 'export.zip'), exported());
      expect(await main([join(folder, 'export.zip')], io)).toBe(0);
      const output = JSON.parse(out.stdout) as {
        package: string;
        documents: { name: string; scraper: { id: string }; records: ScrapedRecord[] }[];
        problems: string[];
      };
      expect(output.package).toBe('export.zip');
      expect(output.problems).toEqual([]);
      expect(output.documents.map((d) => [d.name, d.scraper.id, d.records[0]?.kind])).toEqual([
        ['DOC0001.XML', 'cda', 'document'],
        ['DOC0002.XML', 'cda', 'document'],
      ]);
      const expected = JSON.parse(readFileSync(cda('resume-mychart.expected.json'), 'utf8')) as {
        records: ScrapedRecord[];
      };
      expect(output.documents[0]!.records.slice(1).map((r) => r.kind)).toEqual(
        expected.records.filter((r) => r.kind !== 'document').map((r) => r.kind),
      );
    });

    it('exits 1 when it lacks a document, 2 when the ZIP is no export, 1 on a zip bomb', async () => {
      const { out, io } = capture();
      writeFileSync(join(folder, 'incomplet.zip'), exported(['DOC0003.XML']));
      expect(await main([join(folder, 'incomplet.zip')], io)).toBe(1);
      expect(out.stderr).toContain('DOC0003.XML : annoncé par le paquet mais absent du ZIP');
      writeFileSync(join(folder, 'autre.zip'), zipSync({ 'a.txt': new Uint8Array([65]) }));
      expect(await main([join(folder, 'autre.zip')], io)).toBe(2);
      writeFileSync(
        join(folder, 'bombe.zip'),
        zipSync({ IHE_XDM: { SUBSET01: { 'DOC0001.XML': new Uint8Array(8 << 20) } } }),
      );
      expect(await main([join(folder, 'bombe.zip')], io)).toBe(1);
      expect(out.stderr).toContain('zip-bomb');
    });

    it('gives a line per document with --all', async () => {
      const { out, io } = capture();
      const dir = mkdtempSync(join(tmpdir(), 'scrape-xdm-'));
      try {
        writeFileSync(join(dir, 'export.zip'), exported(['DOC0003.XML']));
        expect(await main(['--all', dir], io)).toBe(1);
        expect(out.stdout).toMatch(/export\.zip › DOC0001\.XML +oui +cda \S+ +6 +0 +ok/);
        expect(out.stdout).toMatch(/export\.zip › DOC0002\.XML +oui +cda \S+ +2 +1 +ok/);
        expect(out.stdout).toMatch(/^export\.zip +non .* échec$/m);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
