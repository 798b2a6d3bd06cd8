import { describe, expect, it } from 'vitest';
import { parseHtml } from '../tools/parse-html';
import { defineScraper, PageLayoutError, type ScrapeOutput, type ScraperDefinition } from './contract';
import { describeZodIssues, validateRecords } from '../storage/validate';
import { pageName, runScraper } from './runner';

const URL_PAGE = new URL('https://portail.example.fr/paiements');

function page(
  html = '<html><head><title>Titre - Portail</title></head><body><h1>Mes paiements</h1></body></html>',
) {
  return parseHtml(html, URL_PAGE.href).document;
}

function reimbursement(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'reimbursement',
    source: 'demo',
    patient: 'Camille MARTIN',
    date: '2024-03-02',
    sourceUrl: URL_PAGE.href,
    act: 'C GENERALISTE',
    provider: null,
    paymentDate: '2024-03-25',
    charged: 30,
    base: 26.5,
    rate: 70,
    reimbursedPrimary: 18.55,
    reimbursedComplementary: null,
    deductible: 2,
    outOfPocket: null,
    currency: 'EUR',
    ref: null,
    ...overrides,
  };
}

function scraper(scrape: ScraperDefinition['scrape']) {
  return defineScraper({
    id: 'demo',
    version: '2.1.0',
    label: 'Portail de démonstration',
    kind: 'other',
    matches: ['https://portail.example.fr/*'],
    produces: ['reimbursement'],
    detect: () => true,
    scrape,
  });
}

describe('runScraper', () => {
  it('returns the valid records and the problems the scraper reported', () => {
    const run = runScraper(
      scraper((_doc, _url, ctx) => {
        ctx.problem({
          level: 'warning',
          message: 'Paiement du 25 mars 2024, acte n°2 ignoré : montant illisible : « x »',
        });
        return { records: [reimbursement()] } as ScrapeOutput;
      }),
      page(),
      URL_PAGE,
    );
    expect(run.status).toBe('ok');
    expect(run.scraper).toEqual({ id: 'demo', version: '2.1.0' });
    expect(run.records).toEqual([reimbursement()]);
    expect(run.problems).toEqual([
      { level: 'warning', message: 'Paiement du 25 mars 2024, acte n°2 ignoré : montant illisible : « x »' },
    ]);
  });

  it('leaves validation to the caller that passes none (the background validates again)', () => {
    const records = [reimbursement({ charged: '30,00 €' })];
    const run = runScraper(
      scraper(() => ({ records }) as unknown as ScrapeOutput),
      page(),
      URL_PAGE,
    );
    expect(run).toMatchObject({ status: 'ok', records, problems: [] });
  });

  it('refuses invalid records one by one, keeping the others', () => {
    const records = [
      reimbursement(),
      reimbursement({ charged: '30,00 €' }),
      reimbursement({ date: '02/03/2024' }),
    ];
    const run = runScraper(
      scraper(() => ({ records }) as unknown as ScrapeOutput),
      page(),
      URL_PAGE,
      validateRecords,
    );
    expect(run.status).toBe('ok');
    expect(run.records).toHaveLength(1);
    expect(run.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^Enregistrement n°2 refusé : champ « charged » : /),
      expect.stringMatching(/^Enregistrement n°3 refusé : champ « date » : date attendue/),
    ]);
    expect(run.problems[0]).toMatchObject({ level: 'error', detail: expect.stringContaining('30,00 €') });
  });

  it('refuses a record that claims another portal', () => {
    const run = runScraper(
      scraper(() => ({ records: [reimbursement({ source: 'autre' })] }) as ScrapeOutput),
      page(),
      URL_PAGE,
      validateRecords,
    );
    expect(run.records).toEqual([]);
    expect(run.problems[0]?.message).toContain('champ « source »');
  });

  it('turns a PageLayoutError into a broken page, keeping nothing', () => {
    const run = runScraper(
      scraper((_doc, _url, ctx) => {
        ctx.problem({ level: 'warning', message: 'avant la panne' });
        throw new PageLayoutError('colonne « Montant versé » introuvable');
      }),
      page(),
      URL_PAGE,
    );
    expect(run).toEqual({
      scraper: { id: 'demo', version: '2.1.0' },
      status: 'broken',
      records: [],
      problems: [
        { level: 'warning', message: 'avant la panne' },
        {
          level: 'error',
          message:
            "La page « Mes paiements » n'a pas la forme attendue (demo 2.1.0) : colonne « Montant versé » introuvable",
        },
      ],
    });
  });

  it('turns any other exception into a failure, with the error as detail', () => {
    const run = runScraper(
      scraper(() => {
        throw new TypeError("Cannot read properties of null (reading 'textContent')");
      }),
      page(),
      URL_PAGE,
    );
    expect(run.status).toBe('failed');
    expect(run.records).toEqual([]);
    expect(run.problems).toEqual([
      {
        level: 'error',
        message: expect.stringMatching(
          /^La lecture de la page « Mes paiements » a échoué \(demo 2\.1\.0\) : /,
        ),
        detail: "TypeError: Cannot read properties of null (reading 'textContent')",
      },
    ]);
  });

  it('survives a scraper that throws a non-error or returns nonsense', () => {
    const thrown = runScraper(
      scraper(() => {
        throw 'boom';
      }),
      page(),
      URL_PAGE,
    );
    expect(thrown).toMatchObject({ status: 'failed', problems: [{ detail: 'boom' }] });
    const nonsense = runScraper(
      scraper(() => null as unknown as ScrapeOutput),
      page(),
      URL_PAGE,
    );
    expect(nonsense.status).toBe('failed');
  });
});

describe('pageName', () => {
  it('uses the main heading, else the title, else the path', () => {
    expect(pageName(page(), URL_PAGE)).toBe('Mes paiements');
    expect(pageName(page('<title> Résultats </title><p>x</p>'), URL_PAGE)).toBe('Résultats');
    expect(pageName(page('<p>x</p>'), URL_PAGE)).toBe('/paiements');
  });
});

describe('validateRecords and describeZodIssues (re-exported from storage)', () => {
  it('splits valid records from refused ones with a French reason each', () => {
    const { valid, problems } = validateRecords([
      reimbursement(),
      { kind: 'nope' },
      reimbursement({ act: '' }),
    ]);
    expect(valid).toHaveLength(1);
    expect(problems).toHaveLength(2);
    expect(problems[0]?.message).toMatch(/^Enregistrement n°2 refusé : /);
    expect(problems[1]?.message).toMatch(/^Enregistrement n°3 refusé : champ « act » : texte vide/);
  });

  it('describes zod issues with their field', () => {
    expect(
      describeZodIssues([{ code: 'custom', path: ['charged'], message: 'nombre attendu', input: 'x' }]),
    ).toBe('champ « charged » : nombre attendu');
  });
});
