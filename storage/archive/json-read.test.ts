import { describe, expect, it } from 'vitest';
import { ArchiveError } from './envelope';
import { ArchiveJsonScanner } from './json-read';

interface Scanned {
  members: Record<string, unknown>;
  records: unknown[];
  captures: unknown[];
}

function scan(pieces: string[]): Scanned {
  const out: Scanned = { members: {}, records: [], captures: [] };
  const scanner = new ArchiveJsonScanner({
    member: (key, value) => (out.members[key] = value),
    element: (list, value, index) => {
      expect(index).toBe(out[list].length);
      out[list].push(value);
    },
  });
  for (const piece of pieces) scanner.push(piece);
  scanner.end();
  return out;
}

function errorOf(pieces: string[]): string {
  try {
    scan(pieces);
  } catch (error) {
    if (error instanceof ArchiveError) return error.code;
    throw error;
  }
  return 'none';
}

/** Every way to cut the text in two, and one character at a time. */
function cuts(text: string): string[][] {
  const all = [[text], [...text]];
  for (let i = 1; i < text.length; i++) all.push([text.slice(0, i), text.slice(i)]);
  return all;
}

const tricky = {
  format: 'mes-donnees-sante/archive',
  version: 1,
  app: { name: 'x]}', version: '1.0.0' },
  records: [
    { id: 'a', text: 'crochets ] } { [ et "guillemets" \\ fin', n: -1.5e3, ok: true, none: null },
    'texte seul',
    42,
    [1, [2, { deep: '}' }]],
    null,
  ],
  captures: [],
};

describe('ArchiveJsonScanner', () => {
  it('reads members and list elements, whatever the layout and however the text is cut', () => {
    for (const text of [
      JSON.stringify(tricky),
      JSON.stringify(tricky, null, 2),
      `\uFEFF ${JSON.stringify(tricky)}\n`,
    ]) {
      for (const pieces of cuts(text)) {
        const out = scan(pieces);
        expect(out.members).toEqual({ format: tricky.format, version: 1, app: tricky.app });
        expect(out.records).toEqual(tricky.records);
        expect(out.captures).toEqual([]);
      }
    }
  });

  it('accepts members in any order and empty envelopes', () => {
    expect(scan(['{"captures":[{"id":"c"}],"records":[],"version":1}'])).toEqual({
      members: { version: 1 },
      records: [],
      captures: [{ id: 'c' }],
    });
    expect(scan(['{}'])).toEqual({ members: {}, records: [], captures: [] });
  });

  it('says a cut-off text is truncated', () => {
    const text = JSON.stringify(tricky);
    for (const end of [1, 10, text.indexOf('records') + 12, text.length - 1]) {
      expect(errorOf([text.slice(0, end)])).toBe('truncated');
    }
  });

  it('says what is not an archive', () => {
    expect(errorOf([''])).toBe('not-archive');
    expect(errorOf(['[1, 2]'])).toBe('not-archive');
    expect(errorOf(['<html></html>'])).toBe('not-archive');
    expect(errorOf(['{"a":1}{'])).toBe('not-archive');
    expect(errorOf(['{"a" 1}'])).toBe('not-archive');
    expect(errorOf(['{"records":[{"a":1} {"b":2}]}'])).toBe('not-archive');
    expect(errorOf(['{"records":[tru]}'])).toBe('not-archive');
    expect(errorOf(['{"records":{"a":1}}'])).toBe('unknown-format');
  });
});
