/**
 * What the fixture files cannot say on their own: the problems reported, the messages of a
 * broken page, and the SPA variant before and after its script draws the rows.
 */
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../tools/parse-html';
import { findScraper } from '../registry';
import { runScraper } from '../runner';
import espaceSante from './index';
import { validateRecords } from '../../storage/validate';
import { drawInto, embeddedData, readCase, readDrawnSpa } from '../fixtures';

const MEASUREMENTS = 'https://www.monespacesante.fr/profil-medical/mesures';
const DOCUMENTS = 'https://www.monespacesante.fr/documents';

const fixture = (name: string) => readCase(import.meta.url, name);

function run(html: string, url: string) {
  const { document } = parseHtml(html, url);
  return { document, result: runScraper(espaceSante, document, new URL(url), validateRecords) };
}

describe('espace-sante: an unreadable row', () => {
  it('is reported with its block, position and text, and the other rows are kept', () => {
    const { html } = fixture('mesures');
    const { result } = run(
      html
        .replace('<td>07/01/2024</td>', '<td>07/13/2024</td>')
        .replace('<span class="valeur">70</span> bpm', '<span class="valeur">70/50</span> bpm'),
      MEASUREMENTS,
    );
    expect(result.status).toBe('ok');
    expect(result.records).toHaveLength(18);
    expect(result.problems).toEqual([
      {
        level: 'warning',
        message: 'Mesure « Poids » n°2 ignoré : date illisible : « 07/13/2024 »',
        detail: '07/13/2024 | 64,7 kg',
      },
      {
        level: 'warning',
        message: 'Mesure « Fréquence cardiaque » n°1 ignoré : mesure illisible : « 70/50 bpm »',
        detail: '19/10/2023 | 70/50 bpm',
      },
    ]);
  });

  it('reports a document card without its date', () => {
    const { html } = fixture('documents');
    const { result } = run(html.replace('<span class="lbl">Date du document :</span> ', ''), DOCUMENTS);
    expect(result.records).toHaveLength(8);
    expect(result.problems.map((p) => p.message)).toEqual([
      'Document « Comptes rendus » n°1 ignoré : date du document : valeur absente',
    ]);
  });
});

describe('espace-sante: a page whose layout changed', () => {
  it('names the missing column, the page and the scraper version', () => {
    const { html, expected } = fixture('vaccinations-sans-date');
    const { result } = run(html, expected.url);
    expect(result).toMatchObject({ status: 'broken', records: [] });
    expect(result.problems).toEqual([
      {
        level: 'error',
        message: `La page « Mes vaccinations » n'a pas la forme attendue (espace-sante ${espaceSante.version}) : colonne « Date » introuvable`,
      },
    ]);
  });

  it('refuses documents without their category sections, and measurements without their blocks', () => {
    const documents = fixture('documents').html.replaceAll('class="categorie-docs"', 'class="rubrique"');
    expect(run(documents, DOCUMENTS).result.problems[0]?.message).toContain(
      'rubriques de documents (catégories) introuvables',
    );
    const measurements = fixture('mesures').html.replaceAll('class="bloc-mesure"', 'class="bloc"');
    expect(run(measurements, MEASUREMENTS).result.problems[0]?.message).toContain(
      'blocs de mesures introuvables',
    );
    const headless = fixture('mesures').html.replace(/<h2>Taille.*?<\/h2>/, '');
    expect(run(headless, MEASUREMENTS).result.status).toBe('broken');
  });
});

describe('espace-sante: detect', () => {
  it('recognises the three pages and their empty states', () => {
    for (const name of [
      'documents',
      'vaccinations',
      'mesures',
      'documents-vide',
      'vaccinations-vide',
      'mesures-vide',
    ]) {
      const { html, expected } = fixture(name);
      const { document } = parseHtml(html, expected.url);
      expect(espaceSante.detect(document, new URL(expected.url)), name).toBe(true);
    }
  });

  it('recognises a page that shows only its empty-state message, as zero records', () => {
    for (const message of ['Aucune vaccination enregistrée.', 'Aucune mesure pour le moment.']) {
      const html = `<html><body><main><h1>Mon profil médical</h1><div class="vide"><p>${message}</p></div></main></body></html>`;
      const { document, result } = run(html, MEASUREMENTS);
      expect(espaceSante.detect(document, new URL(MEASUREMENTS)), message).toBe(true);
      expect(result).toMatchObject({ status: 'ok', records: [], problems: [] });
    }
  });

  it('does not recognise another page of the portal', () => {
    const { document } = parseHtml('<html><body><main><h1>Messagerie</h1></main></body></html>', DOCUMENTS);
    expect(espaceSante.detect(document, new URL(DOCUMENTS))).toBe(false);
    expect(findScraper(document, new URL(DOCUMENTS))).toBeNull();
  });

  it.each(['vaccinations.spa', 'vaccinations-variantes.spa'])(
    'waits for the SPA to draw its rows, then reads what it drew (%s)',
    (name) => {
      const { result, expected } = readDrawnSpa(espaceSante, name, (document, html) =>
        drawInto(document, 'corps-vaccinations', embeddedData<{ lignes: string }>(html, 'reponse').lignes),
      );
      expect(result).toMatchObject({ status: 'ok', problems: [] });
      expect(result.records).toEqual(expected.records);
    },
  );
});
