import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scrapers } from '../../scrapers/registry';
import { stored } from '../../storage/views/test-records';
import { setUiLanguage } from '../../tests/unit/fake-i18n';
import { capture } from './test-captures';
import { harness, type Harness } from './test-harness';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => {
  setUiLanguage('fr');
  return h.close();
});

const HOSTILE = '<img src=x onerror="window.__pwned=1"><b>Colonne</b> introuvable';
const HOPITAL = 'https://monespace.hopital-saint-exemple.fr/rendez-vous';

const brokenSave = (startedAt: string, message: string) =>
  capture('hopital', startedAt, {
    url: HOPITAL,
    counts: { found: 0, added: 0, updated: 0, unchanged: 0, invalid: 0 },
    problems: [{ level: 'error', message }],
  });

/** One portal read, then broken with a hostile message; one document without its file. */
async function archiveWithGaps(h: Harness): Promise<void> {
  await h.put(
    stored('appointment', { source: 'hopital' }),
    stored('document', { source: 'hopital', title: 'Compte rendu sans fichier', url: `${HOPITAL}/cr.pdf` }),
  );
  await h.db.captures.bulkAdd([
    capture('hopital', '2026-03-01T10:00:00.000Z', {
      url: HOPITAL,
      title: 'Mes rendez-vous',
      scraper: { id: 'hopital', version: '0.9.0' },
    }),
    capture('hopital', '2026-03-02T10:00:00.000Z', {
      url: 'https://monespace.hopital-saint-exemple.fr/documents',
      counts: { found: 5, added: 3, updated: 0, unchanged: 0, invalid: 2 },
      problems: [{ level: 'error', message: 'Enregistrement n°4 refusé : champ « date » invalide' }],
    }),
    brokenSave('2026-03-03T10:00:00.000Z', HOSTILE),
  ]);
}

const card = (source: string) =>
  h.root.querySelector(`[data-testid="source-health"][data-source="${source}"]`);

