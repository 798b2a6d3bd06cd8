import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stored } from '../../storage/views/test-records';
import { capture } from './test-captures';
import { harness, type Harness } from './test-harness';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const click = (element: Element | null) => act(() => (element as HTMLElement).click());

describe('RecordView', () => {
  it('shows every field, where the record came from, and deletes it after a confirmation', async () => {
    const record = stored('reimbursement', { captureId: 'ameli-1', act: '<b>C GENERALISTE</b>', rate: 70 });
    await h.put(record);
    await h.db.captures.add({ ...capture('ameli', '2026-11-01T10:00:00.000Z'), id: 'ameli-1' });
    await h.open(`#/fiche?id=${encodeURIComponent(record.id)}`);
    const field = (name: string) => h.root.querySelector(`dd[data-field="${name}"]`)?.textContent;
    expect(h.root.querySelector('h2')?.textContent).toBe('Remboursement — 2 mars 2024');
    expect(field('act')).toBe('<b>C GENERALISTE</b>');
    expect(h.root.querySelector('b')).toBeNull();
    expect(field('rate')).toBe('70 %');
    expect(field('charged')?.replace(/\s/g, ' ')).toBe('30,00 €');
    expect(field('reimbursedComplementary')).toBe('non indiqué');
    expect(field('scraper')).toBe('ameli 1.2.0');
    expect(field('sourceUrl')).toBe(record.sourceUrl);
    expect(field('capturedAt')).toContain('2026');

    await click(h.root.querySelector('[data-testid="delete-record"]'));
    expect(h.root.querySelector('[data-testid="delete-record-confirm"]')?.textContent).toContain(
      'définitivement',
    );
    expect(document.activeElement?.textContent).toBe('Annuler');
    await click(h.root.querySelector('[data-testid="delete-record-yes"]'));
    await h.settle();
    expect(h.root.querySelector('[data-testid="record-gone"]')).not.toBeNull();
    expect(await h.db.records.count()).toBe(0);
  });
});
