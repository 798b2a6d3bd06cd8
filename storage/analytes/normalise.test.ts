import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assignLoinc, foldName } from './normalise';
import { ANALYTES } from './table';
import { canonicalUnit, UNIT_GROUPS } from './units';

const lab = (analyte: string, unit: string | null, panel: string | null = null) =>
  assignLoinc({ analyte, unit, panel });

describe('analyte normaliser', () => {
  it('takes the LOINC code a document gives, whatever the name, and nothing else as one', () => {
    expect(
      assignLoinc({ analyte: 'Nom local inconnu', unit: 'g/L', panel: null, code: 'LOINC|1234-5' }),
    ).toBe('1234-5');
    // A local code is no LOINC code: the name and unit decide, as for a page.
    expect(assignLoinc({ analyte: 'Glycémie', unit: 'g/L', panel: null, code: 'TILLEULS|GLY' })).toBe(
      '2345-7',
    );
    expect(assignLoinc({ analyte: 'Glycémie', unit: 'g/L', panel: null, code: 'LOINC|abc' })).toBe('2345-7');
  });

  it('follows one analyte across the names labs give it', () => {
    for (const name of [
      'Glycémie à jeun',
      'GLYCEMIE',
      'Glucose',
      'glycémie',
      'Glucose, fasting',
      'Glycémie à jeun (sérique)',
    ]) {
      expect(lab(name, 'g/L'), name).toBe('2345-7');
    }
    expect(lab('Glucose', 'mg/dL')).toBe('2345-7');
  });

  it('matches the unit strictly: a mass and a substance concentration are different codes', () => {
    expect(lab('Glycémie à jeun', 'mmol/L')).toBe('14749-6');
    expect(lab('Glycémie à jeun', 'g/L')).toBe('2345-7');
    expect(lab('Créatinine', 'µmol/L')).toBe('14682-9');
    expect(lab('Créatinine', 'μmol/l')).toBe('14682-9');
    expect(lab('Creatinine', 'mg/dL')).toBe('2160-0');
    expect(lab('Glycémie', 'UI/L')).toBeNull();
    expect(lab('Glycémie', null)).toBeNull();
  });

  it('answers the same when asked again, in any order and after many other names', () => {
    const asked = () => [
      lab('Glycémie à jeun', 'mmol/L'),
      lab('Glycémie à jeun', 'g/L'),
      lab('Glycémie à jeun', null),
      lab('Glucose', null, 'URINES'),
      lab('Glucose', null, 'BIOCHIMIE'),
    ];
    const first = asked();
    expect(first).toEqual(['14749-6', '2345-7', null, '25428-4', null]);
    for (let i = 0; i < 5_000; i++) lab(`Analyse ${i}`, 'g/L');
    expect(asked()).toEqual(first);
    expect(asked()).toEqual(first);
  });

  it('tells giga per litre (a count) from grams per litre (a mass)', () => {
    expect(lab('Plaquettes', 'G/L')).toBe('777-3');
    expect(lab('Plaquettes', 'g/L')).toBeNull();
    expect(lab('Platelets', 'K/uL')).toBe('777-3');
    expect(lab('Leucocytes', '/mm³')).toBe('6690-2');
    expect(lab('WBC', 'x10E3/uL')).toBe('6690-2');
    expect(lab('RBC', 'M/uL')).toBe('789-8');
    expect(lab('Hématies', 'T/L')).toBe('789-8');
  });

  it('reads a parenthesised synonym and abbreviations', () => {
    expect(lab('ASAT (TGO)', 'UI/L')).toBe('1920-8');
    expect(lab('ALAT (TGP)', 'UI/L')).toBe('1742-6');
    expect(lab('AST', 'U/L')).toBe('1920-8');
    expect(lab('V.G.M.', 'fL')).toBe('787-2');
    expect(lab('Vitamine D (25-OH)', 'ng/mL')).toBe('1989-3');
    expect(lab('DFG estimé (CKD-EPI)', 'mL/min/1,73m²')).toBe('62238-1');
    expect(lab('eGFR', 'mL/min/1.73m2')).toBe('62238-1');
    expect(lab('HbA1c', '%')).toBe('4548-4');
    expect(lab('HbA1c', 'mmol/mol')).toBe('59261-8');
  });

  it('keeps urine tests apart from blood tests', () => {
    expect(lab('Glucose urinaire', null, 'URINES')).toBe('25428-4');
    expect(lab('Glucose', null, 'Examen des urines')).toBe('25428-4');
    expect(lab('Glucose', 'g/L', 'BIOCHIMIE')).toBe('2345-7');
    expect(lab('Nitrites', null, 'URINES')).toBe('5802-4');
    expect(lab('Nitrites', null, 'BIOCHIMIE')).toBeNull();
  });

  it('leaves an analyte it does not know without a code', () => {
    expect(lab('Sérologie toxoplasmose IgG', 'UI/mL')).toBeNull();
    expect(lab('Dosage inconnu', 'g/L')).toBeNull();
  });

  it('codes every common analyte of the labo and mychart portals', () => {
    const portals = join(import.meta.dirname, '../../demo/portals');
    const results = ['labo', 'mychart'].flatMap((portal) =>
      readdirSync(join(portals, portal))
        .filter((file) => file.endsWith('.expected.json'))
        .flatMap((file) => JSON.parse(readFileSync(join(portals, portal, file), 'utf8')).records ?? [])
        .filter((record: { kind: string }) => record.kind === 'lab-result'),
    ) as { analyte: string; unit: string | null; panel: string | null }[];
    expect(results.length).toBeGreaterThan(40);
    // Toxoplasmosis serology is the one result of these portals the table does not hold.
    const uncoded = results.filter((r) => assignLoinc(r) === null).map((r) => r.analyte);
    expect([...new Set(uncoded)]).toEqual(['Sérologie toxoplasmose IgG']);
  });
});

