import { describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { ParseError } from '../helpers/parse-error';
import { child } from '../helpers/xml';
import {
  cdaDate,
  codeOf,
  flagOf,
  frenchNumber,
  nameOf,
  personName,
  readRange,
  readValue,
  shownUnit,
} from './values';

const HEAD = '<x xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

function element(xml: string, prefix = 'xsi'): Element {
  const doc = new new Window().DOMParser().parseFromString(
    `${HEAD.replace('xmlns:xsi', `xmlns:${prefix}`)}>${xml}</x>`,
    'application/xml',
  ) as unknown as Document;
  return doc.documentElement.firstElementChild!;
}

describe('cdaDate', () => {
  it.each([
    ['20240305', '2024-03-05'],
    ['202403', '2024-03-01'],
    ['2024', '2024-01-01'],
    ['20240305081500+0100', '2024-03-05T08:15'],
    ['202403050815', '2024-03-05T08:15'],
    ['20240305081500.123-0500', '2024-03-05T08:15'],
    ['2024030508', '2024-03-05T08:00'],
  ])('%s → %s', (value, date) => expect(cdaDate(value)).toBe(date));

  it('is null for none, and refuses what is no date', () => {
    expect(cdaDate(null)).toBeNull();
    expect(() => cdaDate('20240231')).toThrow(ParseError);
    expect(() => cdaDate('2024-03-05')).toThrow(ParseError);
    expect(() => cdaDate('202403052615')).toThrow(ParseError);
  });
});

describe('readValue', () => {
  it('reads each type', () => {
    expect(readValue(element('<value xsi:type="PQ" value="5.25" unit="mmol/L"/>'))).toEqual({
      value: 5.25,
      valueText: '5,25',
      comparator: null,
      unit: 'mmol/L',
    });
    expect(readValue(element('<value xsi:type="INT" value="7"/>'))?.value).toBe(7);
    expect(readValue(element('<value xsi:type="REAL" value="1.5e1"/>'))).toMatchObject({
      value: 15,
      valueText: '15',
    });
    expect(
      readValue(element('<value xsi:type="IVL_PQ"><low value="200" unit="U/L"/></value>')),
    ).toMatchObject({
      value: 200,
      comparator: '>=',
      valueText: '>= 200',
    });
    expect(
      readValue(
        element('<value xsi:type="IVL_PQ"><high value="0.5" unit="ng/mL" inclusive="false"/></value>'),
      ),
    ).toEqual({ value: 0.5, valueText: '< 0,5', comparator: '<', unit: 'ng/mL' });
    expect(
      readValue(element('<value xsi:type="IVL_PQ"><low value="2"/><high value="4"/></value>')),
    ).toMatchObject({
      value: null,
      valueText: '2 – 4',
    });
    expect(
      readValue(element('<value xsi:type="RTO"><numerator value="1"/><denominator value="320"/></value>'))
        ?.valueText,
    ).toBe('1:320');
    expect(readValue(element('<value xsi:type="BL" value="true"/>'))?.valueText).toBe('Positif');
    expect(readValue(element('<value xsi:type="CE" code="X" displayName="Présence"/>'))?.valueText).toBe(
      'Présence',
    );
    expect(readValue(element('<value xsi:type="ST">  trace\n de sang </value>'))?.valueText).toBe(
      'trace de sang',
    );
  });

  it('finds xsi:type whatever the prefix, and only in the right namespace', () => {
    expect(readValue(element('<value s:type="PQ" value="3" unit="g/L"/>', 's'))?.unit).toBe('g/L');
    const foreign = new new Window().DOMParser().parseFromString(
      '<x xmlns="urn:hl7-org:v3" xmlns:z="urn:other"><value z:type="PQ" value="3" unit="g/L"/></x>',
      'application/xml',
    ) as unknown as Document;
    // Without a type it is text: an attribute of another namespace does not make it a quantity.
    expect(readValue(foreign.documentElement.firstElementChild)).toBeNull();
  });

  it('has no value for a null flavor, and refuses a number that is none', () => {
    expect(readValue(element('<value xsi:type="PQ" nullFlavor="NAV"/>'))).toBeNull();
    expect(() => readValue(element('<value xsi:type="PQ" value="1,2" unit="g"/>'))).toThrow(ParseError);
  });
});

describe('ranges, flags, codes and names', () => {
  it('reads a range by its bounds, or its text as written', () => {
    const obs = element(
      '<observation><referenceRange><observationRange><value xsi:type="IVL_PQ"><low value="3.5" unit="10*12/L"/><high value="5"/></value></observationRange></referenceRange></observation>',
    );
    expect(readRange(obs)).toEqual({ low: 3.5, high: 5, text: '3,5 – 5 T/L' });
    const written = element(
      '<observation><referenceRange><observationRange><text>inférieur à 1</text></observationRange></referenceRange></observation>',
    );
    expect(readRange(written)).toEqual({ low: null, high: null, text: 'inférieur à 1' });
    expect(readRange(element('<observation/>'))).toEqual({ low: null, high: null, text: null });
  });

  it.each([
    ['H', 'H'],
    ['HH', 'H'],
    ['L', 'L'],
    ['LL', 'L'],
    ['A', 'A'],
    ['R', 'A'],
    ['POS', 'A'],
    ['N', null],
    ['S', null],
    ['NEG', null],
  ])('interpretation %s → %s', (code, flag) => {
    expect(flagOf(element(`<observation><interpretationCode code="${code}"/></observation>`))).toBe(flag);
  });

  it('names code systems', () => {
    expect(codeOf(element('<code code="2345-7" codeSystem="2.16.840.1.113883.6.1"/>'))).toBe('LOINC|2345-7');
    expect(codeOf(element('<code code="K" codeSystem="1.2.3" codeSystemName="LABO"/>'))).toBe('LABO|K');
    expect(codeOf(element('<code code="K" codeSystem="1.2.3"/>'))).toBe('1.2.3|K');
    expect(codeOf(element('<code nullFlavor="UNK"/>'))).toBeNull();
    expect(nameOf(element('<code code="1"><originalText>Urée</originalText></code>'))).toBe('Urée');
    expect(nameOf(element('<code code="1"><translation code="2" displayName="Urea"/></code>'))).toBe('Urea');
  });

  it('names people as they are called', () => {
    const name = (xml: string) => personName(child(element(`<p>${xml}</p>`), 'name'));
    expect(
      name(
        '<name><given>Anne</given><given qualifier="CL">Lise</given><family qualifier="BR">ROY</family><family qualifier="SP">DURAND</family></name>',
      ),
    ).toBe('Lise DURAND');
    expect(
      name('<name><prefix>Dr</prefix><given>Paul</given><given>Marc</given><family>ROY</family></name>'),
    ).toBe('Dr Paul ROY');
    expect(name('<name><family qualifier="BR">ROY</family></name>')).toBe('ROY');
    expect(name('<name>Centre de santé</name>')).toBe('Centre de santé');
  });

  it('shows UCUM units as reports print them', () => {
    expect(shownUnit('10*9/L')).toBe('G/L');
    expect(shownUnit('10*3/uL')).toBe('10^3/µL');
    expect(shownUnit('umol/L')).toBe('µmol/L');
    expect(shownUnit('m[iU]/L')).toBe('mUI/L');
    expect(shownUnit('[iU]/L')).toBe('UI/L');
    expect(shownUnit('mm[Hg]')).toBe('mmHg');
    expect(shownUnit('{CFU}/mL')).toBe('UFC/mL');
    expect(shownUnit('1')).toBeNull();
    expect(shownUnit('[pH]')).toBeNull();
    expect(frenchNumber('+0.5')).toBe('0,5');
  });
});
