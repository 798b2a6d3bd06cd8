/**
 * Gives a lab result its LOINC code, so that one analyte can be followed across labs that name
 * it differently ("Glycémie à jeun", "Glucose", "GLYCEMIE"). Names match loosely (accents, case,
 * punctuation, a parenthesised synonym, words such as "sérique"), units strictly (by what they
 * measure: g/L and mmol/L are different codes). An analyte it does not know stays `null`.
 */
import { ANALYTES, type AnalyteEntry } from './table';
import { unitIn } from './units';

/** Words that say where or how, not what: "Glycémie à jeun sérique" is a glycémie. */
const NOISE = /\b(a jeun|serique|plasmatique|sanguin|sanguine|dans le sang|serum|plasma|blood|level)\b/g;

export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9+]+/g, ' ')
    .trim();
}

/** The ways a name may be written on a report: whole, without its parentheses, each part alone. */
function candidates(analyte: string): string[] {
  const whole = foldName(analyte);
  const outside = foldName(analyte.replace(/\([^)]*\)/g, ' '));
  const inside = [...analyte.matchAll(/\(([^)]*)\)/g)].map((m) => foldName(m[1] ?? ''));
  const all = [
    whole,
    outside,
    ...inside,
    ...[whole, outside].map((n) => n.replace(NOISE, ' ').replace(/\s+/g, ' ').trim()),
  ];
  return [...new Set(all)].filter((n) => n !== '');
}

const byName = new Map<string, AnalyteEntry[]>();
for (const entry of ANALYTES) {
  for (const name of entry.names) {
    const key = foldName(name);
    byName.set(key, [...(byName.get(key) ?? []), entry]);
  }
}

const URINE = /\burin/;

export interface LabResultFacts {
  analyte: string;
  unit: string | null;
  panel: string | null;
  /** The code the report gives (`LOINC|2345-7` from a CDA document): a LOINC code is taken as is. */
  code?: string | null;
}

const GIVEN_LOINC = /^LOINC\|(\d{1,7}-\d)$/;

/**
 * The codes already given, by analyte, unit and panel: a report repeats a few dozen analytes over
 * its lines, and folding each name again cost a 2 000-line save ~15 ms. Emptied when full.
 */
const assigned = new Map<string, string | null>();
const MAX_ASSIGNED = 4_096;

export function assignLoinc(facts: LabResultFacts): string | null {
  const given = facts.code ? GIVEN_LOINC.exec(facts.code) : null;
  if (given) return given[1]!;
  const key = JSON.stringify([facts.analyte, facts.unit, facts.panel]);
  const known = assigned.get(key);
  if (known !== undefined) return known;
  const loinc = lookUp(facts);
  if (assigned.size >= MAX_ASSIGNED) assigned.clear();
  assigned.set(key, loinc);
  return loinc;
}

function lookUp({ analyte, unit, panel }: LabResultFacts): string | null {
  const urine = URINE.test(foldName(`${analyte} ${panel ?? ''}`));
  for (const name of candidates(analyte)) {
    const entry = byName.get(name)?.find((e) => (e.specimen === 'urine') === urine && unitIn(unit, e.units));
    if (entry) return entry.loinc;
  }
  return null;
}
