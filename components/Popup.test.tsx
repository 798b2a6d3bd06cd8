import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { CaptureOutcome } from '../lib/capture-outcome';
import type { PageStatus, PageTables } from '../lib/messages';
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
    // The portal by its name, and what the save gave in words.
    const line = root.querySelector('[data-testid="capture-row"]')?.textContent ?? '';
    expect(line).toMatch(/^compte ameli \(Assurance Maladie\), .+ : 10 nouvelles données$/);
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

describe('Popup: the tables of a page no portal reader knows', () => {
  const CLINIC = 'https://www.exemple-clinique.fr/patient/mes-resultats';
  const page: PageTables = {
    url: CLINIC,
    title: 'Mes résultats',
    truncated: false,
    tables: [
      {
        name: 'Bilan sanguin',
        headers: ['Analyse', 'Résultat'],
        rows: [
          ['Hémoglobine', '13,8'],
          ['<img src=x onerror=alert(1)>', '1,12'],
          ['Créatinine', '8'],
          ['Sodium', '140'],
        ],
        rowCount: 4,
        truncated: false,
        hidden: false,
      },
      {
        name: 'Rendez-vous',
        headers: ['Date', 'Service'],
        rows: [['02/04/2024', 'Cardiologie']],
        rowCount: 1,
        truncated: false,
        hidden: false,
      },
    ],
  };
  const saved = {
    ...capture,
    source: 'tables',
    url: CLINIC,
    scraper: { id: 'tables', version: '1.0.0' },
    counts: { found: 1, added: 1, updated: 0, unchanged: 0, invalid: 0 },
  };
  const noContentScript = () => {
    throw new Error('Could not establish connection. Receiving end does not exist.');
  };

  let executeScript: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    executeScript = vi.fn(async () => [{ frameId: 0, result: page }]);
    // WXT's fake browser has no `scripting`.
    Object.assign(browser, { scripting: { executeScript } });
  });
  afterEach(() => {
    delete (browser as { scripting?: unknown }).scripting;
    setUiLanguage('fr');
  });

  const button = (testId: string) => root.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`);
  async function readTables(): Promise<void> {
    await act(() => button('tables-read')!.click());
    await settle();
  }

  it('offers to save the tables of an unknown page, reads them only when asked, and previews them as text', async () => {
    await mount(noContentScript);
    expect(button('tables-read')?.textContent).toBe('Enregistrer les tableaux de cette page');
    expect(executeScript).not.toHaveBeenCalled();
    await readTables();
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 7 }, files: ['/page-tables.js'] });
    expect(root.textContent).toContain('Tableaux de la page (2) : cochez ceux à enregistrer');
    const choices = [...root.querySelectorAll('[data-testid="table-choice"]')];
    expect(choices.map((choice) => choice.querySelector('label')?.textContent)).toEqual([
      'Bilan sanguin (4 lignes)',
      'Rendez-vous (1 ligne)',
    ]);
    const first = choices[0]!;
    expect([...first.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['Analyse', 'Résultat']);
    // The first three rows only, and the page's markup shown as the text it is.
    expect(first.querySelectorAll('tbody tr')).toHaveLength(3);
    expect(first.querySelector('tbody tr:nth-child(2) td')?.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(root.querySelector('img')).toBeNull();
    expect(button('tables-save')?.disabled).toBe(true);
  });

  it('saves only the chosen tables and shows what was added', async () => {
    const sendMessage = vi
      .spyOn(browser.runtime, 'sendMessage')
      .mockResolvedValue({ ok: true, capture: saved } as never);
    await mount(noContentScript);
    await readTables();
    const second = root.querySelectorAll<HTMLInputElement>(
      '[data-testid="table-choice"] input[type="checkbox"]',
    )[1]!;
    await act(() => second.click());
    expect(button('tables-save')?.disabled).toBe(false);
    await act(() => button('tables-save')!.click());
    await settle();
    expect(sendMessage).toHaveBeenCalledWith({
      type: 'tables/save',
      url: CLINIC,
      title: 'Mes résultats',
      startedAt: expect.any(String),
      tables: [page.tables[1]],
    });
    const result = root.querySelector('[data-testid="capture-result"]');
    expect(result?.getAttribute('data-status')).toBe('ok');
    expect(result?.getAttribute('data-added')).toBe('1');
  });

  it('speaks English to an English browser', async () => {
    setUiLanguage('en');
    await mount(noContentScript);
    expect(button('tables-read')?.textContent).toBe('Save this page’s tables');
    await readTables();
    expect(root.textContent).toContain('Tables on this page (2): tick the ones to save');
    expect(root.querySelector('[data-testid="table-choice"] label')?.textContent).toBe(
      'Bilan sanguin (4 rows)',
    );
    expect(button('tables-save')?.textContent).toBe('Save the chosen tables');
  });

  it('says so when the browser does not let it read the page, in French and English', async () => {
    executeScript.mockRejectedValue(new Error('Cannot access a chrome:// URL'));
    await mount(noContentScript);
    await readTables();
    expect(root.querySelector('[data-testid="tables-message"]')?.textContent).toContain(
      'L’extension ne peut pas lire cette page',
    );
    render(null, root);
    setUiLanguage('en');
    await mount(noContentScript);
    await readTables();
    expect(root.querySelector('[data-testid="tables-message"]')?.textContent).toContain(
      'The extension cannot read this page',
    );
  });

  it('refuses what does not look like the reader’s answer, and a local file', async () => {
    for (const result of [
      { ...page, tables: [{ name: 'X', headers: ['A'], rows: [[1]] }] },
      { ...page, url: 'file:///tmp/x.html' },
    ]) {
      executeScript.mockResolvedValue([{ frameId: 0, result }]);
      render(null, root);
      await mount(noContentScript);
      await readTables();
      expect(root.querySelector('[data-testid="tables-message"]')?.textContent).toContain('ne peut pas lire');
      expect(root.querySelector('[data-testid="table-choice"]')).toBeNull();
    }
  });

  it('says when the page has no table', async () => {
    executeScript.mockResolvedValue([{ frameId: 0, result: { ...page, tables: [] } }]);
    await mount(noContentScript);
    await readTables();
    expect(root.querySelector('[data-testid="tables-message"]')?.textContent).toBe(
      'Cette page ne contient aucun tableau de données.',
    );
  });

  it('does not offer the tables on a supported portal’s page', async () => {
    const ready: PageStatus = {
      state: 'ready',
      scraper: { id: 'ameli', version: '1.0.0', label: 'compte ameli (Assurance Maladie)' },
      lastCapture: null,
      contents: { status: 'ok', counts: { reimbursement: 10 } },
    };
    await mount(() => ready);
    expect(button('tables-read')).toBeNull();
    render(null, root);
    await mount(() => ({ ...ready, state: 'unsupported', scraper: null, contents: null }));
    expect(root.textContent).toContain("Cette page n'est pas prise en charge.");
    expect(button('tables-read')).toBeNull();
  });

  it('sends a portal page read before its content script started back to its reader', async () => {
    executeScript.mockResolvedValue([
      { frameId: 0, result: { ...page, url: 'https://assure.ameli.fr/PortailAS/x' } },
    ]);
    await mount(noContentScript);
    await readTables();
    expect(root.querySelector('[data-testid="tables-message"]')?.textContent).toContain('rechargez-la');
  });
});
