import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localToday } from '../../lib/dates';
import { forgetVisits } from '../../lib/last-visit';
import { stored } from '../../storage/views/test-records';
import { capture } from './test-captures';
import { harness, type Harness } from './test-harness';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

const dayIn = (n: number) => localToday(new Date(Date.now() + n * 86_400_000));

describe('OverviewView', () => {
  it('tells per person what is out of range, what comes next and what was left to pay, each linking to its view', async () => {
    forgetVisits();
    localStorage.setItem('mes-donnees-ma-sante:derniere-visite', daysAgo(3));
    const year = localToday().slice(0, 4);
    await h.put(
      stored('lab-result', {
        date: dayIn(-40),
        analyte: 'Ferritine',
        unit: 'µg/L',
        value: 9,
        valueText: '9',
        refLow: 15,
        refHigh: 150,
        refText: null,
        flag: null,
        patient: 'Camille MARTIN',
      }),
      stored('lab-result', {
        date: dayIn(-40),
        flag: null,
        value: 1,
        refLow: 0.5,
        refHigh: 2,
        patient: 'Léo MARTIN',
      }),
      stored('appointment', {
        date: `${dayIn(9)}T10:30`,
        service: 'Cardiologie',
        status: 'booked',
        patient: 'Camille MARTIN',
      }),
      stored('reimbursement', { date: `${year}-01-01`, outOfPocket: 12.5, patient: 'Camille MARTIN' }),
    );
    await h.db.captures.bulkAdd([capture('labo', daysAgo(1)), capture('ameli', daysAgo(10))]);
    await h.open('#/apercu');
    const card = (name: string) =>
      h.all('[data-testid="person-highlights"]').find((c) => c.querySelector('h4')?.textContent === name)!;
    const hers = card('Camille MARTIN');
    const low = hers.querySelector('[data-testid="out-of-range"]')!;
    expect(low.textContent).toContain('Ferritine : 9 µg/L');
    expect(low.querySelector('[data-testid="flag"]')?.getAttribute('data-flag')).toBe('L');
    expect(low.textContent).toContain('valeurs de référence : 15 – 150');
    expect(low.querySelector('a')?.getAttribute('href')).toMatch(
      /^#\/analyses\?personne=camille\+martin&analyse=/,
    );
    expect(hers.querySelector('[data-testid="upcoming"]')?.textContent).toContain('Cardiologie');
    expect(hers.querySelector('[data-testid="upcoming"] a')?.getAttribute('href')).toBe(
      '#/rendez-vous?personne=camille+martin',
    );
    expect(hers.querySelector('[data-testid="year-to-date"]')?.textContent).toMatch(
      new RegExp(`12,50\\s€ restés à votre charge en ${year}`),
    );
    const his = card('Léo MARTIN');
    expect(his.querySelector('[data-testid="out-of-range-none"]')?.textContent).toContain(
      '3 dernières années',
    );
    expect(his.querySelector('[data-testid="upcoming-none"]')).not.toBeNull();
    expect(his.querySelector('[data-testid="year-to-date-none"]')).not.toBeNull();
    // What the save since the last visit added, in words with their plural.
    const since = h.root.querySelector('[data-testid="since-last-visit"]')!;
    expect(since.getAttribute('data-added')).toBe('2');
    expect(since.textContent).toMatch(/2 données de .*laboratoire/i);
  });

  it('counts each kind per portal, with the last save and its outcome', async () => {
    await h.put(
      stored('reimbursement', { ref: '1', source: 'ameli', patient: 'Léo MARTIN' }),
      stored('reimbursement', { ref: '2', source: 'ameli', patient: 'Camille MARTIN' }),
      stored('lab-result', { source: 'labo', patient: 'Camille MARTIN' }),
      stored('document', { source: 'labo', patient: 'Camille MARTIN' }),
    );
    await h.db.captures.bulkAdd([capture('ameli', daysAgo(2)), capture('labo', daysAgo(1))]);
    await h.open('#/apercu');
    const card = (source: string) =>
      h.root.querySelector(`[data-testid="portal-summary"][data-source="${source}"]`)!;
    expect(card('ameli').querySelector('h3')?.textContent).toBe('compte ameli (Assurance Maladie)');
    expect(card('ameli').textContent).toContain('2 remboursements');
    expect(card('labo').textContent).toContain("1 résultat d'analyse");
    expect(card('labo').querySelector('a')?.getAttribute('href')).toBe(
      '#/chronologie?portail=labo&type=lab-result',
    );
    expect(card('ameli').querySelector('[data-testid="last-capture"]')?.textContent).toContain(
      '2 nouvelles données',
    );
    expect(h.all('[data-testid="save-nudge"]')).toHaveLength(0);
    expect(h.all('[data-testid="person-count"]').map((row) => row.getAttribute('data-count'))).toEqual([
      '3',
      '1',
    ]);
  });

  it('reminds to save a portal that has not been saved for months, and one whose saves all failed', async () => {
    await h.put(stored('reimbursement', { source: 'ameli' }), stored('lab-result', { source: 'labo' }));
    await h.db.captures.bulkAdd([
      capture('ameli', daysAgo(120)),
      capture('ameli', daysAgo(3), {
        counts: { found: 0, added: 0, updated: 0, unchanged: 0, invalid: 0 },
        problems: [{ level: 'error', message: 'Colonne « Montant versé » absente' }],
      }),
      capture('labo', daysAgo(5), {
        counts: { found: 0, added: 0, updated: 0, unchanged: 0, invalid: 0 },
        problems: [{ level: 'error', message: 'Tableau absent' }],
      }),
    ]);
    await h.open('#/apercu');
    const nudge = (source: string) =>
      h.root.querySelector(`[data-source="${source}"] [data-testid="save-nudge"]`)?.textContent;
    expect(nudge('ameli')).toContain('il y a 4 mois');
    expect(nudge('ameli')).toContain('environ 6 mois');
    expect(nudge('labo')).toContain("n'a réussi");
    expect(h.root.querySelector('[data-source="ameli"] [data-testid="last-capture"]')?.textContent).toContain(
      'Page illisible',
    );
  });
});
