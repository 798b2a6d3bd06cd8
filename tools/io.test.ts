/**
 * The command-line parsing every tool shares: what a person reads when their command line is
 * refused. The tools without a test file of their own are run here as people run them, one
 * child process each; the others are checked in their own tests.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ArgumentError, parseCommandLine, refuseArguments } from './io';

const ROOT = resolve(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const TIMEOUT = 60_000;

const OPTIONS = { url: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

function mistake(args: string[], allowPositionals = false): string {
  try {
    parseCommandLine({ args, options: OPTIONS, allowPositionals });
  } catch (error) {
    if (error instanceof ArgumentError) return error.message;
    throw error;
  }
  throw new Error(`${args.join(' ')} was accepted`);
}

describe('parseCommandLine', () => {
  it('parses what parseArgs parses', () => {
    const { values, positionals } = parseCommandLine({
      args: ['page.html', '--url', 'https://a.example/', '-h'],
      options: OPTIONS,
      allowPositionals: true,
    });
    expect(values).toEqual({ url: 'https://a.example/', help: true });
    expect(positionals).toEqual(['page.html']);
  });

  it('says in French what parseArgs refused, naming the argument as it was typed', () => {
    expect(mistake(['--check'])).toBe('Option inconnue : --check.');
    expect(mistake(['-hx'])).toBe('Option inconnue : -x.');
    expect(mistake(['--url'])).toBe("L'option --url attend une valeur.");
    expect(mistake(['--url', '--help'])).toBe(
      "L'option --url attend une valeur, pas « --help » (si c'en est bien une, écrivez --url=--help).",
    );
    expect(mistake(['--help=oui'])).toBe("L'option --help ne prend pas de valeur.");
    expect(mistake(['page.html'])).toBe(
      'Argument en trop : « page.html » (cette commande ne prend que des options).',
    );
    expect(mistake(['--', '--url'])).toBe(
      'Argument en trop : « --url » (cette commande ne prend que des options).',
    );
    expect(mistake(['page.html', '--constructor'], true)).toBe('Option inconnue : --constructor.');
  });
});

describe('refuseArguments', () => {
  it('writes the reason, then the usage, and gives exit code 2', () => {
    let stderr = '';
    const io = { stdout: () => undefined, stderr: (text: string) => void (stderr += text) };
    expect(refuseArguments(new ArgumentError('Option inconnue : --check.'), 'Usage : outil', io)).toBe(2);
    expect(stderr).toBe('Option inconnue : --check.\n\nUsage : outil\n');
  });

  it('throws on anything that is not a refused command line', () => {
    const failure = new Error('disque plein');
    expect(() => refuseArguments(failure, 'Usage : outil')).toThrow(failure);
  });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function tool(file: string, ...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [file, ...args], {
      cwd: ROOT,
      timeout: TIMEOUT,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('the tools without a test of their own', () => {
  // Each command line carries a second mistake after the unknown option (a port out of range, a
  // build that does not exist), so that a tool letting the first one through still stops before
  // it starts a server or a browser.
  it.each([
    ['tools/demo-server.ts', ['--check', '--port', '70000'], 'Usage : npm run demo-server'],
    ['tools/start.ts', ['--check', '--extension-dir', 'absent'], 'Usage : npm start'],
    ['tools/bench/run.ts', ['--check', '--extension-dir', 'absent'], 'Usage : npm run bench'],
    ['tools/bench/compare.ts', ['--check', 'absent.json'], 'Usage : npx tsx tools/bench/compare.ts'],
  ])(
    '%s refuses an unknown option in one line, then its usage, exit 2',
    async (file, args, usage) => {
      const run = await tool(file, ...args);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr.split('\n')[0]).toBe('Option inconnue : --check.');
      expect(run.stderr).toContain(usage);
      expect(run.stderr).not.toMatch(/ERR_PARSE_ARGS|\n\s+at /);
      expect(run.stdout).toBe('');
    },
    TIMEOUT,
  );

  it(
    'a value of the wrong kind gets the same treatment',
    async () => {
      const port = await tool('tools/demo-server.ts', '--port', 'abc');
      expect(port.code, port.stderr).toBe(2);
      expect(port.stderr.split('\n')[0]).toBe(
        "--port attend un numéro de port de 0 à 65535 (0 pour n'importe quel port libre), pas « abc ».",
      );
      const runs = await tool('tools/bench/run.ts', '--runs', 'abc', '--extension-dir', 'absent');
      expect(runs.code, runs.stderr).toBe(2);
      expect(runs.stderr.split('\n')[0]).toBe('--runs attend un nombre entier ≥ 1, pas « abc ».');
      expect(runs.stderr).toContain('Usage : npm run bench');
      const reports = await tool('tools/bench/compare.ts');
      expect(reports.code, reports.stderr).toBe(2);
      expect(reports.stderr.split('\n')[0]).toBe(
        'Indiquez un ou deux rapports du banc : <avant.json> [<après.json>].',
      );
    },
    TIMEOUT,
  );
});
