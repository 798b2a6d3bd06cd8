import { describe, expect, it, vi } from 'vitest';
import { MAX_FILE_BYTES } from '../storage/files';
import type { ScrapedRecord } from '../storage/schemas';
import { sampleRecords } from '../storage/test-fixtures';
import { attachFiles, type FileDeps } from './documents';

const PAGE = new URL('https://portail.example.fr/documents');
const bytes = (text: string) => new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;

function doc(path: string | null, title = path ?? 'sans lien'): ScrapedRecord {
  return { ...sampleRecords().document, title, url: path && new URL(path, PAGE).href };
}

function deps(overrides: Partial<FileDeps> = {}): FileDeps {
  return {
    known: vi.fn(async () => ({})),
    download: vi.fn(async (url: URL) => ({ bytes: bytes(url.pathname) })),
    store: vi.fn(async (url: URL) => ({ fileId: `id${url.pathname}`, sha256: `sha${url.pathname}` })),
    onProgress: vi.fn(),
    ...overrides,
  };
}

describe('attachFiles', () => {
  it('downloads the files of the portal’s own host, once per link, and points the records at them', async () => {
    const records = [
      doc('/a.pdf'),
      doc('/b.pdf'),
      doc('/a.pdf', 'a again'),
      doc('https://ailleurs.example/c.pdf'),
      doc(null),
    ];
    const d = deps();
    expect(await attachFiles(records, PAGE, d)).toEqual([]);
    expect(d.download).toHaveBeenCalledTimes(2);
    expect(records.map((r) => (r.kind === 'document' ? r.fileId : null))).toEqual([
      'id/a.pdf',
      'id/b.pdf',
      'id/a.pdf',
      null,
      null,
    ]);
    expect(vi.mocked(d.onProgress).mock.calls.at(-1)).toEqual([2, 2]);
  });

  it('downloads nothing a previous save already stored', async () => {
    const records = [doc('/a.pdf'), doc('/b.pdf')];
    const known = { [new URL('/a.pdf', PAGE).href]: { fileId: 'old', sha256: 'oldsha' } };
    const d = deps({ known: vi.fn(async () => known) });
    await attachFiles(records, PAGE, d);
    expect(d.download).toHaveBeenCalledOnce();
    expect(records[0]).toMatchObject({ fileId: 'old', sha256: 'oldsha' });
  });

  it('reports a failed or oversized download and saves the record without its file', async () => {
    const records = [doc('/a.pdf', 'Compte rendu'), doc('/big.pdf', 'Scanner'), doc('/ok.pdf')];
    const download = vi.fn(async (url: URL) => {
      if (url.pathname === '/a.pdf') throw new Error('le portail a répondu par une erreur 404');
      if (url.pathname === '/big.pdf') return { bytes: new Uint8Array(MAX_FILE_BYTES + 1) };
      return { bytes: bytes('%PDF') };
    });
    const problems = await attachFiles(records, PAGE, deps({ download }));
    expect(problems.map((p) => p.message).sort()).toEqual([
      'Document « Compte rendu » enregistré sans son fichier : le portail a répondu par une erreur 404',
      'Document « Scanner » enregistré sans son fichier : fichier trop volumineux (20 Mo)',
    ]);
    expect(problems.every((p) => p.level === 'warning')).toBe(true);
    expect(records.map((r) => (r.kind === 'document' ? r.fileId : null))).toEqual([null, null, 'id/ok.pdf']);
  });
});
