import { describe, expect, it } from 'vitest';
import { decryptBlob, encryptBlob, isEncrypted, MIN_ITERATIONS } from './crypto';
import { ArchiveError } from './envelope';

const text = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'none';
  } catch (error) {
    return error instanceof ArchiveError ? error.code : String(error);
  }
}

async function bytesOf(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

describe('passphrase encryption', () => {
  it('round-trips, in several segments, with a self-describing header', async () => {
    const plain = new Blob([text(5000)]);
    const sealed = await encryptBlob(plain, 'correct horse', { segmentSize: 1024 });
    const bytes = await bytesOf(sealed);
    expect(isEncrypted(bytes)).toBe(true);
    expect(new TextDecoder().decode(bytes.slice(0, 8))).toBe('MDMS-ENC');
    expect(bytes[8]).toBe(1);
    expect(new DataView(bytes.buffer).getUint32(10)).toBe(MIN_ITERATIONS);
    expect(MIN_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    // Five segments of 1 024 bytes (the last shorter), each with its 16-byte tag, after 57 bytes.
    expect(sealed.size).toBe(57 + 5000 + 5 * 16);
    expect(new TextDecoder().decode(bytes).includes('abcdefghij')).toBe(false);
    expect(await (await decryptBlob(sealed, 'correct horse')).text()).toBe(text(5000));
  });

  it('round-trips an empty file and a unicode passphrase typed either way', async () => {
    const sealed = await encryptBlob(new Blob([]), 'café');
    expect((await decryptBlob(sealed, 'cafe\u0301')).size).toBe(0);
  });

  it('says a wrong passphrase is wrong, never returns garbage', async () => {
    const sealed = await encryptBlob(new Blob(['secret']), 'bonne phrase');
    expect(await codeOf(decryptBlob(sealed, 'mauvaise phrase'))).toBe('wrong-passphrase');
  });

  it('says a cut-off or altered file is so', async () => {
    const sealed = await encryptBlob(new Blob([text(3000)]), 'pass', { segmentSize: 1024 });
    const bytes = await bytesOf(sealed);
    // Cut inside a segment, at a segment boundary, and right after the header.
    for (const end of [sealed.size - 10, 57 + 1040, 57 + 2 * 1040, 57]) {
      expect(await codeOf(decryptBlob(sealed.slice(0, end), 'pass'))).toBe('truncated');
    }
    expect(await codeOf(decryptBlob(sealed.slice(0, 30), 'pass'))).toBe('truncated');
    const flipped = bytes.slice();
    flipped[57 + 100] = flipped[57 + 100]! ^ 1;
    expect(await codeOf(decryptBlob(new Blob([flipped]), 'pass'))).toBe('corrupt-file');
    // The header is authenticated: changing it reads as a wrong passphrase (the key check fails).
    const header = bytes.slice();
    header[20] = header[20]! ^ 1;
    expect(await codeOf(decryptBlob(new Blob([header]), 'pass'))).toBe('wrong-passphrase');
  });

  it('refuses weak or unknown parameters', async () => {
    await expect(encryptBlob(new Blob(['x']), 'p', { iterations: 1000 })).rejects.toThrow('600000');
    await expect(encryptBlob(new Blob(['x']), '')).rejects.toThrow('vide');
    const bytes = await bytesOf(await encryptBlob(new Blob(['x']), 'p'));
    const weak = bytes.slice();
    new DataView(weak.buffer).setUint32(10, 1000);
    expect(await codeOf(decryptBlob(new Blob([weak]), 'p'))).toBe('unknown-format');
    const newer = bytes.slice();
    newer[8] = 2;
    expect(await codeOf(decryptBlob(new Blob([newer]), 'p'))).toBe('newer-version');
  });
});
