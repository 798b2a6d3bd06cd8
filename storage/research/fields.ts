/**
 * What a research share may hold: for each kind of record, the fields a study can ask for, each
 * one computed from the record without a word the person or a practitioner wrote. This list is
 * the whole of what can ever leave in a share; a study asking for anything else is refused.
 *
 * Never in it: names (the person's, a practitioner's, a lab's, a pharmacy's), addresses, places,
 * identifiers (report numbers, references, lots, record and file ids), free text (acts, titles,
 * reasons, comments, the lab's own name for a test), URLs and files. What a record says in words
 * is shared only through a code or a class worked out here (a LOINC code and its LOINC name, a
 * kind of care, a measure type). Amounts and lab values are kept as they are; dates are coarsened
 * by ./coarsen.ts as the study asks.
 *
 * The column names and types are those of the researcher's Parquet files (docs/research.md).
 */
import { ANALYTES } from '../analytes/table';
import type { LabResult, RecordKind, Reimbursement, StoredRecord } from '../schemas';
import { careKind } from '../views/care';
import { rangeFlag } from '../views/highlights';
import { measureType } from '../views/measurements';
import { leftToPay } from '../views/spending';

/** A column's type, as DuckDB and Parquet name it. */
export type FieldType = 'DATE' | 'DOUBLE' | 'VARCHAR' | 'BOOLEAN';

export type FieldValue = string | number | boolean | null;

export interface ShareField<R> {
  /** The column name (snake_case, plain words). */
  name: string;
  type: FieldType;
  /** What it holds, in plain words for the person who consents. */
  fr: string;
  en: string;
  read: (record: R) => FieldValue;
}

/** The kinds a study can ask for (a table row from any site is never shared: it is free text). */
export const SHAREABLE_KINDS = [
  'lab-result',
  'reimbursement',
  'appointment',
  'document',
  'medication',
  'immunization',
  'measurement',
  'problem',
  'allergy',
] as const satisfies readonly RecordKind[];
export type ShareableKind = (typeof SHAREABLE_KINDS)[number];

type Of<K extends RecordKind> = Extract<StoredRecord, { kind: K }>;

const LOINC = new Map(ANALYTES.map((entry) => [entry.loinc, entry]));

/** A code as the record has it (`system|code`, a LOINC code…), kept only if it reads as a code. */
function code(value: string | null): string | null {
  return value !== null && /^[\w.:|/-]{1,64}$/.test(value) ? value : null;
}

/**
 * A unit (« mmol/L », « UI/L », « mL/min/1,73 m² ») without its spaces, kept only if short and
 * made of unit signs: never a phrase.
 */
function unit(value: string | null): string | null {
  const compact = value?.replace(/\s+/g, '') ?? null;
  return compact !== null && /^[\p{L}\p{N}µ°%/.,^*×²³{}_-]{1,16}$/u.test(compact) ? compact : null;
}

const portal = <R extends StoredRecord>(): ShareField<R> => ({
  name: 'portal',
  type: 'VARCHAR',
  fr: 'le portail d’où elle vient (ameli, votre mutuelle, votre laboratoire…)',
  en: 'the portal it came from (ameli, your mutuelle, your lab…)',
  read: (record) => record.source,
});

const date = <R extends StoredRecord>(fr: string, en: string): ShareField<R> => ({
  name: 'date',
  type: 'DATE',
  fr,
  en,
  // Coarsened by the share (./coarsen.ts); the day is only ever the starting point.
  read: (record) => record.date.slice(0, 10),
});

const status = <R extends { status: string | null } & StoredRecord>(): ShareField<R> => ({
  name: 'status',
  type: 'VARCHAR',
  fr: 'où il en est (en cours, guéri…)',
  en: 'its status (active, resolved…)',
  read: (record) => record.status,
});

