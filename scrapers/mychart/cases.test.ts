/**
 * What the fixture files cannot say on their own: the problems reported, the messages of a
 * broken page, and the SPA detail before and after its script draws it.
 */
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../tools/parse-html';
import { findScraper } from '../registry';
import { runScraper } from '../runner';
import mychart from './index';
import { validateRecords } from '../../storage/validate';
import { drawInto, embeddedData, readCase, readDrawnSpa } from '../fixtures';

const LIST = 'https://mychart.lakesidehealth.org/MyChart/app/test-results';
const DETAIL = 'https://mychart.lakesidehealth.org/MyChart/app/test-results/details?orderId=WP-1';

const fixture = (name: string) => readCase(import.meta.url, name);

function run(html: string, url: string) {
  const { document } = parseHtml(html, url);
  return { document, result: runScraper(mychart, document, new URL(url), validateRecords) };
}

describe('mychart: an unreadable row', () => {
  it('is reported with its position and text, and the other rows are kept', () => {
    const { html } = fixture('test-results');
    const { result } = run(html.replace('>12/30/2023<', '>13/30/2023<').replace('>10/08/2023<', '><'), LIST);
    expect(result.status).toBe('ok');
    expect(result.records).toHaveLength(6);
    expect(result.problems).toEqual([
      {
        level: 'warning',
        message: 'Résultat n°2 ignoré : date illisible : « 13/30/2023 »',
        detail: 'LIPID PANEL New | 13/30/2023 · Maria Gonzalez-Smith, NP',
      },
      {
        level: 'warning',
        message: 'Résultat n°5 ignoré : date du résultat : valeur absente',
        detail: 'HEMOGLOBIN A1C | · Maria Gonzalez-Smith, NP',
      },
    ]);
  });

  it('reports a component without a value', () => {
    const { html } = fixture('test-result-detail');
    const { result } = run(
      html.replace('<span class="componentValue">13</span>', '<span class="componentValue"></span>'),
      DETAIL,
    );
    expect(result.records).toHaveLength(7);
    expect(result.problems.map((p) => p.message)).toEqual([
      'Composant n°2 ignoré : valeur de « BUN » : valeur absente',
    ]);
  });
});

describe('mychart: flags', () => {
  it('reads a flag by its word, its letter or, for an icon, its class', () => {
    const { html } = fixture('test-result-detail');
    const flags = (page: string) => run(page, DETAIL).result.records.map((r) => ('flag' in r ? r.flag : '?'));
    expect(flags(html)).toEqual([null, null, 'L', null, null, null, 'H', 'H']);
    const marked = html
      .replace(
        '<span class="flag flag-low">Low</span>',
        '<span class="flag flag-low" aria-hidden="true"></span>',
      )
      .replace('<span class="flag flag-high">High</span>', '<span class="flag">H</span>')
      .replace('<span class="flag flag-high">High</span>', '<span class="flag flag-critical">Critical</span>')
      .replace(
        '<span class="units">mg/dL</span>',
        '<span class="units">mg/dL</span> <span class="flag">Normal</span>',
      );
    expect(flags(marked)).toEqual([null, null, 'L', null, null, null, 'H', 'A']);
  });
});

describe('mychart: a page whose layout changed', () => {
  it('names what is missing, the page and the scraper version', () => {
    const { html, expected } = fixture('test-result-detail-sans-date');
    const { result } = run(html, expected.url);
    expect(result).toMatchObject({ status: 'broken', records: [] });
    expect(result.problems).toEqual([
      {
        level: 'error',
        message: `La page « COMPREHENSIVE METABOLIC PANEL » n'a pas la forme attendue (mychart ${mychart.version}) : date de prélèvement (« Collected on ») introuvable`,
      },
    ]);
  });

  it('refuses components without their value, and result cards without their link', () => {
    const detail = fixture('test-result-detail').html.replaceAll('class="componentValue"', 'class="value"');
    expect(run(detail, DETAIL).result.problems[0]?.message).toContain('composant sans nom ou sans valeur');
    const list = fixture('test-results').html.replaceAll('class="resultCard', 'class="card');
    expect(run(list, LIST).result.problems[0]?.message).toContain('cartes de résultats introuvables');
  });
});

describe('mychart: detect', () => {
  it('recognises the list, the detail and the empty list', () => {
    for (const name of ['test-results', 'test-result-detail', 'test-results-vide']) {
      const { html, expected } = fixture(name);
      const { document } = parseHtml(html, expected.url);
      expect(mychart.detect(document, new URL(expected.url)), name).toBe(true);
    }
  });

  it('reads an imaging order, a narrative without components, as zero lab results', () => {
    const { html, expected } = fixture('test-result-detail-imagerie');
    expect(run(html, expected.url).result).toMatchObject({ status: 'ok', records: [], problems: [] });
  });

  it('recognises an empty list that shows only its message, on the list address only', () => {
    const html =
      '<html><body><main><h1>Test Results</h1><p>You have no test results.</p></main></body></html>';
    const { document, result } = run(html, LIST);
    expect(mychart.detect(document, new URL(LIST))).toBe(true);
    expect(result).toMatchObject({ status: 'ok', records: [], problems: [] });
    const visits = 'https://mychart.lakesidehealth.org/MyChart/Visits';
    expect(mychart.detect(parseHtml(html, visits).document, new URL(visits))).toBe(false);
  });

  it('does not recognise another page of the portal', () => {
    const { document } = parseHtml('<html><body><main><h1>Visits</h1></main></body></html>', LIST);
    expect(mychart.detect(document, new URL(LIST))).toBe(false);
    expect(findScraper(document, new URL(LIST))).toBeNull();
  });

  it.each(['test-result-detail.spa', 'test-result-detail-variantes.spa'])(
    'waits for the SPA to draw the detail, then reads what it drew (%s)',
    (name) => {
      // The page's script applies its `rendre` function to its embedded response.
      const { result, expected } = readDrawnSpa(mychart, name, (document, html) => {
        const render = /(function rendre\(d\) \{[\s\S]*?\n\})\n/.exec(html)?.[1];
        if (!render) throw new Error('the SPA fixture changed shape');
        const rendre = new Function(`return ${render}`)() as (response: unknown) => string;
        drawInto(document, 'testResultDetail', rendre(embeddedData(html, 'response')));
      });
      expect(result).toMatchObject({ status: 'ok', problems: [] });
      expect(result.records).toEqual(expected.records);
    },
  );
});
