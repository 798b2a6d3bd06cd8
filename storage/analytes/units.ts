/**
 * Units grouped by what they measure. A LOINC code names a property (a mass concentration, a
 * substance concentration, a count…), not a scale: g/L and g/dL share a code, g/L and mmol/L
 * never do. Units are compared strictly within these groups.
 */

export const UNIT_GROUPS = {
  /** Cells per volume, at any scale. */
  count: ['10^9/l', '10^12/l', '10^3/ul', '10^6/ul', '/mm3', '/ul', '/l', 'giga/l', 'tera/l'],
  mass: [
    'g/l',
    'g/dl',
    'mg/l',
    'mg/dl',
    'ug/l',
    'ug/dl',
    'ug/ml',
    'ng/ml',
    'ng/l',
    'ng/dl',
    'pg/ml',
    'mg/ml',
  ],
  substance: ['mol/l', 'mmol/l', 'umol/l', 'nmol/l', 'pmol/l', 'meq/l'],
  enzyme: ['u/l', 'ui/l', 'iu/l', 'ukat/l'],
  /** International units per volume for hormones and antibodies (TSH, anti-HBs). */
  units: ['mui/l', 'miu/l', 'uui/ml', 'uiu/ml', 'mu/l', 'ui/l', 'iu/l', 'mui/ml', 'miu/ml', 'ui/ml', 'iu/ml'],
  percent: ['%'],
  fl: ['fl', 'um3'],
  pg: ['pg'],
  egfr: ['ml/min/1.73m2', 'ml/min'],
  seconds: ['s', 'sec'],
  mmh: ['mm/h', 'mm'],
  mmolmol: ['mmol/mol'],
  /** Presence tests and ratios: the page shows no unit. */
  none: [''],
} as const;

export type UnitGroup = keyof typeof UNIT_GROUPS;

/** Powers of ten as labs write them: 10^9/L, 10*9/L, 10E9/L, x10^9/L, 10⁹/L. */
const POWER = /^x?10(?:\^|\*|e)?([0-9]+)/;
const SUPERSCRIPTS: Record<string, string> = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁶': '6', '⁹': '9' };

/** One spelling per unit: "µmol/L", "μmol/l" and "umol/L" are the same. */
export function canonicalUnit(unit: string | null): string {
  if (unit === null) return '';
  let u = unit.trim().replace(/\s+/g, '');
  // G/L and T/L are counts (giga, tera), g/L a mass: only here does case matter.
  if (/^(G|Giga)\/L$/i.test(u) && u[0] === 'G') return '10^9/l';
  if (/^(T|Tera)\/L$/i.test(u) && u[0] === 'T') return '10^12/l';
  u = u
    .replace(/[µμ]/g, 'u')
    .replace(/[⁰¹²³⁶⁹]/g, (c) => SUPERSCRIPTS[c] ?? c)
    .replace(/,/g, '.')
    .toLowerCase();
  u = u.replace(POWER, (_, power: string) => `10^${power}`);
  if (u === 'k/ul') return '10^3/ul';
  if (u === 'm/ul' || u === 'millions/mm3') return '10^6/ul';
  return u;
}

/** Whether the unit belongs to one of the groups (a unit such as UI/L sits in more than one). */
export function unitIn(unit: string | null, groups: readonly UnitGroup[]): boolean {
  const canonical = canonicalUnit(unit);
  return groups.some((group) => (UNIT_GROUPS[group] as readonly string[]).includes(canonical));
}
