import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from './base64';

describe('base64', () => {
  it('carries bytes through base64 unchanged', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    expect(fromBase64(toBase64(all))).toEqual(all);
    const large = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
    expect(fromBase64(toBase64(large))).toEqual(large);
  });

  it('refuses text that is not base64', () => {
    expect(() => fromBase64('pas du base64 !')).toThrow();
  });
});
