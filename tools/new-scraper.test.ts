// @vitest-environment node
/**
 * `npm run new-scraper` on a scratch project: the files it writes, the registration, the ids it
 * refuses, and above all that what it writes compiles, lints, and is RED until a researcher
 * writes the scraper (vitest and tsc run as child processes, as a researcher would run them).
 */
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { check, resolveConfig } from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urlComment } from './parse-html';
import { idMistake, main, newScraper, register, ScaffoldError } from './new-scraper';

const ROOT = resolve(import.meta.dirname, '..');
const ID = 'cabinet-test';
const TIMEOUT = 120_000;
const scratches: string[] = [];

/**
 * A scratch project: the files new-scraper edits (and the fixture runner, whose `./registry` must
 * be the scratch one) are copies; everything else links to the real tree, so every module the new
 * scraper imports is the very one the copies import (one `PageLayoutError` class, not two).
 */
function scratchProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'new-scraper-'));
  scratches.push(root);
  mkdirSync(join(root, 'scrapers'));
  for (const entry of readdirSync(join(ROOT, 'scrapers'))) {
    const from = join(ROOT, 'scrapers', entry);
    if (entry === 'registry.ts' || entry === 'fixtures.ts') copyFileSync(from, join(root, 'scrapers', entry));
    else if (!entry.endsWith('.test.ts')) symlinkSync(from, join(root, 'scrapers', entry));
  }
  for (const entry of ['storage', 'tools', 'lib', 'content', 'node_modules'])
    symlinkSync(join(ROOT, entry), join(root, entry));
  copyFileSync(join(ROOT, '.prettierrc.json'), join(root, '.prettierrc.json'));
  return root;
}

interface Run {
  code: number;
  output: string;
}

