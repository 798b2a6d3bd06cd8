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
  it('lists one row per analyte with its latest value, flag, range and sparkline', async () => {
    await h.open('#/analyses');
    const rows = h.all('[data-testid="analyte-row"]');
    expect(rows.map((row) => row.querySelector('th a')?.textContent)).toEqual(['Antigène HBs', 'Glucose']);
    const glucose = rows[1]!;
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
    const href = h.all('[data-testid="analyte-row"] th a')[1]!.getAttribute('href')!;
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
  });

  it('says so in English', async () => {
    setUiLanguage('en');
    await h.open('#/analyses');
    expect(h.root.querySelector('thead')?.textContent).toContain('Reference range');
  });
});
