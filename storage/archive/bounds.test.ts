/**
 * Archives made to exhaust the browser or to escape a folder: zip bombs (declared and hidden),
 * too many entries, unsafe entry names, JSON nested or stretched past any record, encrypted
 * headers that ask for absurd key derivations. Each is refused with its own reason before it
 * costs memory or time, and every store of the database hashes the same before and after.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../db';
import { sha256Hex } from '../files';
import { describeLimit, LIMITS } from '../limits';
import { encryptBlob } from './crypto';
import { ARCHIVE_FORMAT, ArchiveError } from './envelope';
import { ARCHIVE_ENTRY, exportArchive, FILES_DIR, FILES_MANIFEST } from './export';
import { planImport } from './plan';
import { hashDatabase, seedSamples } from './test-helpers';
import { isUnsafeEntryName } from './zip-read';

const app = { name: 'Mes données, ma santé', version: '0.1.0' };
const MiB = 1024 * 1024;

let db: MesDonneesDb;
beforeEach(async () => {
  db = openDb(`bounds-${crypto.randomUUID()}`);
  await seedSamples(db);
});
afterEach(() => deleteDb(db));

/** Plans the import of `file` and returns the refusal; the database must hash the same after. */
async function refusal(file: Blob, passphrase?: string): Promise<ArchiveError> {
  const before = await hashDatabase(db);
  const error = await planImport(db, file, { passphrase }).then(
    () => new Error('the archive was accepted'),
    (e: unknown) => e,
  );
  expect(await hashDatabase(db)).toEqual(before);
  if (!(error instanceof ArchiveError)) throw error;
  return error;
}

async function archiveJson(): Promise<string> {
  const { blob } = await exportArchive(db, { format: 'json', locale: 'fr', app });
  return blob.text();
}

function envelope(records: string): string {
  return `{"format":"${ARCHIVE_FORMAT}","version":1,"records":[${records}],"captures":[]}`;
}

const zipBlob = (files: Zippable) => new Blob([zipSync(files)]);

/** Rewrites an entry's uncompressed size in the central directory (and its local header). */
function claimSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const wanted = strToU8(name);
  for (let p = 0; p + 46 < out.length; p++) {
    const sig = view.getUint32(p, true);
    const header = sig === 0x02014b50 ? 46 : sig === 0x04034b50 ? 30 : 0;
    if (!header) continue;
    const length = view.getUint16(p + (header === 46 ? 28 : 26), true);
    const named = out.subarray(p + header, p + header + length);
    if (length !== wanted.length || !named.every((b, i) => b === wanted[i])) continue;
    view.setUint32(p + (header === 46 ? 24 : 22), size, true);
  }
  return out;
}

