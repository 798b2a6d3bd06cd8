// @vitest-environment node
/**
 * `npm run fixtures:update` on a scratch copy of the labo folder, and the field-by-field report
 * the fixture runner prints when records differ (the two halves of the fixture workflow).
 */
import {
  cpSync,
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
import { afterAll, describe, expect, it } from 'vitest';
import { differenceReport, recordDifferences } from '../scrapers/fixtures';
import { main, updateFixtures, type CaseReport } from './fixtures-update';

const ROOT = resolve(import.meta.dirname, '..');
const LABO = join(ROOT, 'scrapers', 'labo', 'fixtures');
const scratches: string[] = [];

/** A scratch project whose labo folder is a copy; the rest links to the real tree. */
function scratchProject(): { root: string; fixtures: string } {
  const root = mkdtempSync(join(tmpdir(), 'fixtures-update-'));
  scratches.push(root);
  mkdirSync(join(root, 'scrapers'));
  for (const entry of readdirSync(join(ROOT, 'scrapers'))) {
    const from = join(ROOT, 'scrapers', entry);
    if (entry === 'labo') cpSync(from, join(root, 'scrapers', entry), { recursive: true });
    else symlinkSync(from, join(root, 'scrapers', entry));
  }
  symlinkSync(join(ROOT, 'storage'), join(root, 'storage'));
  return { root, fixtures: join(root, 'scrapers', 'labo', 'fixtures') };
}

afterAll(() => {
  for (const root of scratches) rmSync(root, { recursive: true, force: true });
});

const original = (file: string): string => readFileSync(join(LABO, file), 'utf8');
const outcomes = (cases: CaseReport[]): Record<string, string> =>
  Object.fromEntries(cases.map((c) => [c.file, c.outcome]));

function capture() {
  const out = { stdout: '', stderr: '' };
  const io = { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) };
  return { out, io };
}

describe('npm run fixtures:update', () => {
  it('rewrites nothing when the output has not changed', async () => {
    const { root, fixtures } = scratchProject();
    const { cases } = await updateFixtures('labo', root);
    expect(cases.filter((c) => c.outcome !== 'unchanged' && c.outcome !== 'skipped')).toEqual([]);
    for (const file of readdirSync(fixtures))
      expect(readFileSync(join(fixtures, file), 'utf8')).toBe(original(file));
  });

  it('rewrites the expected file whose records changed, byte for byte as the others are written', async () => {
    const { root, fixtures } = scratchProject();
    const file = 'compte-rendu.expected.json';
    const edited = JSON.parse(original(file)) as { url: string; records: { value: unknown }[] };
    edited.records[0]!.value = 99;
    edited.records.pop();
    writeFileSync(join(fixtures, file), JSON.stringify(edited));

    const { out, io } = capture();
    expect(await main(['labo'], io, root)).toBe(0);
    expect(out.stdout).toMatch(/MODIFIÉ\s+compte-rendu\.expected\.json : 21 enregistrement\(s\)/);
    expect(out.stdout).toContain('git diff scrapers/labo/fixtures');
    expect(out.stdout).toContain('augmentez `version`');
    expect(readFileSync(join(fixtures, file), 'utf8')).toBe(original(file));
  });

  it('creates the expected file of a new page from its url comment, in the expected-file shape', async () => {
    const { root, fixtures } = scratchProject();
    writeFileSync(join(fixtures, 'nouveau.html'), original('compte-rendu.html'));
    const { cases } = await updateFixtures('labo', root);
    expect(outcomes(cases)['nouveau.expected.json']).toBe('created');
    const created = readFileSync(join(fixtures, 'nouveau.expected.json'), 'utf8');
    expect(created).toBe(original('compte-rendu.expected.json'));
    expect(created).not.toMatch(/"(id|captureId|capturedAt|updatedAt)"/);
  });

  it('keeps an expectError page at records: null while it is refused, and says loudly when it reads', async () => {
    const { root, fixtures } = scratchProject();
    const refused = 'compte-rendu-sans-references';
    const first = await updateFixtures('labo', root);
    expect(first.cases.find((c) => c.file === `${refused}.expected.json`)?.outcome).toBe('unchanged');

    // The page is fixed (or the scraper grew lenient): it now reads.
    writeFileSync(join(fixtures, `${refused}.html`), original('compte-rendu.html'));
    const { out, io } = capture();
    expect(await main(['labo'], io, root)).toBe(0);
    expect(out.stdout).toMatch(/!!! LISIBLE\s+compte-rendu-sans-references\.expected\.json/);
    expect(out.stderr).toContain('!!! ATTENTION');
    expect(out.stderr).toContain('expectError');
    const rewritten = JSON.parse(readFileSync(join(fixtures, `${refused}.expected.json`), 'utf8')) as {
      url: string;
      records: unknown[];
      expectError?: boolean;
    };
    expect(rewritten.expectError).toBeUndefined();
    expect(rewritten.url).toBe(JSON.parse(original(`${refused}.expected.json`)).url);
    expect(rewritten.records).toHaveLength(21);
  });

  it('writes nothing for a page the scraper refuses or does not recognise, and exits 1', async () => {
    const { root, fixtures } = scratchProject();
    writeFileSync(join(fixtures, 'compte-rendu.html'), original('compte-rendu-sans-references.html'));
    writeFileSync(join(fixtures, 'ailleurs.html'), '<!-- url: https://www.example.org/ -->\n<p>Bonjour</p>');
    writeFileSync(join(fixtures, 'sans-adresse.html'), '<p>Bonjour</p>');
    const { out, io } = capture();
    expect(await main(['labo'], io, root)).toBe(1);
    expect(out.stdout).toMatch(
      /ÉCHEC\s+compte-rendu\.html : refusée par le module.*\n\s+erreur : .*Valeurs de référence/,
    );
    expect(out.stdout).toMatch(/ÉCHEC\s+ailleurs\.html : non reconnue/);
    expect(out.stdout).toMatch(/ÉCHEC\s+sans-adresse\.html : adresse inconnue/);
    expect(out.stderr).toContain('3 page(s) non lue(s)');
    expect(readFileSync(join(fixtures, 'compte-rendu.expected.json'), 'utf8')).toBe(
      original('compte-rendu.expected.json'),
    );
    expect(readdirSync(fixtures)).not.toContain('ailleurs.expected.json');
  });

  it('skips SPA pages with a note', async () => {
    const { out, io } = capture();
    expect(await main(['labo'], io, scratchProject().root)).toBe(0);
    expect(out.stdout).toMatch(/ignoré\s+compte-rendu\.spa\.html : page SPA/);
  });

  it('refuses an unknown portal and a malformed id', async () => {
    const { out, io } = capture();
    expect(await main(['inconnu'], io)).toBe(1);
    expect(out.stderr).toContain('Pas de module « inconnu »');
    expect(await main(['../labo'], io)).toBe(1);
    expect(await main(['--help'], io)).toBe(0);
    expect(out.stdout).toContain('npm run fixtures:update -- <module>');
  });

  it.each([
    [['labo', '--check'], 'Option inconnue : --check.'],
    [['labo', '--help=oui'], "L'option --help ne prend pas de valeur."],
    [[], 'Indiquez un seul module, par exemple : labo.'],
    [['labo', 'ameli'], 'Indiquez un seul module, par exemple : labo.'],
  ])('refuses the command line %j in one line, then the usage, exit 2', async (argv, reason) => {
    const { out, io } = capture();
    // A project that does not exist: a command line let through could write nothing.
    expect(await main(argv, io, join(tmpdir(), 'absent-project'))).toBe(2);
    expect(out.stderr.split('\n')[0]).toBe(reason);
    expect(out.stderr).toContain('Usage : npm run fixtures:update -- <module>');
    expect(out.stderr).not.toMatch(/ERR_PARSE_ARGS|\n\s+at /);
    expect(out.stdout).toBe('');
  });
});

