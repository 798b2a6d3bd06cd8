import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, syncPortals } from './sync-portals';

function write(path: string, content: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
}

describe('syncPortals', () => {
  it('mirrors the portals and turns pages of scraped portals into fixtures', () => {
    const from = mkdtempSync(join(tmpdir(), 'portals-'));
    const root = mkdtempSync(join(tmpdir(), 'project-'));
    write(
      join(from, 'index.json'),
      JSON.stringify({
        portals: [
          {
            id: 'alpha',
            pages: [
              {
                file: 'alpha/page.html',
                url: 'https://alpha.example/p?a=1&b=2',
                expected: 'alpha/page.expected.json',
              },
              {
                file: 'alpha/page.spa.html',
                url: 'https://alpha.example/p?v=2',
                expected: 'alpha/page.spa.expected.json',
              },
            ],
          },
          {
            id: 'beta',
            pages: [{ file: 'beta/x.html', url: 'https://beta.example/', expected: 'beta/x.expected.json' }],
          },
        ],
      }),
    );
    write(join(from, 'alpha/page.html'), '<!DOCTYPE html><p>a</p>\n');
    write(
      join(from, 'alpha/page.expected.json'),
      '{ "url": "https://alpha.example/p?a=1&b=2", "records": [] }\n',
    );
    write(join(from, 'alpha/page.spa.html'), '<p>spa</p>');
    write(join(from, 'alpha/page.spa.expected.json'), '{}');
    write(join(from, 'alpha/files/doc.pdf'), '%PDF-1.4');
    write(join(from, 'beta/x.html'), '<p>b</p>');
    write(join(from, 'beta/x.expected.json'), '{}');
    write(join(root, 'scrapers/alpha/index.ts'), 'export default {};');
    write(join(root, 'scrapers/alpha/fixtures/fait-main.html'), '<p>gardé</p>');
    write(join(root, 'demo/portals/obsolete.html'), 'old');

    const log: string[] = [];
    syncPortals(from, root, (line) => log.push(line));

    expect(readFileSync(join(root, 'demo/portals/alpha/files/doc.pdf'), 'utf8')).toBe('%PDF-1.4');
    expect(readFileSync(join(root, 'demo/portals/index.json'), 'utf8')).toBe(
      readFileSync(join(from, 'index.json'), 'utf8'),
    );
    expect(existsSync(join(root, 'demo/portals/obsolete.html'))).toBe(false);

    const fixtures = join(root, 'scrapers/alpha/fixtures');
    expect(readFileSync(join(fixtures, 'page.html'), 'utf8')).toBe(
      '<!-- url: https://alpha.example/p?a=1&b=2 -->\n<!DOCTYPE html><p>a</p>\n',
    );
    expect(readFileSync(join(fixtures, 'page.expected.json'), 'utf8')).toBe(
      readFileSync(join(from, 'alpha/page.expected.json'), 'utf8'),
    );
    expect(existsSync(join(fixtures, 'page.spa.html'))).toBe(true);
    expect(existsSync(join(fixtures, 'page.spa.expected.json'))).toBe(true);
    expect(readFileSync(join(fixtures, 'fait-main.html'), 'utf8')).toBe('<p>gardé</p>');
    // No scraper folder, no fixtures.
    expect(existsSync(join(root, 'scrapers/beta'))).toBe(false);

    // Running it again changes nothing.
    const again: string[] = [];
    syncPortals(from, root, (line) => again.push(line));
    expect(again).toEqual([
      'demo/portals : 0 fichier(s) copié(s), 0 supprimé(s)',
      'scrapers/alpha/fixtures : 2 page(s), 0 fichier(s) mis à jour',
    ]);
  });
});

describe('npm run sync-portals', () => {
  it.each([
    [['--check'], 'Option inconnue : --check.'],
    [['--from'], "L'option --from attend une valeur."],
    [['portails'], 'Argument en trop : « portails » (cette commande ne prend que des options).'],
  ])('refuses the command line %j in one line, then the usage, exit 2', (argv, reason) => {
    const out = { stdout: '', stderr: '' };
    const io = {
      stdout: (t: string) => void (out.stdout += t),
      stderr: (t: string) => void (out.stderr += t),
    };
    // A project that does not exist: a command line let through could write nothing.
    expect(main(argv, io, join(tmpdir(), 'absent-project'))).toBe(2);
    expect(out.stderr.split('\n')[0]).toBe(reason);
    expect(out.stderr).toContain('Usage : npm run sync-portals [-- --from <dossier>]');
    expect(out.stderr).not.toMatch(/ERR_PARSE_ARGS|\n\s+at /);
    expect(out.stdout).toBe('');
  });
});
