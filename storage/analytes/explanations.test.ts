import { describe, expect, it } from 'vitest';
import { EXPLANATIONS, explanationOf } from './explanations';
import { ANALYTES } from './table';

describe('the explanations of the tests', () => {
  it('explain every test the table knows, once, and nothing it does not', () => {
    const explained = EXPLANATIONS.flatMap((entry) => entry.loinc);
    expect(new Set(explained).size).toBe(explained.length);
    const known = new Set(ANALYTES.map((entry) => entry.loinc));
    expect(explained.filter((code) => !known.has(code))).toEqual([]);
    expect([...known].filter((code) => !explained.includes(code))).toEqual([]);
  });

  it('say each in French and in English, in a few plain sentences', () => {
    for (const entry of EXPLANATIONS) {
      for (const { name, text } of [entry.fr, entry.en]) {
        expect(name.length, entry.loinc.join()).toBeGreaterThan(2);
        expect(text.length, name).toBeGreaterThan(40);
        expect(text.length, name).toBeLessThan(320);
        expect(text, name).toMatch(/\.$/);
      }
      expect(entry.fr.text).not.toBe(entry.en.text);
    }
  });

  it('are found by LOINC code in the interface’s language', () => {
    expect(explanationOf('1742-6', 'fr')?.name).toContain('ALAT');
    expect(explanationOf('1742-6', 'en-GB')?.name).toContain('ALT');
    expect(explanationOf('14682-9', 'fr')).toEqual(explanationOf('2160-0', 'fr'));
    expect(explanationOf(null, 'fr')).toBeNull();
    expect(explanationOf('0000-0', 'fr')).toBeNull();
  });
});