describe('SourcesView', () => {
  it('lists every registered portal with its reader version, saved or not', async () => {
    await h.open('#/sources');
    expect(h.root.querySelector('main')?.getAttribute('data-view')).toBe('sources');
    expect(h.root.querySelector('[aria-current="page"]')?.textContent).toBe('Sources');
    const rows = h.all('[data-testid="source-row"]');
    expect(rows.map((row) => [row.getAttribute('data-source'), row.getAttribute('data-version')])).toEqual(
      scrapers.map((scraper) => [scraper.id, scraper.version]),
    );
    expect(rows.every((row) => row.querySelector('th[scope="row"]'))).toBe(true);
    expect(h.all('[data-testid="sources-table"] thead th[scope="col"]')).toHaveLength(7);
    for (const scraper of scrapers) {
      const never = card(scraper.id)?.querySelector('[data-testid="gap-never-saved"]');
      expect(never?.textContent).toContain('Jamais enregistré');
      expect(never?.querySelector('a')?.getAttribute('href')).toMatch(/^https:\/\/[^/]+\//);
      expect(card(scraper.id)?.textContent).toContain(`version ${scraper.version}`);
    }
  });

  it('shows outcomes, the last success and failure, the older reader and every gap, page text as text', async () => {
    await archiveWithGaps(h);
    await h.open('#/sources');
    const counts = h.all('[data-source="hopital"] [data-testid="outcome-count"]');
    expect(counts.map((cell) => [cell.getAttribute('data-outcome'), cell.textContent])).toEqual([
      ['success', '1'],
      ['partial', '1'],
      ['failure', '1'],
    ]);
    const hopital = card('hopital')!;
    expect(hopital.querySelector('[data-testid="gap-never-saved"]')).toBeNull();
    expect(hopital.querySelector('[data-testid="last-success"]')?.textContent).toContain('/documents');
    expect(hopital.querySelector('[data-testid="older-versions"]')?.textContent).toContain('0.9.0 (1)');
    expect(hopital.querySelector('[data-testid="gap-missing-kinds"]')).toBeNull();

    const broken = hopital.querySelector('[data-testid="gap-broken-page"]');
    expect(broken?.getAttribute('data-page')).toBe(HOPITAL);
    expect(broken?.textContent).toContain('Illisible depuis le');
    expect(broken?.textContent).toContain('dernière lecture réussie le');
    expect(broken?.querySelector('[data-testid="gap-broken-message"]')?.textContent).toBe(HOSTILE);
    expect(hopital.querySelector('[data-testid="failure-messages"]')?.textContent).toBe(HOSTILE);
    expect(h.root.querySelector('img, b')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();

    const files = hopital.querySelector('[data-testid="gap-missing-files"]');
    expect(files?.getAttribute('data-count')).toBe('1');
    expect(files?.textContent).toContain('Compte rendu sans fichier');
    expect(files?.textContent).toContain('fichier non téléchargé');
    expect(files?.querySelector('a')?.getAttribute('href')).toMatch(/^#\/fiche\?id=/);
    const refused = hopital.querySelector('[data-testid="gap-refused"]');
    expect(refused?.getAttribute('data-rows')).toBe('2');
    expect(refused?.textContent).toContain('champ « date » invalide');
    expect(hopital.querySelector('[data-testid="gap-none"]')).toBeNull();
  });

  it('says nothing is missing once a portal is whole, and drops the broken page once it reads again', async () => {
    // One record of every kind ameli gives (a statement listed without a file to get).
    await h.put(
      stored('reimbursement', { source: 'ameli' }),
      stored('document', { source: 'ameli', url: null }),
    );
    await h.db.captures.bulkAdd([
      capture('ameli', '2026-03-01T10:00:00.000Z', {
        counts: { found: 0, added: 0, updated: 0, unchanged: 0, invalid: 0 },
        problems: [{ level: 'error', message: 'colonne « Montant versé » introuvable' }],
      }),
    ]);
    await h.open('#/sources');
    expect(card('ameli')?.querySelector('[data-testid="gap-broken-page"]')).not.toBeNull();
    await h.db.captures.add(capture('ameli', '2026-03-02T10:00:00.000Z'));
    await h.settle();
    expect(card('ameli')?.querySelector('[data-testid="gap-broken-page"]')).toBeNull();
    expect(card('ameli')?.querySelector('[data-testid="gap-none"]')?.textContent).toContain('Rien ne manque');
  });

  it('says the person selector does not apply to saves', async () => {
    await h.put(stored('appointment', { source: 'hopital', patient: 'Léo MARTIN' }));
    await h.open('#/sources');
    expect(h.root.querySelector('[data-testid="sources-all-persons"]')).toBeNull();
    await h.go('#/sources?personne=leo martin');
    expect(h.root.querySelector('main')?.getAttribute('data-person')).toBe('leo martin');
    expect(h.root.querySelector('[data-testid="sources-all-persons"]')?.textContent).toContain(
      'quelle que soit la personne choisie',
    );
    expect(h.all('[data-testid="source-row"]')).toHaveLength(scrapers.length);
  });

  it('speaks English', async () => {
    setUiLanguage('en');
    await archiveWithGaps(h);
    await h.open('#/sources');
    expect(h.root.querySelector('h2')?.textContent).toBe('Sources');
    expect(h.root.querySelector('[data-testid="sources-table"] thead')?.textContent).toContain(
      'Last failure',
    );
    expect(card('ameli')?.querySelector('[data-testid="gap-never-saved"]')?.textContent).toContain(
      'Never saved.',
    );
    const hopital = card('hopital')!;
    expect(hopital.textContent).toContain('Unreadable since');
    expect(hopital.textContent).toContain('file not downloaded');
    expect(hopital.textContent).toContain('2 rows refused over 1 save.');
    expect(hopital.querySelector('[data-testid="gap-broken-message"]')?.textContent).toBe(HOSTILE);
    expect(h.text()).not.toContain('Jamais enregistré');
  });
});
