import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportArchive, type ExportFormat } from '../storage/archive/export';
import { seedSamples } from '../storage/archive/test-helpers';
import { deleteDb, openDb, type MesDonneesDb } from '../storage/db';
import { setUiLanguage } from '../tests/unit/fake-i18n';
import { ImportPanel } from './ImportPanel';

let source: MesDonneesDb;
let db: MesDonneesDb;
let root: HTMLElement;

async function settle(ms = 50): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
  });
}

async function until(check: () => boolean, timeout = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeout) throw new Error(`timed out: ${root.textContent}`);
    await settle(20);
  }
}

async function archive(format: ExportFormat = 'zip', passphrase?: string): Promise<File> {
  const app = { name: 'Mes données, ma santé', version: '0.1.0' };
  const { blob, filename } = await exportArchive(source, { format, locale: 'fr', app, passphrase });
  return new File([blob], filename);
}

async function choose(file: File) {
  const input = root.querySelector<HTMLInputElement>('input[type="file"]')!;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await settle();
}

async function analyse() {
  await act(() => root.querySelector<HTMLButtonElement>('button[type="submit"]')!.click());
  await until(() => root.querySelector('[data-testid="import-plan"], [data-testid="import-error"]') !== null);
}

const cells = (kind: string) =>
  [...root.querySelectorAll(`tr[data-kind="${kind}"] td`)].map((td) => td.textContent);

beforeEach(async () => {
  source = openDb(`import-panel-src-${crypto.randomUUID()}`);
  db = openDb(`import-panel-${crypto.randomUUID()}`);
  await seedSamples(source);
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(async () => {
  render(null, root);
  document.body.innerHTML = '';
  setUiLanguage('fr');
  await deleteDb(source);
  await deleteDb(db);
});

describe('ImportPanel', () => {
  it('shows what the import will do, writes it on confirmation, and nothing new the second time', async () => {
    const file = await archive('zip');
    render(<ImportPanel db={db} />, root);
    await settle();
    await choose(file);
    await analyse();
    expect(root.querySelector('h4')?.textContent).toBe("Ce que l'import va faire");
    expect(document.activeElement).toBe(root.querySelector('h4'));
    expect(cells('lab-result')).toEqual(['1', '0', '0', '0']);
    expect(root.textContent).toContain('Historique : 5 nouveaux enregistrements de pages, 0 déjà présent.');
    expect(await db.records.count()).toBe(0);

    await act(() => [...root.querySelectorAll('button')].find((b) => b.textContent === 'Importer')!.click());
    await until(() => root.querySelector('[data-testid="import-done"]') !== null);
    expect(root.querySelector('[data-testid="import-done"]')?.textContent).toBe(
      'Import terminé, écrits dans votre archive : 10 données, 5 enregistrements de pages et 0 fichier.',
    );
    expect(await db.records.count()).toBe(10);

    await analyse();
    expect(cells('lab-result')).toEqual(['0', '0', '1', '0']);
    expect(root.textContent).toContain('Rien de nouveau');
    expect([...root.querySelectorAll('button')].some((b) => b.textContent === 'Importer')).toBe(false);
  });

  it('says why it refuses a file, and that nothing changed', async () => {
    render(<ImportPanel db={db} />, root);
    await settle();
    await choose(new File(['<html>'], 'page.html'));
    await analyse();
    const error = root.querySelector('[data-testid="import-error"]')!;
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toContain("Ce fichier n'est pas une archive de Mes données, ma santé.");
    expect(error.textContent).toContain("Vos données n'ont pas été modifiées.");
  });

  it('lists invalid records by number', async () => {
    const text = (await (await archive('json')).text()).replace('"date":"2024-03-02"', '"date":"2 mars"');
    render(<ImportPanel db={db} />, root);
    await settle();
    await choose(new File([text], 'a.json'));
    await analyse();
    expect(root.querySelector('[data-testid="import-error"] li')?.textContent).toMatch(
      /^Enregistrement n°\d+ refusé : champ « date » : date attendue/,
    );
  });

  it('asks for the passphrase of a protected file, and says when it is wrong', async () => {
    const file = await archive('json', 'phrase secrète');
    render(<ImportPanel db={db} />, root);
    await settle();
    await choose(file);
    expect(root.textContent).toContain('Ce fichier est protégé par une phrase de passe.');
    const submit = root.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    expect(submit.disabled).toBe(true);
    const pass = root.querySelector<HTMLInputElement>('input[type="password"]')!;
    await act(() => {
      pass.value = 'pas la bonne';
      pass.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await analyse();
    expect(root.querySelector('[data-testid="import-error"]')?.textContent).toContain(
      'Phrase de passe incorrecte.',
    );
    await act(() => {
      pass.value = 'phrase secrète';
      pass.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await analyse();
    expect(cells('immunization')).toEqual(['1', '0', '0', '0']);
  });

  it('speaks English in an English browser', async () => {
    setUiLanguage('en');
    render(<ImportPanel db={db} />, root);
    await settle();
    expect(root.querySelector('h3')?.textContent).toBe('Import an archive');
    await choose(new File(['{"format":"autre","version":1}'], 'a.json'));
    await analyse();
    expect(root.querySelector('[data-testid="import-error"]')?.textContent).toContain(
      'Unknown archive format (format "autre").',
    );
  });
});
