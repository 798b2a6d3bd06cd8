/**
 * What the fixture files cannot say on their own: the problems reported, the messages of a
 * broken page, and the SPA variant before and after its script draws the list.
 */
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../tools/parse-html';
import { findScraper } from '../registry';
import { runScraper } from '../runner';
import ameli from './index';
import { validateRecords } from '../../storage/validate';
import { embeddedData, readCase, readDrawnSpa } from '../fixtures';

const URL_BASE =
  'https://assure.ameli.fr/PortailAS/appmanager/PortailAS/assure?_nfpb=true&_pageLabel=as_paiements_page';

const fixture = (name: string) => readCase(import.meta.url, name);

function run(html: string, url = URL_BASE) {
  const { document } = parseHtml(html, url);
  return { document, result: runScraper(ameli, document, new URL(url), validateRecords) };
}

describe('ameli: an unreadable row', () => {
  it('is reported with its payment, position and text, and the other rows are kept', () => {
    const { html, expected } = fixture('paiements-montant-illisible');
    const { result } = run(html, expected.url);
    expect(result.status).toBe('ok');
    expect(result.records).toHaveLength(9);
    expect(result.problems).toEqual([
      {
        level: 'warning',
        message: 'Paiement du 16 mars 2024, acte n°2 ignoré : montant illisible : « 47,7x € »',
        detail:
          "PHARMACIE VIGNETTE BLANCHE | GRANDE PHARMACIE DE L'HÔTEL DE VILLE | 29/02/2024 | 47,7x € | 47,73 € | 65 % | 31,02 €",
      },
    ]);
  });

  it('reports an unreadable care date or rate the same way', () => {
    const { html } = fixture('paiements');
    const garbled = html
      .replace('<br>03/03/2024</td>', '<br>31/02/2024</td>')
      .replace(
        '<td id="taux0_4_0_0" class="colTaux">30%</td>',
        '<td id="taux0_4_0_0" class="colTaux">trente</td>',
      );
    const { result } = run(garbled);
    expect(result.status).toBe('ok');
    expect(result.records).toHaveLength(8);
    expect(result.problems.map((p) => p.message)).toEqual([
      'Paiement du 16 mars 2024, acte n°1 ignoré : date illisible : « 31/02/2024 »',
      'Paiement du 10 mars 2024, acte n°1 ignoré : taux illisible : « trente »',
    ]);
  });
});

describe('ameli: a page whose layout changed', () => {
  it('names the missing column, the page and the scraper version', () => {
    const { html, expected } = fixture('paiements-sans-montant-verse');
    const { result } = run(html, expected.url);
    expect(result.status).toBe('broken');
    expect(result.records).toEqual([]);
    expect(result.problems).toEqual([
      {
        level: 'error',
        message: `La page « Mes paiements » n'a pas la forme attendue (ameli ${ameli.version}) : colonne « Montant versé » introuvable dans le détail d'un paiement`,
      },
    ]);
  });

  it('refuses act rows that lost their Nature cell', () => {
    const { html } = fixture('paiements');
    const { result } = run(html.replaceAll('id="Nature', 'id="Libelle'));
    expect(result.status).toBe('broken');
    expect(result.problems[0]?.message).toContain("ligne d'acte sans cellule « Nature de la prestation »");
  });

  it('refuses a Nature cell without its act label', () => {
    const { html } = fixture('paiements');
    const { result } = run(html.replaceAll('class="naturePrestation"', 'class="libelle"'));
    expect(result.status).toBe('broken');
    expect(result.problems[0]?.message).toContain('acte sans libellé (.naturePrestation)');
  });

  it('keeps nothing from the page, even the rows read before the break', () => {
    const { html } = fixture('paiements-page2');
    const lastTable = html.lastIndexOf('<th scope="col">Montant versé</th>');
    const { result } = run(
      html.slice(0, lastTable) +
        html
          .slice(lastTable)
          .replace('<th scope="col">Montant versé</th>', '')
          .replace(/<td id="montantVerse0_5_0_\d" class="colMontant">[^<]*<\/td>/g, ''),
    );
    expect(result.status).toBe('broken');
    expect(result.records).toEqual([]);
  });
});

describe('ameli: detect', () => {
  it('recognises the payments page and the empty state', () => {
    for (const name of ['paiements', 'paiements-vide', 'paiements-cas-limites']) {
      const { html, expected } = fixture(name);
      const { document } = parseHtml(html, expected.url);
      expect(ameli.detect(document, new URL(expected.url)), name).toBe(true);
    }
  });

  it('does not recognise another ameli page', () => {
    const { document } = parseHtml(
      '<html><body><h1>Accueil</h1><div id="contenu"></div></body></html>',
      URL_BASE,
    );
    expect(ameli.detect(document, new URL(URL_BASE))).toBe(false);
    expect(findScraper(document, new URL(URL_BASE))).toBeNull();
  });

  it.each(['paiements.spa', 'paiements-variantes.spa'])(
    'waits for the SPA to draw its list, then reads what it drew (%s)',
    (name) => {
      const { result, expected } = readDrawnSpa(ameli, name, (document, html) => {
        const target = document.getElementById('tableauPaiement');
        if (!target) throw new Error('the SPA fixture changed shape');
        target.innerHTML = embeddedData<{ tableauPaiement: string }>(html, 'reponse').tableauPaiement;
        expect(ameli.detect(document, new URL(document.URL)), 'drawn, still busy').toBe(false);
        target.removeAttribute('aria-busy');
      });
      expect(result.status).toBe('ok');
      expect(result.records).toEqual(expected.records);
    },
  );

  it('does not take a list the SPA is still drawing for an empty history', () => {
    const { html, expected } = fixture('paiements.spa');
    const url = new URL(expected.url);
    const { document } = parseHtml(html, url.href);
    const target = document.getElementById('tableauPaiement');
    if (!target) throw new Error('the SPA fixture changed shape');
    target.insertAdjacentHTML('afterbegin', '<ul id="unordered_list" class="liste-paiements"></ul>');
    expect(ameli.detect(document, url)).toBe(false);
    expect(findScraper(document, url)).toBeNull();
  });

  it('reads an empty history as zero records, without problems', () => {
    const { html, expected } = fixture('paiements-vide');
    const { result } = run(html, expected.url);
    expect(result).toMatchObject({ status: 'ok', records: [], problems: [] });
  });
});