/** A project binary run in `cwd`, outside this vitest's own environment. */
async function run(bin: string, args: string[], cwd: string): Promise<Run> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
  try {
    const { stdout, stderr } = await promisify(execFile)(join(ROOT, 'node_modules', '.bin', bin), args, {
      cwd,
      env: { ...env, NODE_ENV: 'test', FORCE_COLOR: '0', NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: (failed.stdout ?? '') + (failed.stderr ?? '') };
  }
}

afterAll(() => {
  for (const root of scratches) rmSync(root, { recursive: true, force: true });
});

describe('npm run new-scraper', () => {
  let root: string;
  let files: string[];
  const read = (path: string): string => readFileSync(join(root, path), 'utf8');

  beforeAll(async () => {
    root = scratchProject();
    files = await newScraper(ID, { root, today: '2026-01-02' });
  });

  it('writes the four files of the folder, its content script, and edits the registry', () => {
    expect(files).toEqual([
      `scrapers/${ID}/index.ts`,
      `scrapers/${ID}/${ID}.test.ts`,
      `scrapers/${ID}/fixtures/example.html`,
      `scrapers/${ID}/fixtures/example.expected.json`,
      `entrypoints/${ID}.content.ts`,
      'scrapers/registry.ts',
    ]);
    for (const file of files) expect(existsSync(join(root, file)), file).toBe(true);
  });

  it('registers it with one import line, in order, and one array entry', async () => {
    const before = readFileSync(join(ROOT, 'scrapers', 'registry.ts'), 'utf8').split('\n');
    const after = read('scrapers/registry.ts').split('\n');
    const added = after.filter((line) => !before.includes(line));
    expect(added[0]).toBe(`import cabinetTest from './${ID}';`);
    expect(after.indexOf(added[0]!)).toBeLessThan(
      after.indexOf("import type { Scraper } from './contract';"),
    );
    expect(after.join('\n')).toMatch(
      /export const scrapers: readonly Scraper\[\] = \[[^\]]*, cabinetTest,?\s*\];/,
    );
    expect(before.length + 1).toBeLessThanOrEqual(after.length);
    const path = join(root, 'scrapers', 'registry.ts');
    expect(
      await check(read('scrapers/registry.ts'), { ...(await resolveConfig(path)), filepath: path }),
    ).toBe(true);
  });

  it('writes a skeleton with named selectors, version 0.1.0 and a placeholder host', () => {
    const source = read(`scrapers/${ID}/index.ts`);
    expect(source).toContain(`id: '${ID}'`);
    expect(source).toContain("version: '0.1.0'");
    expect(source).toContain(`matches: ['https://${ID}.a-remplacer.invalid/*']`);
    expect(source).toContain('TODO(2026-01-02)');
    const lines = source.split('\n');
    const selectors = lines.flatMap((line, index) => (/^const [A-Z_]+ = '/.test(line) ? [index] : []));
    expect(selectors.length).toBeGreaterThanOrEqual(2);
    // Each selector has its note on the line above.
    for (const index of selectors) expect(lines[index - 1]).toMatch(/^\/\*\* .+ \*\/$/);
    expect(read(`scrapers/${ID}/${ID}.test.ts`)).toBe(
      "import { runFixtures } from '../fixtures';\n\nrunFixtures(import.meta.url);\n",
    );
  });

  it('writes a placeholder page that names its URL, and an expected file that cannot match', () => {
    const html = read(`scrapers/${ID}/fixtures/example.html`);
    const expected = JSON.parse(read(`scrapers/${ID}/fixtures/example.expected.json`)) as {
      url: string;
      records: unknown[];
    };
    expect(urlComment(html)).toBe(expected.url);
    expect(expected.url).toBe(`https://${ID}.a-remplacer.invalid/page`);
    expect(expected.records).toEqual([{ TODO: expect.stringContaining(`npm run fixtures:update -- ${ID}`) }]);
  });

  it('writes code that lints and typechecks', { timeout: TIMEOUT }, async () => {
    const eslint = new ESLint({ cwd: ROOT });
    for (const file of [`scrapers/${ID}/index.ts`, `scrapers/${ID}/${ID}.test.ts`]) {
      // Linted as if it stood in the real tree, under the real scraper rules.
      const [result] = await eslint.lintText(read(file), { filePath: join(ROOT, file) });
      expect(result?.messages.map((m) => `${file}:${m.line} ${m.message}`)).toEqual([]);
    }
    writeFileSync(
      join(root, 'tsconfig.json'),
      JSON.stringify({ extends: join(ROOT, 'tsconfig.json'), include: [`scrapers/${ID}/**/*`] }),
    );
    const tsc = await run('tsc', ['--noEmit', '-p', 'tsconfig.json'], root);
    expect(tsc.output).toBe('');
    expect(tsc.code).toBe(0);
  });

  it(
    'leaves the fixture test of the new folder red until the scraper is written',
    { timeout: TIMEOUT },
    async () => {
      const vitest = await run('vitest', ['run', `scrapers/${ID}`], root);
      expect(vitest.output).toContain(`${ID}: fixtures > example`);
      expect(vitest.output).toContain('bloc des données (#a-remplacer) introuvable');
      expect(vitest.output).toMatch(/Tests\s+1 failed \| 1 passed/);
      expect(vitest.code).toBe(1);
    },
  );

  it('refuses the same id twice', () => {
    expect(idMistake(ID, root)).toContain('déjà pris');
  });
});

describe('portal ids', () => {
  it.each([
    ['Cabinet', 'kebab-case'],
    ['cabinet_test', 'kebab-case'],
    ['-cabinet', 'kebab-case'],
    ['cabinet-', 'kebab-case'],
    ['cabinet--test', 'kebab-case'],
    ['1cabinet', 'kebab-case'],
    ['../ameli', 'kebab-case'],
    ['a'.repeat(41), 'trop long'],
    ['helpers', 'réservé'],
    ['registry', 'réservé'],
    ['ameli', 'déjà pris'],
    ['espace-sante', 'déjà pris'],
  ])('refuses %s (%s)', async (id, why) => {
    expect(idMistake(id, ROOT)).toContain(why);
    const root = scratchProject();
    const registry = readFileSync(join(root, 'scrapers', 'registry.ts'), 'utf8');
    await expect(newScraper(id, { root })).rejects.toThrow(ScaffoldError);
    expect(readFileSync(join(root, 'scrapers', 'registry.ts'), 'utf8')).toBe(registry);
  });

  it('accepts a kebab-case id that is free', () => {
    expect(idMistake('centre-imagerie-2', ROOT)).toBeNull();
  });
});

describe('the registry edit', () => {
  const registry = readFileSync(join(ROOT, 'scrapers', 'registry.ts'), 'utf8');

  it('names the import clear of keywords and of every word already in the registry', () => {
    expect(register(registry, 'new')).toContain("import newScraper from './new';");
    expect(register(registry, 'url')).toContain("import urlScraper from './url';");
    expect(register(registry, 'scrapers')).toContain("import scrapersScraper from './scrapers';");
    expect(register(registry, 'zz-top')).toMatch(/import zzTop from '\.\/zz-top';\n\nexport /);
  });

  it('refuses a registry it does not recognise, writing nothing', async () => {
    expect(() => register(registry.replace('export const scrapers', 'export const all'), 'x')).toThrow(
      ScaffoldError,
    );
    const root = scratchProject();
    writeFileSync(join(root, 'scrapers', 'registry.ts'), '// emptied\n');
    await expect(newScraper('nouveau', { root })).rejects.toThrow('à la main');
    expect(existsSync(join(root, 'scrapers', 'nouveau'))).toBe(false);
  });
});

describe('the command', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) },
    };
  };

  it('prints the files and the next steps', async () => {
    const root = scratchProject();
    const { out, io: streams } = io();
    expect(await main(['centre-x'], streams, { root })).toBe(0);
    expect(out.stdout).toContain('scrapers/centre-x/index.ts');
    expect(out.stdout).toContain('Étapes suivantes');
    expect(out.stdout).toContain('npm run fixtures:update -- centre-x');
  });

  it('exits 1 with the reason on a bad id', async () => {
    const { out, io: streams } = io();
    expect(await main(['Mauvais'], streams, { root: scratchProject() })).toBe(1);
    expect(out.stderr).toContain('kebab-case');
    expect(await main(['--help'], streams)).toBe(0);
    expect(out.stdout).toContain('npm run new-scraper -- <identifiant>');
  });

  it.each([
    [['centre-x', '--check'], 'Option inconnue : --check.'],
    [['-x', 'centre-x'], 'Option inconnue : -x.'],
    [[], 'Indiquez un seul identifiant.'],
    [['a', 'b'], 'Indiquez un seul identifiant.'],
  ])('refuses the command line %j in one line, then the usage, exit 2', async (argv, reason) => {
    const { out, io: streams } = io();
    // A project that does not exist: a command line let through could write nothing.
    expect(await main(argv, streams, { root: join(tmpdir(), 'absent-project') })).toBe(2);
    expect(out.stderr.split('\n')[0]).toBe(reason);
    expect(out.stderr).toContain('Usage : npm run new-scraper -- <identifiant>');
    expect(out.stderr).not.toMatch(/ERR_PARSE_ARGS|\n\s+at /);
    expect(out.stdout).toBe('');
  });
});
