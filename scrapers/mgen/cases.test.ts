/**
 * What the fixture files cannot say on their own: the problems reported, the messages of a
 * broken page, the empty states, and the SPA variant before and after its script draws the rows.
 */
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../tools/parse-html';
import { findScraper } from '../registry';
import { runScraper } from '../runner';
import mgen from './index';
import { validateRecords } from '../../storage/validate';
import { drawInto, embeddedData, readCase, readDrawnSpa } from '../fixtures';

const REIMBURSEMENTS = 'https://www.mgen.fr/mon-espace-perso/mes-remboursements/';

const fixture = (name: string) => readCase(import.meta.url, name);

function run(html: string, url = REIMBURSEMENTS) {
  const { document } = parseHtml(html, url);
  return { document, result: runScraper(mgen, document, new URL(url), validateRecords) };
}

describe('mgen: an unreadable row', () => {
  it('is reported with its position and text, and the other rows are kept', () => {
    const { html } = fixture('mes-remboursements');
    const { result } = run(
      html
        .replace('<td class="date-soins">21/03/2024</td>', '<td class="date-soins">31/02/2024</td>')
        .replace('<span class="valeur">30,00</span>', '<span class="valeur">3O,00</span>'),
    );
    expect(result.status).toBe('ok');
    expect(result.records).toHaveLength(12);
    expect(result.problems.map((p) => p.message)).toEqual([
      'Remboursement n°2 ignoré : date illisible : « 31/02/2024 »',
      'Remboursement n°5 ignoré : montant illisible : « 3O,00 € »',
    ]);
    expect(result.problems[0]?.detail).toContain('2404 447 4183 | 31/02/2024 | Claire DUPONT');
  });

  it('reports a row without care date or act instead of guessing one', () => {
    const { html } = fixture('mes-remboursements');
    const { result } = run(
      html
        .replace('<td class="date-soins">30/03/2024</td>', '<td class="date-soins"></td>')
        .replace(
          '<td class="nature"><span class="libelle">Ostéopathie</span></td>',
          '<td class="nature"></td>',
        ),
    );
    expect(result.status).toBe('ok');
    expect(result.problems.map((p) => p.message)).toEqual([
      'Remboursement n°1 ignoré : date des soins absente',
      'Remboursement n°2 ignoré : nature des soins absente',
    ]);
  });

  it('reads the edge cases without any problem', () => {
    const { html, expected } = fixture('mes-remboursements-cas-limites');
    const { result } = run(html, expected.url);
    expect(result).toMatchObject({ status: 'ok', problems: [] });
    expect(result.records).toHaveLength(5);
  });
});

describe('mgen: a page whose layout changed', () => {
  it('names the missing column, the page and the scraper version', () => {
    const { html, expected } = fixture('mes-remboursements-sans-remb-mgen');
    const { result } = run(html, expected.url);
    expect(result).toMatchObject({ status: 'broken', records: [] });
    expect(result.problems).toEqual([
      {
        level: 'error',
        message: `La page « Mes remboursements » n'a pas la forme attendue (mgen ${mgen.version}) : colonne « Remb. MGEN » introuvable`,
      },
    ]);
  });

  it('refuses an act cell that lost its label class', () => {
    const { html } = fixture('mes-remboursements');
    const { result } = run(html.replaceAll('class="libelle"', 'class="intitule"'));
    expect(result.status).toBe('broken');
    expect(result.problems[0]?.message).toContain("libellé d'acte (.libelle) introuvable");
  });

  it('refuses statements without title', () => {
    const { html, expected } = fixture('mes-releves');
    const { result } = run(html.replace('class="releve-titre"', 'class="titre"'), expected.url);
    expect(result.status).toBe('broken');
    expect(result.problems[0]?.message).toContain('relevé sans date ou sans titre');
  });
});

describe('mgen: detect', () => {
  it('recognises both page types and the empty states', () => {
    for (const name of [
      'mes-remboursements',
      'mes-releves',
      'mes-remboursements-vide',
      'mes-releves-cas-limites',
    ]) {
      const { html, expected } = fixture(name);
      const { document } = parseHtml(html, expected.url);
      expect(mgen.detect(document, new URL(expected.url)), name).toBe(true);
    }
  });

  it('does not recognise another page of the member area', () => {
    const url = 'https://www.mgen.fr/mon-espace-perso/ma-carte-adherent/';
    const { document } = parseHtml('<html><body><main><h1>Ma carte adhérent</h1></main></body></html>', url);
    expect(mgen.detect(document, new URL(url))).toBe(false);
    expect(findScraper(document, new URL(url))).toBeNull();
  });

  it.each(['mes-remboursements.spa', 'mes-remboursements-variantes.spa'])(
    'waits for the SPA to draw its rows, then reads what it drew (%s)',
    (name) => {
      const { result, expected } = readDrawnSpa(mgen, name, (document, html) =>
        drawInto(document, 'corpsRemboursements', embeddedData<{ lignes: string }>(html, 'reponse').lignes),
      );
      expect(result).toMatchObject({ status: 'ok', problems: [] });
      expect(result.records).toEqual(expected.records);
    },
  );

  it('reads an empty history as zero records, without problems, with or without its table', () => {
    const { html, expected } = fixture('mes-remboursements-vide');
    expect(run(html, expected.url).result).toMatchObject({ status: 'ok', records: [], problems: [] });
    const tableless = html
      .replace(/<div class="table-responsive">[\s\S]*<\/table><\/div>/, '') // the sentence alone
      .replace(
        '<h1>Mes remboursements</h1>',
        "<h1>Mes remboursements</h1><p>Vous n'avez pas de remboursement pour les six derniers mois.</p>",
      );
    const { document, result } = run(tableless, expected.url);
    expect(mgen.detect(document, new URL(expected.url))).toBe(true);
    expect(result).toMatchObject({ status: 'ok', records: [], problems: [] });
  });
});
