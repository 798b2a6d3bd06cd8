import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stored } from '../../storage/views/test-records';
import { setUiLanguage } from '../../tests/unit/fake-i18n';
import { harness, type Harness } from './test-harness';

let h: Harness;
beforeEach(async () => {
  h = harness();
  const result = (date: string, value: number, lab: string, fields = {}) =>
    stored('lab-result', {
      date,
      value,
      valueText: String(value).replace('.', ','),
      unit: 'g/L',
      refLow: 0.7,
      refHigh: 1.1,
      refText: '(0,70 - 1,10)',
      lab,
      reportId: date,
      ...fields,
    });
  await h.put(
    result('2024-01-05', 0.92, 'Labo A', { analyte: 'Glycémie à jeun' }),
    result('2024-03-05', 1.3, 'Labo B', { analyte: 'Glucose', flag: 'H' }),
    result('2024-06-05', 0.6, 'Labo B', { analyte: 'Glucose' }),
    stored('lab-result', {
      analyte: 'Antigène HBs',
      value: null,
      valueText: 'Négatif',
      unit: null,
      reportId: 'x',
    }),
  );
});
afterEach(async () => {
  await h.close();
  setUiLanguage('fr');
});

describe('LabsView', () => {
  it('lists one row per analyte with its latest value, flag, range and sparkline, by body system', async () => {
    await h.open('#/analyses');
    // The group whose latest result is out of range first.
    expect(h.all('[data-testid="analyte-group"]').map((group) => group.getAttribute('data-system'))).toEqual([
      'glucose',
      'serology',
    ]);
    expect(h.all('[data-testid="analyte-group"] .group-row').map((row) => row.textContent)).toEqual([
      'Glycémie et diabète',
      'Sérologies (infections, vaccins)',
    ]);
    const rows = h.all('[data-testid="analyte-row"]');
    expect(rows.map((row) => row.querySelector('th a')?.textContent)).toEqual(['Glucose', 'Antigène HBs']);
    const glucose = rows[0]!;
    // Under its range and not flagged by the lab: low all the same, the range in one form.
    expect(glucose.querySelector('[data-testid="flag"]')?.getAttribute('data-flag')).toBe('L');
    expect(glucose.textContent).toContain('0,7 – 1,1');
    // What the test is, in plain words, folded in its row.
    const explained = glucose.querySelector('details[data-testid="explanation"]')!;
    expect(explained.querySelector('summary')?.textContent).toBe('En quelques mots');
    expect(explained.textContent).toContain('Le taux de sucre dans le sang');
    expect(explained.textContent).toContain('celles du laboratoire');
    expect(glucose.getAttribute('data-count')).toBe('3');
    expect(glucose.textContent).toContain('0,6 g/L');
    expect(glucose.textContent).toContain('Labo A, Labo B');
    expect(glucose.querySelector('[data-testid="sparkline"]')?.getAttribute('data-points')).toBe('3');
    expect(glucose.querySelector('[data-testid="sparkline"]')?.getAttribute('aria-label')).toBe(
      'Évolution sur 3 résultats : de 0,92 à 0,6',
    );
  });

  it('shows one analyte from every lab as a chart and the same results as a table', async () => {
    await h.open('#/analyses');
    const href = h.all('[data-testid="analyte-row"] th a')[0]!.getAttribute('href')!;
    await h.go(href);
    expect(h.root.querySelector('[data-testid="analyte-detail"]')?.getAttribute('data-count')).toBe('3');
    expect(h.root.querySelector('[data-testid="chart"] canvas')?.getAttribute('aria-label')).toContain(
      'Glucose',
    );
    const results = h.all('[data-testid="analyte-result"]');
    expect(results.map((row) => row.getAttribute('data-out'))).toEqual(['true', 'true', 'false']);
    expect(results[0]?.textContent).toContain('hors des valeurs de référence');
    expect(results[1]?.querySelector('[data-testid="flag"]')?.textContent).toBe('↑ élevé');
    expect(h.text()).toContain('Résultats de : Labo A, Labo B');
    expect(h.root.querySelector('p[data-testid="explanation"]')?.textContent).toContain('Glycémie');
  });

  it('says so in English', async () => {
    setUiLanguage('en');
    await h.open('#/analyses');
    expect(h.root.querySelector('thead')?.textContent).toContain('Reference range');
    expect(h.root.querySelector('[data-testid="explanation"]')?.textContent).toContain('The level of sugar');
    expect(h.root.querySelector('.group-row')?.textContent).toBe('Blood sugar and diabetes');
  });
});