export const SHARE_FIELDS: { readonly [K in ShareableKind]: readonly ShareField<Of<K>>[] } = {
  'lab-result': [
    date('la date du prélèvement', 'the date of the sample'),
    {
      name: 'loinc',
      type: 'VARCHAR',
      fr: 'le code international du test (LOINC), pas le nom que le laboratoire lui donne',
      en: 'the international code of the test (LOINC), not the name the lab gives it',
      read: (r: LabResult) => r.loinc,
    },
    {
      name: 'test',
      type: 'VARCHAR',
      fr: 'le nom international de ce code',
      en: 'the international name of that code',
      read: (r: LabResult) => (r.loinc ? (LOINC.get(r.loinc)?.display ?? null) : null),
    },
    {
      name: 'body_system',
      type: 'VARCHAR',
      fr: 'le groupe du test (bilan lipidique, rénal…)',
      en: 'the group of the test (lipids, kidney…)',
      read: (r: LabResult) => (r.loinc ? (LOINC.get(r.loinc)?.system ?? null) : null),
    },
    { name: 'value', type: 'DOUBLE', fr: 'le résultat', en: 'the result', read: (r: LabResult) => r.value },
    {
      name: 'unit',
      type: 'VARCHAR',
      fr: 'son unité',
      en: 'its unit',
      read: (r: LabResult) => unit(r.unit),
    },
    {
      name: 'ref_low',
      type: 'DOUBLE',
      fr: 'la borne basse des valeurs de référence',
      en: 'the low bound of the reference range',
      read: (r: LabResult) => r.refLow,
    },
    {
      name: 'ref_high',
      type: 'DOUBLE',
      fr: 'la borne haute des valeurs de référence',
      en: 'the high bound of the reference range',
      read: (r: LabResult) => r.refHigh,
    },
    {
      name: 'out_of_range',
      type: 'BOOLEAN',
      fr: 'si le résultat est hors des valeurs de référence',
      en: 'whether the result is out of range',
      read: (r: LabResult) => rangeFlag(r) !== null,
    },
    {
      name: 'flag',
      type: 'VARCHAR',
      fr: 'haut, bas ou anormal, comme le laboratoire le signale',
      en: 'high, low or abnormal, as the lab flags it',
      read: (r: LabResult) => rangeFlag(r),
    },
    portal(),
  ],
  reimbursement: [
    date('la date des soins', 'the date of care'),
    {
      name: 'care',
      type: 'VARCHAR',
      fr: 'le genre de soins (pharmacie, optique, dentaire, consultation, hôpital…), pas l’acte ni qui l’a fait',
      en: 'the kind of care (pharmacy, optics, dental, consultation, hospital…), not the act nor who gave it',
      read: (r: Reimbursement) => careKind(r.act, r.provider),
    },
    {
      name: 'charged',
      type: 'DOUBLE',
      fr: 'ce qui a été dépensé',
      en: 'what was spent',
      read: (r: Reimbursement) => r.charged,
    },
    {
      name: 'reimbursed_primary',
      type: 'DOUBLE',
      fr: 'ce que l’Assurance Maladie a remboursé',
      en: 'what the Assurance Maladie paid back',
      read: (r: Reimbursement) => r.reimbursedPrimary,
    },
    {
      name: 'reimbursed_complementary',
      type: 'DOUBLE',
      fr: 'ce que la mutuelle a remboursé',
      en: 'what the mutuelle paid back',
      read: (r: Reimbursement) => r.reimbursedComplementary,
    },
    {
      name: 'deductible',
      type: 'DOUBLE',
      fr: 'les franchises et participations retenues',
      en: 'the deductibles withheld',
      read: (r: Reimbursement) => r.deductible,
    },
    {
      name: 'left_to_pay',
      type: 'DOUBLE',
      fr: 'ce qui est resté à votre charge',
      en: 'what was left for you to pay',
      read: (r: Reimbursement) => leftToPay(r),
    },
    {
      name: 'currency',
      type: 'VARCHAR',
      fr: 'la monnaie',
      en: 'the currency',
      read: (r: Reimbursement) => r.currency,
    },
    portal(),
  ],
  appointment: [
    date('la date du rendez-vous', 'the date of the appointment'),
    {
      name: 'status',
      type: 'VARCHAR',
      fr: 's’il a eu lieu, est prévu ou a été annulé',
      en: 'whether it took place, is booked or was cancelled',
      read: (r) => r.status,
    },
    portal(),
  ],
  document: [
    date('la date du document', 'the date of the document'),
    {
      name: 'doc_type',
      type: 'VARCHAR',
      fr: 'son genre (compte rendu, ordonnance…), pas son titre ni son contenu',
      en: 'its type (report, prescription…), not its title nor its content',
      read: (r) => r.docType,
    },
    portal(),
  ],
  medication: [
    date('la date de délivrance', 'the date it was dispensed'),
    {
      name: 'code',
      type: 'VARCHAR',
      fr: 'le code du médicament, quand le portail le donne (pas son nom)',
      en: 'the medicine’s code, when the portal gives it (not its name)',
      read: (r) => code(r.code),
    },
    {
      name: 'quantity',
      type: 'DOUBLE',
      fr: 'le nombre de boîtes',
      en: 'the number of boxes',
      read: (r) => r.quantity,
    },
    portal(),
  ],
  immunization: [date('la date de la vaccination', 'the date of the vaccination'), portal()],
  measurement: [
    date('la date de la mesure', 'the date of the measurement'),
    {
      name: 'measure',
      type: 'VARCHAR',
      fr: 'ce qui est mesuré : poids, tension (haute ou basse) ou autre',
      en: 'what is measured: weight, blood pressure (systolic or diastolic) or other',
      read: (r) => measureType(r.name),
    },
    { name: 'value', type: 'DOUBLE', fr: 'la valeur', en: 'the value', read: (r) => r.value },
    { name: 'unit', type: 'VARCHAR', fr: 'son unité', en: 'its unit', read: (r) => unit(r.unit) },
    portal(),
  ],
  problem: [
    date('la date où il est noté', 'the date it was noted'),
    {
      name: 'code',
      type: 'VARCHAR',
      fr: 'son code (CIM-10, SNOMED CT) quand le document en donne un, pas son nom',
      en: 'its code (ICD-10, SNOMED CT) when the document gives one, not its name',
      read: (r) => code(r.code),
    },
    status(),
    portal(),
  ],
  allergy: [
    date('la date où elle est notée', 'the date it was noted'),
    {
      name: 'code',
      type: 'VARCHAR',
      fr: 'le code de la substance quand le document en donne un, pas son nom',
      en: 'the substance’s code when the document gives one, not its name',
      read: (r) => code(r.code),
    },
    status(),
    portal(),
  ],
};

export function isShareableKind(kind: string): kind is ShareableKind {
  return (SHAREABLE_KINDS as readonly string[]).includes(kind);
}

/** The field `name` of `kind`, or undefined when a share can never hold it. */
export function shareField(kind: ShareableKind, name: string): ShareField<StoredRecord> | undefined {
  return (SHARE_FIELDS[kind] as readonly ShareField<StoredRecord>[]).find((field) => field.name === name);
}

/** What a share never holds, in plain words, for the consent screen. */
export const NEVER_SHARED = {
  fr: 'Jamais partagé : votre nom et ceux des personnes de votre archive, vos adresses et numéros (sécurité sociale, dossiers, références), les noms des médecins, laboratoires, pharmacies et établissements, les textes (actes, titres, motifs, commentaires), les liens et les fichiers (comptes rendus, ordonnances).',
  en: 'Never shared: your name and those of the people in your archive, your addresses and numbers (social security, files, references), the names of doctors, labs, pharmacies and hospitals, any text (acts, titles, reasons, comments), links and files (reports, prescriptions).',
} as const;
