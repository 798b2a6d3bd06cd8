import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { CaptureOutcome } from '../lib/capture-outcome';
import type { Capture } from '../storage/schemas';
import { setUiLanguage } from '../tests/unit/fake-i18n';
import { CaptureResult } from './CaptureResult';

function capture(overrides: Partial<Capture> = {}): Capture {
  return {
    id: 'c1',
    source: 'ameli',
    url: 'https://assure.ameli.fr/x',
    title: 'Mes paiements',
    startedAt: '2026-11-28T10:00:00.000Z',
    finishedAt: '2026-11-28T10:00:01.000Z',
    scraper: { id: 'ameli', version: '1.0.0' },
    counts: { found: 12, added: 9, updated: 1, unchanged: 1, invalid: 1 },
    problems: [],
    snapshotId: null,
    ...overrides,
  };
}

function show(outcome: CaptureOutcome): HTMLElement {
  const root = document.createElement('div');
  document.body.append(root);
  render(<CaptureResult outcome={outcome} portalName="compte ameli (Assurance Maladie)" />, root);
  return root;
}

afterEach(() => {
  document.body.innerHTML = '';
  setUiLanguage('fr');
});

describe('CaptureResult', () => {
  it('says in one sentence, with the portal by its name, what was new, already saved and left out', () => {
    const root = show({ status: 'ok', capture: capture(), error: null });
    const result = root.querySelector('[data-testid="capture-result"]')!;
    expect(result.getAttribute('data-status')).toBe('ok');
    expect(result.getAttribute('data-added')).toBe('9');
    expect(result.getAttribute('data-invalid')).toBe('1');
    expect(result.textContent).toContain('Données enregistrées');
    expect(result.querySelector('[data-testid="result-summary"]')?.textContent).toBe(
      'compte ameli (Assurance Maladie) : 9 nouvelles données, 1 ligne illisible écartée. 1 donnée était déjà enregistrée.',
    );
    // No reader version nor counters table for the patient: those are in the dashboard's Sources.
    expect(result.textContent).not.toContain('1.0.0');
    expect(result.querySelector('dl')).toBeNull();
  });

  it('speaks English when the browser does', () => {
    setUiLanguage('en');
    const root = show({ status: 'ok', capture: capture(), error: null });
    expect(root.textContent).toContain('Data saved');
    expect(root.textContent).toContain(
      'compte ameli (Assurance Maladie): 9 new items, 1 unreadable line left out. 1 item was already saved.',
    );
  });

  it('tells a page with nothing to save apart from a saved one', () => {
    const counts = { found: 0, added: 0, updated: 0, unchanged: 0, invalid: 0 };
    const root = show({ status: 'ok', capture: capture({ counts }), error: null });
    expect(root.textContent).toContain('Rien à enregistrer sur cette page');
  });

  it('explains a broken page in plain words, with the reader and its version', () => {
    const problems = [
      {
        level: 'error' as const,
        message:
          "La page « Mes paiements » n'a pas la forme attendue (ameli 1.0.0) : colonne « Montant versé » introuvable",
      },
    ];
    const counts = { found: 0, added: 0, updated: 0, unchanged: 0, invalid: 0 };
    const root = show({ status: 'broken', capture: capture({ problems, counts }), error: null });
    expect(root.querySelector('[data-status="broken"]')).not.toBeNull();
    expect(root.textContent).toContain("Cette page n'a pas pu être lue");
    expect(root.textContent).toContain('colonne « Montant versé » introuvable');
    expect(root.querySelector('details')?.hasAttribute('open')).toBe(true);
  });

  it('shows problem text as text, never as markup', () => {
    const problems = [{ level: 'warning' as const, message: '<img src=x onerror="alert(1)"><b>gras</b>' }];
    const root = show({ status: 'ok', capture: capture({ problems }), error: null });
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('b')).toBeNull();
    expect(root.textContent).toContain('<img src=x onerror="alert(1)">');
  });

  it('explains a save the extension could not make', () => {
    const root = show({ status: 'error', capture: null, error: 'no-answer' });
    expect(root.textContent).toContain("L'extension n'a pas répondu");
    expect(root.querySelector('[data-added]')).toBeNull();
  });
});
