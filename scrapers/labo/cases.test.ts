/**
 * What the fixture files cannot say on their own: the problems reported, the messages of a
 * broken page, the empty states, and the SPA report before and after its script draws the results.
 */
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../tools/parse-html';
import { findScraper } from '../registry';
import { runScraper } from '../runner';
import labo from './index';
import { validateRecords } from '../../storage/validate';
import { drawInto, embeddedData, readCase, readDrawnSpa } from '../fixtures';

const REPORT = 'https://resultats.laboratoire-bioclair.fr/mes-resultats/dossier/240305-0412';
const LIST = 'https://resultats.laboratoire-bioclair.fr/mes-resultats';

const fixture = (name: string) => readCase(import.meta.url, name);

function run(html: string, url = REPORT) {
  const { document } = parseHtml(html, url);
  return { document, result: runScraper(labo, document, new URL(url), validateRecords) };
}

describe('labo: an unreadable line', () => {
  it('is reported with its position and text, and the other lines are kept', () => {
    const { html } = fixture('compte-rendu');
    const { result } = run(html.replace('<span class="valeur">42,3</span>', '<span class="valeur">—</span>'));
    expect(result.status).toBe('ok');
    expect(result.records).toHaveLength(20);
    expect(result.problems).toEqual([
      {
        level: 'warning',
        message: 'Ligne n°2 du compte rendu ignorée : Hématocrite sans résultat',
        detail: 'Hématocrite | — | % | (37,0 - 47,0)',
      },
    ]);
  });

  it('reports a second-unit line that follows no analyte', () => {
    const { html } = fixture('compte-rendu');
    const { result } = run(html.replace('<span class="nom-analyse">Hémoglobine</span>', ''));
    expect(result.records).toHaveLength(20);
    expect(result.problems.map((p) => p.message)).toEqual([
      'Ligne n°1 du compte rendu ignorée : analyse sans nom',
    ]);
  });

  it('reads the edge cases without any problem', () => {
    const { html, expected } = fixture('compte-rendu-cas-limites');
    const { result } = run(html, expected.url);
    expect(result).toMatchObject({ status: 'ok', problems: [] });
    expect(result.records).toHaveLength(15);
  });

  it('skips a report in the list whose date is unreadable', () => {
    const { html, expected } = fixture('mes-comptes-rendus');
    const { result } = run(html.replace('>6 mars 2024<', '>31 février 2024<'), expected.url);
    expect(result.records).toHaveLength(5);
    expect(result.problems.map((p) => p.message)).toEqual([
      'Compte rendu « Bilan lipidique – dossier n° 240306-3717 » ignoré : date illisible : « 31 février 2024 »',
    ]);
  });
});

describe('labo: a page whose layout changed', () => {
  it('names the missing column, the page and the scraper version', () => {
    const { html, expected } = fixture('compte-rendu-sans-references');
    const { result } = run(html, expected.url);
    expect(result).toMatchObject({ status: 'broken', records: [] });
    expect(result.problems).toEqual([
      {
        level: 'error',
        message: `La page « Compte rendu d'analyses de biologie médicale » n'a pas la forme attendue (labo ${labo.version}) : colonne « Valeurs de référence » introuvable dans le compte rendu`,
      },
    ]);
  });

  it.each([
    ['id="numDossier"', 'id="dossier"', 'numéro de dossier (#numDossier) introuvable'],
    [
      'class="bloc-patient"',
      'class="bloc-identite"',
      'nom du patient (.bloc-patient .patient-nom) introuvable',
    ],
    ['val date-prelevement', 'val', 'date de prélèvement (.date-prelevement) introuvable'],
    ['05/03/2024 à 08h12', '35/03/2024 à 08h12', 'date de prélèvement illisible : « 35/03/2024 à 08h12 »'],
    ['class="ligne-resultat', 'class="resultat', 'aucune ligne de résultat dans le compte rendu'],
  ])('refuses a report where %s became %s', (from, to, message) => {
    const { html } = fixture('compte-rendu');
    const { result } = run(html.replaceAll(from, to));
    expect(result).toMatchObject({ status: 'broken', records: [] });
    expect(result.problems[0]?.message).toContain(message);
  });

  it('refuses a list whose items lost their title', () => {
    const { html, expected } = fixture('mes-comptes-rendus');
    const { result } = run(html.replaceAll('class="d-titre"', 'class="titre"'), expected.url);
    expect(result.status).toBe('broken');
    expect(result.problems[0]?.message).toContain('compte rendu sans date ou sans titre');
  });
});

describe('labo: detect', () => {
  it('recognises reports, lists and empty states', () => {
    for (const name of ['compte-rendu', 'compte-rendu-vide', 'mes-comptes-rendus', 'aucun-resultat']) {
      const { html, expected } = fixture(name);
      const { document } = parseHtml(html, expected.url);
      expect(labo.detect(document, new URL(expected.url)), name).toBe(true);
    }
  });

  it('does not recognise another page of the site', () => {
    const url = 'https://resultats.laboratoire-bioclair.fr/aide';
    const { document } = parseHtml('<html><body><main><h1>Aide</h1></main></body></html>', url);
    expect(labo.detect(document, new URL(url))).toBe(false);
    expect(findScraper(document, new URL(url))).toBeNull();
  });

  it.each(['compte-rendu.spa', 'compte-rendu-variantes.spa'])(
    'waits for the SPA to draw its results, then reads what it drew (%s)',
    (name) => {
      const { result, expected } = readDrawnSpa(labo, name, (document, html) =>
        drawInto(document, 'resultats', embeddedData<{ html: string }>(html, 'reponse').html),
      );
      expect(result).toMatchObject({ status: 'ok', problems: [] });
      expect(result.records).toEqual(expected.records);
    },
  );

  it('reads the empty states as zero records, without problems', () => {
    for (const name of ['aucun-resultat', 'compte-rendu-vide']) {
      const { html, expected } = fixture(name);
      expect(run(html, expected.url).result, name).toMatchObject({ status: 'ok', records: [], problems: [] });
    }
    const { html } = fixture('aucun-resultat');
    const { result } = run(html.replace('Aucun résultat ne correspond', 'Rien ne correspond'), LIST);
    expect(result.status).toBe('broken');
  });
});
