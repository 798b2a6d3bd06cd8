import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stored } from '../../storage/views/test-records';
import { capture } from './test-captures';
import { harness, type Harness } from './test-harness';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

describe('OverviewView', () => {
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
    expect(card('ameli').querySelector('[data-testid="last-capture"]')?.textContent).toContain('2 nouveaux');
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