describe('the fixture runner’s difference report', () => {
  const record = (analyte: string, value: number, extra: Record<string, unknown> = {}) => ({
    kind: 'lab-result',
    source: 'labo',
    patient: 'DUPONT Claire',
    date: '2024-03-05',
    analyte,
    unit: 'g/L',
    reportId: 'R1',
    value,
    ...extra,
  });

  it('says nothing when the records are the same', () => {
    expect(recordDifferences([record('A', 1)], [record('A', 1)])).toEqual([]);
  });

  it('names the record, the field, the expected and the scraped value', () => {
    expect(recordDifferences([record('A', 1), record('B', 2)], [record('A', 1), record('B', 3)])).toEqual([
      'record n°2, lab-result « B » 2024-03-05:',
      '  value: expected 2, got 3',
    ]);
  });

  it('tells a field gone from one added', () => {
    const { value: _value, ...withoutValue } = record('A', 1);
    expect(recordDifferences([record('A', 1)], [{ ...withoutValue, flag: 'H' }])).toEqual([
      'record n°1, lab-result « A » 2024-03-05:',
      '  value: expected 1, missing from the output',
      '  flag: not in the expected file, got "H"',
    ]);
  });

  it('pairs records by identity, so one inserted record is one line, not a cascade', () => {
    const expected = [record('A', 1), record('B', 2), record('C', 3)];
    const actual = [record('Z', 0), record('A', 1), record('B', 2), record('C', 4)];
    expect(recordDifferences(expected, actual)).toEqual([
      'extra record, n°1 of the output: lab-result « Z » 2024-03-05',
      'record n°3 (n°4 in the output), lab-result « C » 2024-03-05:',
      '  value: expected 3, got 4',
    ]);
  });

  it('pairs by position what changed its identity, and lists what is missing', () => {
    const expected = [record('A', 1), record('B', 2), record('C', 3)];
    const actual = [record('A', 1), record('B', 2, { unit: 'mmol/L' })];
    expect(recordDifferences(expected, actual)).toEqual([
      'record n°2, lab-result « B » 2024-03-05:',
      '  unit: expected "g/L", got "mmol/L"',
      'record n°3 missing from the output: lab-result « C » 2024-03-05',
    ]);
  });

  it('heads the report with the file and counts, ends it with the command, and cuts it short', () => {
    const many = Array.from({ length: 60 }, (_, i) => record(`X${i}`, i));
    const report = differenceReport(join(ROOT, 'scrapers/labo/fixtures/a.expected.json'), 'labo', [], many);
    const lines = report.split('\n');
    expect(lines[0]).toBe(
      "scrapers/labo/fixtures/a.expected.json ≠ the scraper's output (0 expected, 60 got):",
    );
    expect(lines).toContain('… and 20 more line(s)');
    expect(lines.at(-1)).toBe(
      'If the new output is the right one: npm run fixtures:update -- labo, then review the JSON diff.',
    );
    expect(differenceReport('a.json', 'labo', null, [])).toContain(
      '"records": null without "expectError": true',
    );
  });
});
