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

describe('SettingsView', () => {
  it('says what deleting everything would take away, and does it only when confirmed', async () => {
    await h.put(stored('measurement'), stored('immunization'));
    await h.db.captures.add(capture('hopital', '2026-11-01T10:00:00.000Z'));
    await h.open('#/reglages');
    expect(h.root.querySelector('[data-testid="ui-language"]')?.textContent).toContain('français');
    await act(() => h.root.querySelector<HTMLButtonElement>('[data-testid="erase-all"]')!.click());
    const question = h.root.querySelector('[data-testid="erase-all-confirm"]')?.textContent;
    expect(question).toContain('2 données, 0 fichier de documents');
    expect(question).toContain("l'historique de 1 enregistrement de page");
    await act(() => (document.activeElement as HTMLButtonElement).click());
    expect(await h.db.records.count()).toBe(2);
    await act(() => h.root.querySelector<HTMLButtonElement>('[data-testid="erase-all"]')!.click());
    await act(() => h.root.querySelector<HTMLButtonElement>('[data-testid="erase-all-yes"]')!.click());
    await h.settle();
    expect(h.root.querySelector('[data-testid="erased"]')).not.toBeNull();
    expect(await h.db.records.count()).toBe(0);
    expect(await h.db.captures.count()).toBe(0);
    expect(h.root.querySelector('[data-testid="record-count"]')?.getAttribute('data-count')).toBe('0');
  });
});
