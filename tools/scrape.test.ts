/**
 * The CLI as people run it: a child process per call, checked on every offline ameli fixture
 * and on each way it can fail.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ScrapedRecord } from '../storage/schemas';
import { recordId } from '../storage/ids';
import { listFixtures, type ExpectedFile } from '../scrapers/fixtures';

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
      expect(output.scraper).toEqual({ id: 'ameli', version: '1.0.0' });
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
    'prints its usage with --help',
    async () => {
      const run = await scrape('--help');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('npm run scrape -- <page.html>');
    },
    TIMEOUT,
  );
});
