/**
 * What the fixture files cannot say on their own: the problems reported, the messages of a
 * broken page, and the SPA variant before and after its script draws the lists.
 */
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../tools/parse-html';
import { findScraper } from '../registry';
import { runScraper } from '../runner';
import hopital from './index';
import { validateRecords } from '../../storage/validate';
import { drawInto, embeddedData, readCase, readDrawnSpa } from '../fixtures';

const APPOINTMENTS = 'https://monespace.hopital-saint-exemple.fr/rendez-vous';
const DOCUMENTS = 'https://monespace.hopital-saint-exemple.fr/documents';

const fixture = (name: string) => readCase(import.meta.url, name);

function run(html: string, url: string) {
  const { document } = parseHtml(html, url);
  return { document, result: runScraper(hopital, document, new URL(url), validateRecords) };
}

describe('hopital: an unreadable row', () => {
  it('is reported with its position and text, and the other rows are kept', () => {
    const { html } = fixture('rendez-vous');
    const { result } = run(
      html.replace('<td>24/01/2024</td>', '<td>31/02/2024</td>').replace('08h15 – 09h15', '08h15 – 29h15'),
      APPOINTMENTS,
    );
    expect(result.status).toBe('ok');
    expect(result.records).toHaveLength(7);
    expect(result.problems).toEqual([
      {
        level: 'warning',
        message: 'Rendez-vous à venir n°3 ignoré : plage horaire illisible : « 08h15 – 29h15 »',
        detail:
          'mercredi 8 mai 2024 | 08h15 – 29h15 | Endocrinologie | Dr Élise FONTAINE-MARCHAND | Lieu : Bâtiment C – 1er étage | Motif : Bilan thyroïdien | Confirmé | Annuler Ajouter à mon agenda',
      },
      {
        level: 'warning',
        message: 'Rendez-vous passé n°2 ignoré : date illisible : « 31/02/2024 12:15 »',
        detail: '31/02/2024 | 12:15 | Cardiologie | Dr Sophie BERNARD | Réalisé',
      },
    ]);
  });
});

describe('hopital: a page whose layout changed', () => {
  it('names the missing column, the page and the scraper version', () => {
    const { html, expected } = fixture('rendez-vous-sans-statut');
    const { result } = run(html, expected.url);
    expect(result).toMatchObject({ status: 'broken', records: [] });
    expect(result.problems).toEqual([
      {
        level: 'error',
        message: `La page « Mes rendez-vous » n'a pas la forme attendue (hopital ${hopital.version}) : colonne « Statut » introuvable`,
      },
    ]);
  });

  it('refuses a documents table without its Catégorie column', () => {
    const { html } = fixture('documents');
    const { result } = run(html.replace('<th>Catégorie</th>', '<th>Type</th>'), DOCUMENTS);
    expect(result.status).toBe('broken');
    expect(result.problems[0]?.message).toContain('colonne « Catégorie » introuvable');
  });

  it('refuses an appointments page that lost a block or its cards', () => {
    const { html } = fixture('rendez-vous');
    let { result } = run(html.replace('id="rdv-passes"', 'id="historique"'), APPOINTMENTS);
    expect(result.problems[0]?.message).toContain('bloc « Historique » introuvable');
    ({ result } = run(html.replaceAll('class="carte-rdv"', 'class="rdv"'), APPOINTMENTS));
    expect(result.problems[0]?.message).toContain('cartes des prochains rendez-vous illisibles');
    ({ result } = run(html.replaceAll('class="carte-rdv__date"', 'class="quand"'), APPOINTMENTS));
    expect(result.problems[0]?.message).toContain('carte de rendez-vous sans date');
  });
});

describe('hopital: detect', () => {
  it('recognises both pages and their empty states', () => {
    for (const name of [
      'rendez-vous',
      'documents',
      'rendez-vous-vide',
      'documents-vide',
      'documents-cas-limites',
    ]) {
      const { html, expected } = fixture(name);
      const { document } = parseHtml(html, expected.url);
      expect(hopital.detect(document, new URL(expected.url)), name).toBe(true);
    }
  });

  it('does not recognise another page of the portal', () => {
    const { document } = parseHtml('<html><body><main><h1>Mes factures</h1></main></body></html>', DOCUMENTS);
    expect(hopital.detect(document, new URL(DOCUMENTS))).toBe(false);
    expect(findScraper(document, new URL(DOCUMENTS))).toBeNull();
  });

  it('recognises a page that shows only its empty-state message, as zero records', () => {
    for (const [url, message] of [
      [APPOINTMENTS, "Vous n'avez aucun rendez-vous."],
      [DOCUMENTS, "Aucun document n'est disponible."],
    ] as const) {
      const html = `<html><body><main><h1>Mon espace</h1><div class="vide"><p>${message}</p></div></main></body></html>`;
      const { document, result } = run(html, url);
      expect(hopital.detect(document, new URL(url)), message).toBe(true);
      expect(result).toMatchObject({ status: 'ok', records: [], problems: [] });
    }
  });

  it('reads a documents table whose only row says it is empty as zero records', () => {
    const { html } = fixture('documents');
    const empty = html.replace(
      /<tbody>.*<\/tbody>/s,
      '<tbody><tr><td colspan="6">Aucun document disponible.</td></tr></tbody>',
    );
    expect(run(empty, DOCUMENTS).result).toMatchObject({ status: 'ok', records: [], problems: [] });
  });

  it.each(['rendez-vous.spa', 'rendez-vous-variantes.spa'])(
    'waits for the SPA to draw its lists, then reads what it drew (%s)',
    (name) => {
      const { result, expected } = readDrawnSpa(hopital, name, (document, html) => {
        const data = embeddedData<{ aVenir: string; passes: string }>(html, 'donnees');
        drawInto(document, 'liste-rdv-a-venir', data.aVenir);
        expect(hopital.detect(document, new URL(document.URL)), 'half drawn').toBe(false);
        drawInto(document, 'liste-rdv-passes', data.passes);
      });
      expect(result).toMatchObject({ status: 'ok', problems: [] });
      expect(result.records).toEqual(expected.records);
    },
  );
});
