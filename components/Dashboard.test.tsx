import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveCapture } from '../storage/save-capture';
import { manyReimbursements } from '../storage/test-fixtures';
import { dayOf2024, stored } from '../storage/views/test-records';
import { setUiLanguage } from '../tests/unit/fake-i18n';
import { harness, type Harness } from './views/test-harness';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(async () => {
  await h.close();
  setUiLanguage('fr');
});

async function save(records: unknown[]) {
  return saveCapture(h.db, {
    source: 'ameli',
    url: 'https://assure.ameli.fr/p',
    title: 'Mes paiements - ameli',
    scraper: { id: 'ameli', version: '1.0.0' },
    startedAt: new Date().toISOString(),
    records,
    problems: [],
  });
}

const rows = () => h.all('[data-testid="record-row"]');

describe('Dashboard', () => {
  it('tells a new user how to fill an empty archive', async () => {
    await h.open('');
    expect(h.text()).toContain('Votre archive est vide');
    expect(h.root.querySelector('[data-testid="record-count"]')?.getAttribute('data-count')).toBe('0');
    expect(h.root.querySelector('main')?.getAttribute('data-view')).toBe('apercu');
  });

  it('moves between views through the address, with the current one marked in the navigation', async () => {
    await h.open('#/chronologie');
    expect(h.root.querySelector('main')?.getAttribute('data-view')).toBe('chronologie');
    expect(h.root.querySelector('[aria-current="page"]')?.textContent).toBe('Chronologie');
    const links = h.all('nav a').map((a) => a.getAttribute('href'));
    expect(links).toContain('#/analyses');
    await h.go('#/depenses');
    expect(h.root.querySelector('main')?.getAttribute('data-view')).toBe('depenses');
    expect(document.activeElement?.id).toBe('view-title');
    await h.go('#/nulle-part');
    expect(h.root.querySelector('main')?.getAttribute('data-view')).toBe('apercu');
  });

  it('draws only the timeline rows in view, newest first, grouped by day', async () => {
    await save(manyReimbursements(130).map((record, i) => ({ ...record, date: dayOf2024(i) })));
    await h.open('#/chronologie');
    expect(h.root.querySelector('[data-testid="record-count"]')?.getAttribute('data-count')).toBe('130');
    expect(h.root.querySelector('[data-testid="timeline-status"]')?.getAttribute('data-loaded')).toBe('100');
    // Virtualised: a screenful of rows, not the hundred read.
    expect(rows().length).toBeGreaterThan(3);
    expect(rows().length).toBeLessThan(30);
    expect(h.root.querySelector('tr.day')?.textContent).toBe('jeudi 9 mai 2024');
    expect(rows()[0]?.textContent).toContain('Consultation médecin généraliste');
  });

  it('shows a save made while it is open, without a reload', async () => {
    await h.open('#/chronologie');
    await save(manyReimbursements(3));
    await h.settle(200);
    expect(rows()).toHaveLength(3);
    await h.go('#/apercu');
    expect(h.all('[data-testid="capture-row"]')).toHaveLength(1);
  });

  it('shows page text as text', async () => {
    const [record] = manyReimbursements(1);
    await save([{ ...record, act: '<img src=x onerror="alert(1)">' }]);
    await h.open('#/chronologie');
    expect(h.root.querySelector('img')).toBeNull();
    expect(h.text()).toContain('<img src=x onerror="alert(1)">');
  });

  it('filters every view by the person selected, and keeps the choice across views', async () => {
    await h.put(
      stored('reimbursement', { ref: 'A', patient: 'Léo MARTIN' }),
      stored('reimbursement', { ref: 'B', patient: 'Camille MARTIN' }),
      stored('lab-result', { patient: 'MARTIN Camille' }),
    );
    await h.open('#/chronologie');
    expect(rows()).toHaveLength(3);
    const select = h.root.querySelector<HTMLSelectElement>('[data-testid="person-select"]')!;
    expect([...select.options].map((o) => o.text)).toEqual(['Tout le monde', 'Camille MARTIN', 'Léo MARTIN']);
    await act(() => {
      select.value = 'camille martin';
      select.dispatchEvent(new Event('change'));
    });
    await h.settle();
    expect(location.hash).toBe('#/chronologie?personne=camille+martin');
    expect(rows()).toHaveLength(2);
    expect(h.root.querySelector('nav a[href^="#/apercu"]')?.getAttribute('href')).toBe(
      '#/apercu?personne=camille+martin',
    );
    await h.go('#/apercu?personne=camille+martin');
    const portals = h
      .all('[data-testid="portal-summary"]')
      .map((p) => [p.getAttribute('data-source'), p.getAttribute('data-total')]);
    expect(portals).toEqual([
      ['ameli', '1'],
      ['labo', '1'],
    ]);
  });

  it('speaks English when the browser does', async () => {
    setUiLanguage('en');
    await h.put(stored('reimbursement', { date: '2024-05-09' }));
    await h.open('#/chronologie');
    expect(h.root.querySelector('[aria-current="page"]')?.textContent).toBe('Timeline');
    expect(h.root.querySelector('tr.day')?.textContent).toBe('Thursday, May 9, 2024');
    expect(h.text()).toContain('spent €30.00');
  });
});
