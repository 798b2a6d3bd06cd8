import { describe, expect, it } from 'vitest';
import { cleanText, foldText, nullIfBlank, textOf, textWithout, valueOf } from './text';

function element(html: string): Element {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
}

describe('cleanText', () => {
  it.each([
    ['  Dr  FAURE\n\tOlivier ', 'Dr FAURE Olivier'],
    ['1\u00a0234,56\u202f€', '1 234,56 €'],
    ['\u2009a\u00a0\u00a0b\u2009', 'a b'],
    ['', ''],
    ['   ', ''],
    ['Éléonore', 'Éléonore'],
    ['déjà propre', 'déjà propre'],
    ['a  b', 'a b'],
    ['a\tb', 'a b'],
    ['a\u00a0b', 'a b'],
    [' a b ', 'a b'],
  ])('%j → %j', (input, output) => {
    expect(cleanText(input)).toBe(output);
  });
});

describe('nullIfBlank', () => {
  it.each([
    [null, null],
    [undefined, null],
    ['', null],
    ['   ', null],
    ['\u00a0', null],
    ['-', null],
    [' – ', null],
    ['—', null],
    ['Non renseigné', null],
    ['non renseigné', null],
    ['NON RENSEIGNÉ', null],
    ['Non renseignée', null],
    ['0', '0'],
    ['-2,00 €', '-2,00 €'],
    ['  Camille   MARTIN ', 'Camille MARTIN'],
    ['Non', 'Non'],
  ])('%j → %j', (input, output) => {
    expect(nullIfBlank(input)).toBe(output);
  });
});

describe('textOf', () => {
  it('collapses the text of nested elements', () => {
    expect(textOf(element('<span> C  GENERALISTE </span>\n<b>Dr</b> X'))).toBe('C GENERALISTE Dr X');
  });

  it('is null for a missing or empty element', () => {
    expect(textOf(null)).toBeNull();
    expect(textOf(undefined)).toBeNull();
    expect(textOf(element(''))).toBeNull();
    expect(textOf(element(' <span> </span> '))).toBeNull();
  });

  it('keeps a dash: only valueOf reads it as no value', () => {
    expect(textOf(element('-'))).toBe('-');
    expect(valueOf(element('-'))).toBeNull();
    expect(valueOf(element(' Non renseigné '))).toBeNull();
    expect(valueOf(element('26,50 €'))).toBe('26,50 €');
    expect(valueOf(null)).toBeNull();
  });

  it('reads escaped markup as the literal text it is', () => {
    const el = element('&lt;img src=x onerror=alert(1)&gt; ACTE');
    expect(textOf(el)).toBe('<img src=x onerror=alert(1)> ACTE');
    expect(el.querySelector('img')).toBeNull();
  });
});

describe('foldText', () => {
  it.each([
    ['Montant versé', 'montant verse'],
    ['  BASE  de Remboursement ', 'base de remboursement'],
    ['Février', 'fevrier'],
    ['AOÛT', 'aout'],
    ['MARS 2024', 'mars 2024'],
    ['Cafe\u0301', 'cafe'],
  ])('%j → %j', (input, output) => {
    expect(foldText(input)).toBe(output);
  });
});

describe('textWithout', () => {
  it('drops the matching descendants, and leaves the page untouched', () => {
    const el = element('<span class="valeur">4,6</span><span class="fleche bas">↓</span>');
    expect(textWithout(el, '.fleche')).toBe('4,6');
    expect(textOf(el)).toBe('4,6↓');
  });

  it('is null when nothing else is left, or for no element', () => {
    expect(textWithout(element('<span class="etoile">*</span>'), '.etoile')).toBeNull();
    expect(textWithout(null, '.x')).toBeNull();
  });

  it('keeps escaped markup as text', () => {
    expect(textWithout(element('&lt;b&gt;x&lt;/b&gt; <i class="x">y</i>'), '.x')).toBe('<b>x</b>');
  });
});
