import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../storage/db';
import { saveCapture } from '../storage/save-capture';
import { manyReimbursements } from '../storage/test-fixtures';
import { Dashboard } from './Dashboard';

let db: MesDonneesDb;
let root: HTMLElement;

async function settle(ms = 50): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
  });
}

async function save(records: unknown[]) {
  return saveCapture(db, {
    source: 'ameli',
    url: 'https://assure.ameli.fr/p',
    title: 'Mes paiements - ameli',
    scraper: { id: 'ameli', version: '1.0.0' },
    startedAt: new Date().toISOString(),
    records,
    problems: [],
  });
}

beforeEach(() => {
  db = openDb(`dashboard-${crypto.randomUUID()}`);
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(async () => {
  render(null, root);
  document.body.innerHTML = '';
  await deleteDb(db);
});

describe('Dashboard', () => {
  it('tells a new user how to fill an empty archive', async () => {
    render(<Dashboard db={db} />, root);
    await settle();
    expect(root.textContent).toContain('Votre archive est vide');
    expect(root.querySelector('[data-testid="record-count"]')?.getAttribute('data-count')).toBe('0');
  });

  it('lists records newest first, page by page', async () => {
    // One record a day from 1 January 2024: the newest is 9 May 2024 (day 130).
    const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
    await save(manyReimbursements(130).map((record, i) => ({ ...record, date: day(i) })));
    render(<Dashboard db={db} />, root);
    await settle();
    const rows = () => [...root.querySelectorAll('[data-testid="record-row"]')];
    expect(rows()).toHaveLength(100);
    const dates = rows().map((row) => row.querySelector('td')!.textContent);
    expect(dates[0]).toBe('9 mai 2024');
    expect(dates[99]).toBe('31 janv. 2024');
    expect(root.querySelector('[data-testid="record-count"]')?.getAttribute('data-count')).toBe('130');
    await act(() => root.querySelector<HTMLButtonElement>('button.more')!.click());
    await settle();
    expect(rows()).toHaveLength(130);
    expect(root.querySelector('button.more')).toBeNull();
  });

  it('shows a save made while it is open, without a reload', async () => {
    render(<Dashboard db={db} />, root);
    await settle();
    await save(manyReimbursements(3));
    await settle(200);
    expect(root.querySelectorAll('[data-testid="record-row"]')).toHaveLength(3);
    expect(root.querySelectorAll('[data-testid="capture-row"]')).toHaveLength(1);
  });

  it('shows page text as text', async () => {
    const [record] = manyReimbursements(1);
    await save([{ ...record, act: '<img src=x onerror="alert(1)">' }]);
    render(<Dashboard db={db} />, root);
    await settle();
    expect(root.querySelector('img')).toBeNull();
    expect(root.textContent).toContain('<img src=x onerror="alert(1)">');
  });
});
