import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { decryptBlob } from '../storage/archive/crypto';
import type { ArchiveEnvelope } from '../storage/archive/envelope';
import { seedSamples } from '../storage/archive/test-helpers';
import { deleteDb, openDb, type MesDonneesDb } from '../storage/db';
import { setUiLanguage } from '../tests/unit/fake-i18n';
import { ExportPanel, ProgressLine } from './ExportPanel';

let db: MesDonneesDb;
let root: HTMLElement;
let saved: { blob: Blob; filename: string }[];
const save = (blob: Blob, filename: string) => void saved.push({ blob, filename });

async function settle(ms = 50): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
  });
}

async function until(check: () => boolean, timeout = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeout) throw new Error('timed out');
    await settle(20);
  }
}

function input(selector: string): HTMLInputElement {
  return root.querySelector<HTMLInputElement>(selector)!;
}

async function type(element: HTMLInputElement | HTMLSelectElement, value: string, event = 'input') {
  await act(() => {
    element.value = value;
    element.dispatchEvent(new Event(event, { bubbles: true }));
  });
}

const button = () => root.querySelector<HTMLButtonElement>('button[type="submit"]')!;

beforeEach(() => {
  db = openDb(`export-panel-${crypto.randomUUID()}`);
  root = document.createElement('div');
  document.body.append(root);
  saved = [];
});
afterEach(async () => {
  render(null, root);
  document.body.innerHTML = '';
  setUiLanguage('fr');
  await deleteDb(db);
});

describe('ExportPanel', () => {
  it('exports the chosen format and selection, then says which file it saved', async () => {
    await seedSamples(db);
    render(<ExportPanel db={db} save={save} />, root);
    await settle();
    expect(root.querySelector('h3')?.textContent).toBe('Exporter mes données');
    // The person and portal lists come from the archive itself.
    expect([...root.querySelectorAll('select')[1]!.options].map((o) => o.value)).toEqual([
      '',
      'ameli',
      'espace-sante',
      'hopital',
      'labo',
      'mgen',
    ]);
    await act(() => input('input[value="json"]').click());
    await type(root.querySelectorAll('select')[2]!, 'immunization', 'change');
    await act(() => button().click());
    await until(() => saved.length === 1);
    expect(saved[0]!.filename).toMatch(/^mes-donnees-sante-\d{4}-\d{2}-\d{2}\.json$/);
    const envelope = JSON.parse(await saved[0]!.blob.text()) as ArchiveEnvelope;
    expect(envelope.records.map((r) => r.kind)).toEqual(['immunization']);
    expect(envelope.app.name).toBe('Mes données, ma santé');
    await until(() => root.querySelector('[data-testid="export-done"]') !== null);
    expect(root.querySelector('[data-testid="export-done"]')?.textContent).toContain('1 élément.');
  });

  it('asks for a passphrase of 8 characters or more, typed twice, and encrypts with it', async () => {
    await seedSamples(db);
    render(<ExportPanel db={db} save={save} />, root);
    await settle();
    await act(() => input('input[type="checkbox"]').click());
    expect(button().disabled).toBe(true);
    const [pass, confirm] = [...root.querySelectorAll<HTMLInputElement>('input[type="password"]')];
    await type(pass!, 'court');
    expect(root.querySelector('[data-testid="export-problem"]')?.textContent).toBe(
      'La phrase de passe doit compter au moins 8 caractères.',
    );
    await type(pass!, 'une longue phrase');
    await type(confirm!, 'une autre phrase');
    expect(root.querySelector('[data-testid="export-problem"]')?.textContent).toBe(
      'Les deux phrases de passe ne sont pas identiques.',
    );
    await type(confirm!, 'une longue phrase');
    expect(button().disabled).toBe(false);
    await act(() => button().click());
    await until(() => saved.length === 1, 15_000);
    expect(saved[0]!.filename).toMatch(/\.zip\.enc$/);
    expect((await decryptBlob(saved[0]!.blob, 'une longue phrase')).size).toBeGreaterThan(0);
  });

  it('refuses dates in the wrong order', async () => {
    render(<ExportPanel db={db} save={save} />, root);
    await settle();
    const [from, to] = [...root.querySelectorAll<HTMLInputElement>('input[type="date"]')];
    await type(from!, '2024-05-01');
    await type(to!, '2024-01-01');
    expect(root.querySelector('[data-testid="export-problem"]')?.textContent).toBe(
      'La date de début doit précéder la date de fin.',
    );
    expect(button().disabled).toBe(true);
  });

  it('speaks English in an English browser', async () => {
    setUiLanguage('en');
    render(<ExportPanel db={db} save={save} />, root);
    await settle();
    expect(root.querySelector('h3')?.textContent).toBe('Export my data');
    expect(root.textContent).toContain('CSV for a spreadsheet');
  });

  it('shows progress with its phase and counts', () => {
    render(<ProgressLine progress={{ phase: 'records', done: 1500, total: 100000 }} />, root);
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Données');
    expect(root.querySelector('progress')?.getAttribute('max')).toBe('100000');
    expect(root.textContent).toContain('1500 sur 100000');
  });

  it('says when the export fails', async () => {
    vi.spyOn(db.records, 'where').mockImplementation(() => {
      throw new Error('disque plein');
    });
    render(<ExportPanel db={db} save={save} />, root);
    await settle();
    await act(() => button().click());
    await until(() => root.querySelector('[role="alert"]') !== null);
    expect(root.querySelector('[role="alert"]')?.textContent).toBe("L'export a échoué : disque plein");
  });
});