describe('analyte table', () => {
  it('holds at least 60 distinct names, each a well-formed LOINC code', () => {
    const names = new Set(ANALYTES.flatMap((entry) => entry.names.map(foldName)));
    expect(names.size).toBeGreaterThanOrEqual(60);
    for (const entry of ANALYTES) expect(entry.loinc, entry.display).toMatch(/^\d{1,7}-\d$/);
  });

  it('gives each code its LOINC check digit', () => {
    // LOINC codes end in a mod-10 check digit: a typo in the table shows up here.
    const checkDigit = (digits: string) => {
      let sum = 0;
      [...digits].reverse().forEach((d, i) => {
        let n = Number(d) * (i % 2 === 0 ? 2 : 1);
        if (n > 9) n -= 9;
        sum += n;
      });
      return (10 - (sum % 10)) % 10;
    };
    for (const { loinc, display } of ANALYTES) {
      const [digits = '', check = ''] = loinc.split('-');
      expect(checkDigit(digits), `${loinc} ${display}`).toBe(Number(check));
    }
  });

  it('never gives one name and unit two codes', () => {
    for (const group of Object.keys(UNIT_GROUPS) as (keyof typeof UNIT_GROUPS)[]) {
      for (const urine of [false, true]) {
        const seen = new Map<string, string>();
        for (const entry of ANALYTES.filter(
          (e) => e.units.includes(group) && (e.specimen === 'urine') === urine,
        )) {
          for (const name of entry.names.map(foldName)) {
            expect(seen.get(name) ?? entry.loinc, `${name} in ${group}`).toBe(entry.loinc);
            seen.set(name, entry.loinc);
          }
        }
      }
    }
  });

  it('spells units one way', () => {
    expect(canonicalUnit(' µmol / L ')).toBe('umol/l');
    expect(canonicalUnit('10*9/L')).toBe('10^9/l');
    expect(canonicalUnit('x10E3/uL')).toBe('10^3/ul');
    expect(canonicalUnit('mL/min/1,73m²')).toBe('ml/min/1.73m2');
    expect(canonicalUnit(null)).toBe('');
  });
});
