import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { CaptureOutcome } from '../lib/capture-outcome';
import type { PageStatus } from '../lib/messages';
import { deleteDb, openDb, type MesDonneesDb } from '../storage/db';
import { setUiLanguage } from '../tests/unit/fake-i18n';
import { describeContents, Popup } from './Popup';

const capture = {
  id: 'c1',
  source: 'ameli',
  url: 'https://assure.ameli.fr/p',
  title: 'Mes paiements - ameli',
  startedAt: '2026-11-28T10:00:00.000Z',
  finishedAt: '2026-11-28T10:00:01.000Z',
  scraper: { id: 'ameli', version: '1.0.0' },
  counts: { found: 10, added: 10, updated: 0, unchanged: 0, invalid: 0 },
  problems: [],
  snapshotId: null,
};

let db: MesDonneesDb;
let root: HTMLElement;

async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
}

async function mount(answer: (message: { type: string }) => unknown): Promise<void> {
  // The polyfill's overloads type query as callback-style too: the cast picks the promise one.
  vi.spyOn(browser.tabs, 'query').mockResolvedValue([{ id: 7, active: true }] as never);
  vi.spyOn(browser.tabs, 'sendMessage').mockImplementation(async (_tab, message) =>
    answer(message as { type: string }),
  );
  render(<Popup db={db} />, root);
  await settle();
}

beforeEach(() => {
  db = openDb(`popup-${crypto.randomUUID()}`);
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(async () => {
  render(null, root);
  document.body.innerHTML = '';
  await deleteDb(db);
  fakeBrowser.reset();
});

describe('Popup', () => {
  it('names the portal of a supported page and saves it with the same action as the page button', async () => {
    const status: PageStatus = {
      state: 'ready',
      scraper: { id: 'ameli', version: '1.0.0', label: 'compte ameli (Assurance Maladie)' },
      lastCapture: null,
      contents: { status: 'ok', counts: { reimbursement: 10 } },
    };
    const outcome: CaptureOutcome = { status: 'ok', capture, error: null };
    const answer = vi.fn((message: { type: string }) => (message.type === 'page/status' ? status : outcome));
    await mount(answer);
    expect(root.textContent).toContain('Page prise en charge : compte ameli (Assurance Maladie)');
    expect(root.querySelector('[data-testid="page-contents"]')?.textContent).toBe(
      'Cette page contient 10 remboursements.',
    );
    await act(() => root.querySelector<HTMLButtonElement>('[data-testid="popup-save"]')!.click());
    await settle();
    expect(answer).toHaveBeenCalledWith({ type: 'page/save' });
    expect(root.querySelector('[data-testid="capture-result"]')?.getAttribute('data-added')).toBe('10');
  });

  it('says what the page holds in plain words, singular and plural, in French and English', () => {
    const ok = (counts: NonNullable<PageStatus['contents']>['counts']) => ({ status: 'ok' as const, counts });
    expect(describeContents(ok({ reimbursement: 1 }), 'fr')).toBe('Cette page contient 1 remboursement.');
    expect(describeContents(ok({ 'lab-result': 2_000, document: 1, appointment: 0 }), 'fr')).toBe(
      "Cette page contient 2\u202f000 résultats d'analyse et 1 document.",
    );
    expect(describeContents(ok({}), 'fr')).toBe('Cette page ne contient aucune donnée à enregistrer.');
    expect(describeContents({ status: 'broken', counts: {} }, 'fr')).toContain('n’a pas la forme attendue');
    expect(describeContents({ status: 'failed', counts: {} }, 'fr')).toContain('a échoué');
    setUiLanguage('en');
    try {
      expect(describeContents(ok({ reimbursement: 1, medication: 3 }), 'en')).toBe(
        'This page holds 1 reimbursement and 3 medications.',
      );
      expect(describeContents(ok({ document: 0 }), 'en')).toBe('This page holds nothing to save.');
    } finally {
      setUiLanguage('fr');
    }
  });

  it('says when the page still loads its data', async () => {
    await mount(
      () => ({ state: 'waiting', scraper: null, lastCapture: null, contents: null }) satisfies PageStatus,
    );
    expect(root.textContent).toContain('La page se charge encore');
  });

  it('lists the supported portals on a page without the content script', async () => {
    await mount(() => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    expect(root.textContent).toContain("Cette page n'est pas prise en charge.");
    expect(root.textContent).toContain('compte ameli (Assurance Maladie) — assure.ameli.fr');
  });

  it('shows the last saves from the archive', async () => {
    await db.captures.add(capture);
    await mount(() => undefined);
    expect(root.querySelectorAll('[data-testid="capture-row"]')).toHaveLength(1);
    expect(root.textContent).toContain('10 nouveaux, 0 mis à jour, 0 déjà enregistrés, 0 refusés');
  });

  it('opens the dashboard', async () => {
    const create = vi.spyOn(browser.tabs, 'create').mockResolvedValue({} as never);
    const close = vi.spyOn(window, 'close').mockImplementation(() => {});
    await mount(() => undefined);
    await act(() => root.querySelector<HTMLButtonElement>('[data-testid="open-dashboard"]')!.click());
    await settle();
    expect(create).toHaveBeenCalledWith({ url: expect.stringMatching(/\/dashboard\.html$/) });
    expect(close).toHaveBeenCalled();
  });
});
