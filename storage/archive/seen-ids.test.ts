import { describe, expect, it } from 'vitest';
import { SeenIds } from './seen-ids';

/** A small deterministic generator, for ids the test can make again. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const hex = (next: () => number, digits: number) =>
  Array.from({ length: digits }, () => Math.floor(next() * 16).toString(16)).join('');

describe('the ids an import has read', () => {
  it('finds every repeated id, and only those, as a Map of the ids would', () => {
    const next = random(7);
    const kinds = ['lab-result', 'reimbursement', 'document'];
    const ids: string[] = [];
    for (let i = 0; i < 60_000; i++) {
      // One id in ten is one read before (its position is the reference's answer).
      ids.push(i > 0 && next() < 0.1 ? ids[Math.floor(next() * i)]! : `${kinds[i % 3]}:${hex(next, 32)}`);
    }
    const seen = new SeenIds();
    const reference = new Map<string, number>();
    ids.forEach((id, position) => {
      const expected = reference.get(id);
      if (expected === undefined) reference.set(id, position);
      expect(seen.add(id, position)).toBe(expected);
    });
    expect(seen.size).toBe(reference.size);
  });

  it('tells apart ids that share their kind and part of their hash, or their hash and not their kind', () => {
    const seen = new SeenIds();
    const head = 'deadbeef';
    const ids = [
      `lab-result:${head}${'0'.repeat(24)}`,
      `lab-result:${head}${'0'.repeat(23)}1`,
      `lab-result:${head}1${'0'.repeat(23)}`,
      `document:${head}${'0'.repeat(24)}`,
    ];
    ids.forEach((id, position) => expect(seen.add(id, position)).toBeUndefined());
    ids.forEach((id, position) => expect(seen.add(id, 100 + position)).toBe(position));
    expect(seen.size).toBe(4);
  });

  it('keeps an id of another form as it is', () => {
    const seen = new SeenIds();
    expect(seen.add('lab-result:ABC', 0)).toBeUndefined();
    expect(seen.add('lab-result:abc', 1)).toBeUndefined();
    expect(seen.add('lab-result:ABC', 2)).toBe(0);
    expect(seen.add(`LAB:${'a'.repeat(32)}`, 3)).toBeUndefined();
    expect(seen.add(`lab:${'a'.repeat(32)}`, 4)).toBeUndefined();
    expect(seen.add(`LAB:${'a'.repeat(32)}`, 5)).toBe(3);
    expect(seen.size).toBe(4);
  });
});