describe('ZIP bombs and oversized entries', () => {
  it('refuses an entry whose directory claims far more than its compressed bytes, before inflating', async () => {
    const json = strToU8(envelope(''));
    const zip = claimSize(zipSync({ [ARCHIVE_ENTRY]: json }), ARCHIVE_ENTRY, 1_000 * MiB);
    const error = await refusal(new Blob([zip as Uint8Array<ArrayBuffer>]));
    expect(error.code).toBe('zip-bomb');
    expect(error.detail).toContain(ARCHIVE_ENTRY);
  });

  it('stops inflating an entry the moment it passes the size it declared', async () => {
    // 64 MiB of spaces deflate to some 64 KB; the directory says 2 MiB (a believable 30:1).
    const spaces = new Uint8Array(64 * MiB).fill(0x20);
    const json = strToU8(envelope(''));
    const bomb = new Uint8Array(json.length + spaces.length);
    bomb.set(json.subarray(0, -1));
    bomb.set(spaces, json.length - 1);
    bomb[bomb.length - 1] = 0x7d;
    const zip = claimSize(zipSync({ [ARCHIVE_ENTRY]: bomb }), ARCHIVE_ENTRY, 2 * MiB);
    const error = await refusal(new Blob([zip as Uint8Array<ArrayBuffer>]));
    expect(error.code).toBe('zip-bomb');
    expect(error.detail).toContain('octets annoncés');
  });

  it('refuses a document entry larger than any saved file, without reading it', async () => {
    const big = new Uint8Array(LIMITS.fileBytes.value + 1);
    const name = `${FILES_DIR}${await sha256Hex(big)}.pdf`;
    const zip = zipSync({ [ARCHIVE_ENTRY]: strToU8(await archiveJson()), [name]: [big, { level: 0 }] });
    const error = await refusal(new Blob([zip as Uint8Array<ArrayBuffer>]));
    expect(error.code).toBe('too-large');
    expect(error.detail).toContain('20 Mo');
  });

  it('refuses more entries than the limit from the directory’s count alone', async () => {
    const zip = zipSync({ [ARCHIVE_ENTRY]: strToU8(envelope('')) });
    const view = new DataView(zip.buffer);
    const eocd = zip.length - 22;
    view.setUint16(eocd + 8, LIMITS.zipEntries.value + 1, true);
    view.setUint16(eocd + 10, LIMITS.zipEntries.value + 1, true);
    const error = await refusal(new Blob([zip as Uint8Array<ArrayBuffer>]));
    expect(error.code).toBe('too-large');
    expect(error.detail).toContain(`${LIMITS.zipEntries.value + 1} fichiers`);
  });

  it('refuses a file list (files.json) past its limit', async () => {
    const zip = claimSize(
      zipSync({ [ARCHIVE_ENTRY]: strToU8(envelope('')), [FILES_MANIFEST]: [strToU8('[]'), { level: 0 }] }),
      FILES_MANIFEST,
      LIMITS.manifestBytes.value + 1,
    );
    // Stored entries must say the same size twice: a lie there is damage, found before reading.
    expect((await refusal(new Blob([zip as Uint8Array<ArrayBuffer>]))).code).toBe('corrupt-file');
  });

  it('refuses a file larger than any archive before opening it', async () => {
    const huge = { size: LIMITS.archiveBytes.value + 1, slice: () => new Blob() } as unknown as Blob;
    const error = await refusal(huge);
    expect(error.code).toBe('too-large');
    expect(error.detail).toContain('4 Go');
  });
});

describe('unsafe entry names', () => {
  it.each([
    '../archive.json',
    'files/../../etc/passwd',
    '/etc/passwd',
    'C:/Windows/system32/x.dll',
    'c:x',
    'files\\..\\x.pdf',
    'files/x\0.pdf',
  ])('refuses %j', async (name) => {
    expect(isUnsafeEntryName(name)).toBe(true);
    const error = await refusal(zipBlob({ [ARCHIVE_ENTRY]: strToU8(envelope('')), [name]: strToU8('x') }));
    expect(error.code).toBe('unsafe-name');
  });

  it('accepts the names an export writes', () => {
    for (const name of ['archive.json', 'files/ab.pdf', 'csv/lab-result.csv', 'LISEZ-MOI.txt', 'a..b.txt']) {
      expect(isUnsafeEntryName(name)).toBe(false);
    }
  });

  it('refuses two entries of one name', async () => {
    // fflate writes each name once: a second entry of a name the same length is renamed in place.
    const two = zipSync({ [ARCHIVE_ENTRY]: strToU8(envelope('')), 'archive.jsoX': strToU8('{}') });
    const bytes = two.slice();
    const from = strToU8('archive.jsoX');
    for (let p = 0; p + from.length <= bytes.length; p++) {
      if (from.every((b, i) => bytes[p + i] === b)) bytes.set(strToU8(ARCHIVE_ENTRY), p);
    }
    const error = await refusal(new Blob([bytes as Uint8Array<ArrayBuffer>]));
    expect(error.code).toBe('corrupt-file');
    expect(error.detail).toContain('deux fois');
  });
});

