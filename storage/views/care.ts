/**
 * The kind of care behind a reimbursement, from the words of its act and of who gave it, as the
 * portals write them (« C GENERALISTE », « PHARMACIE VIGNETTE BLEUE », « Optique – verres »,
 * « FORFAIT SÉJOUR HOSPITALIER »). The first rule that matches wins; the rest is « autre ».
 */
import { foldText } from './persons';

export const CARE_KINDS = [
  'consultation',
  'pharmacy',
  'optics',
  'dental',
  'hospital',
  'lab',
  'imaging',
  'paramedical',
  'vaccine',
  'other',
] as const;
export type CareKind = (typeof CARE_KINDS)[number];

const RULES: readonly [CareKind, RegExp][] = [
  ['hospital', /\b(hospital\w*|hopital|sejour|forfait journalier|clinique|chambre particuliere|urgences?)\b/],
  ['pharmacy', /\b(pharmac\w*|medicaments?|vignette|specialites? pharmaceutiques?)\b/],
  ['optics', /\b(optique|opticien|lunettes?|verres?|montures?|lentilles?)\b/],
  [
    'dental',
    /\b(dentaire|dentiste|chirurgien-dentiste|detartrage|couronnes?|orthodont\w*|prothese dentaire)\b/,
  ],
  ['lab', /\b(biologie|laboratoire|analyses? medicales?|prise de sang)\b/],
  ['imaging', /\b(radio\w*|echograph\w*|scanner|irm|mammograph\w*|imagerie)\b/],
  ['vaccine', /\bvaccin\w*\b/],
  [
    'paramedical',
    /\b(kine\w*|masseur|infirmi\w*|orthophon\w*|orthoptis\w*|podolog\w*|pedicur\w*|osteopath\w*|sage-femme|psycholog\w*)\b/,
  ],
  [
    'consultation',
    /\b(consultations?|visites?|generaliste|specialiste|teleconsultation|medecin|docteur|dr|c|cs|g|gs|apc)\b/,
  ],
];

export function careKind(act: string, provider: string | null = null): CareKind {
  const words = foldText(`${act} ${provider ?? ''}`);
  for (const [kind, rule] of RULES) if (rule.test(words)) return kind;
  return 'other';
}