describe('JSON past any record', () => {
  it('refuses nesting deeper than the limit while reading', async () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const error = await refusal(new Blob([envelope(`{"kind":"table-row","cells":${deep}}`)]));
    expect(error.code).toBe('too-deep');
  });

  it('refuses a string longer than the limit while reading', async () => {
    const long = 'a'.repeat(LIMITS.jsonStringChars.value + 10);
    const error = await refusal(new Blob([envelope(`{"kind":"document","title":"${long}"}`)]));
    expect(error.code).toBe('too-large');
    expect(error.detail).toContain(`texte de plus de ${describeLimit('jsonStringChars')} caractères`);
  });

  it('refuses one element longer than the limit, even of short strings', async () => {
    const fields = Array.from({ length: 1_000_000 }, (_, i) => `"k${i}":1`).join(',');
    const error = await refusal(new Blob([envelope(`{${fields}}`)]));
    expect(error.code).toBe('too-large');
    expect(error.detail).toContain('élément de plus de');
  });

  it('still reads a real archive, whose records are far inside every bound', async () => {
    const other = openDb(`bounds-other-${crypto.randomUUID()}`);
    try {
      const plan = await planImport(other, new Blob([await archiveJson()]));
      expect(plan.staged.records).toBe(await db.records.count());
    } finally {
      await deleteDb(other);
    }
  });
});

describe('encrypted headers', () => {
  async function sealedHeader(): Promise<Uint8Array> {
    const sealed = await encryptBlob(new Blob([envelope('')]), 'phrase de passe');
    return new Uint8Array(await sealed.arrayBuffer());
  }

  it.each([
    ['too few iterations', (h: DataView) => h.setUint32(10, 1_000), 'itérations'],
    ['too many iterations', (h: DataView) => h.setUint32(10, 4_000_000_000), 'itérations'],
    ['a salt of zeros', (h: DataView) => new Uint8Array(h.buffer).fill(0, 14, 30), 'sel'],
    ['an unknown key derivation', (h: DataView) => h.setUint8(9, 7), 'dérivation'],
    ['an absurd segment size', (h: DataView) => h.setUint32(37, 1), 'segments'],
  ])('refuses %s before deriving any key', async (_, tamper, detail) => {
    const bytes = await sealedHeader();
    tamper(new DataView(bytes.buffer));
    const derive = vi.spyOn(crypto.subtle, 'deriveKey');
    try {
      const error = await refusal(new Blob([bytes as Uint8Array<ArrayBuffer>]), 'phrase de passe');
      expect(error.code).toBe('unknown-format');
      expect(error.detail).toContain(detail);
      expect(derive).not.toHaveBeenCalled();
    } finally {
      derive.mockRestore();
    }
  });

  it('tells a wrong passphrase from a tampered ciphertext', async () => {
    const bytes = await sealedHeader();
    const before = await hashDatabase(db);
    await expect(
      planImport(db, new Blob([bytes as Uint8Array<ArrayBuffer>]), { passphrase: 'autre phrase' }),
    ).rejects.toMatchObject({
      code: 'wrong-passphrase',
    });
    const tampered = bytes.slice();
    tampered[tampered.length - 20]! ^= 0x01;
    await expect(
      planImport(db, new Blob([tampered as Uint8Array<ArrayBuffer>]), { passphrase: 'phrase de passe' }),
    ).rejects.toMatchObject({
      code: 'truncated',
    });
    expect(await hashDatabase(db)).toEqual(before);
  }, 20_000);
});

describe('file types in an archive', () => {
  it('takes a file’s type from its bytes, not from the manifest', async () => {
    const html = strToU8('<!doctype html><script>alert(1)</script>');
    const sha = await sha256Hex(html);
    const name = `${FILES_DIR}${sha}.pdf`;
    const manifest = [
      {
        name,
        sha256: sha,
        size: html.length,
        mimeType: 'application/pdf',
        url: null,
        savedAt: '2026-01-01T00:00:00.000Z',
      },
    ];
    const zip = zipSync({
      [ARCHIVE_ENTRY]: strToU8(envelope('')),
      [name]: html,
      [FILES_MANIFEST]: strToU8(JSON.stringify(manifest)),
    });
    const other = openDb(`bounds-types-${crypto.randomUUID()}`);
    try {
      const plan = await planImport(other, new Blob([zip as Uint8Array<ArrayBuffer>]));
      expect(plan.fileRows.map((f) => f.mimeType)).toEqual(['text/html']);
    } finally {
      await deleteDb(other);
    }
  });
});
