/**
 * The record model of docs/records.md (version 2; version 1 is ../shared/spec/records.md) as zod
 * schemas.
 *
 * Two shapes per kind: what a scraper returns (`Scraped*`, no identity or capture metadata)
 * and what the database holds (`Stored*`, with `id`, `captureId`, `capturedAt`, `updatedAt`).
 * Objects are strict: a field the spec does not name is a scraper bug, not data to keep.
 */
import { z } from 'zod';
import { normalizeSpace } from './text';

export const RECORD_KINDS = [
  'lab-result',
  'reimbursement',
  'appointment',
  'document',
  'medication',
  'immunization',
  'measurement',
  'table-row',
  'problem',
  'allergy',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export { normalizeSpace };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)$/;

function isRealDay(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function isClinicalDate(value: string): boolean {
  const m = DAY.exec(value) ?? DAY_TIME.exec(value);
  return m !== null && isRealDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** `YYYY-MM-DD`, or `YYYY-MM-DDTHH:mm` when the portal shows a time (local, no zone). */
export const clinicalDate = z
  .string()
  .refine(isClinicalDate, { message: 'date attendue au format AAAA-MM-JJ ou AAAA-MM-JJTHH:mm' });

/** An ISO datetime with its zone, as `Date.prototype.toISOString` writes it. */
export const timestamp = z.iso.datetime({ offset: true });

/** Page text: trimmed, inner white space collapsed, never empty (absent is `null`). */
export const text = z
  .string()
  .min(1, { message: 'texte vide (une valeur absente doit être null)' })
  .refine((s) => normalizeSpace(s) === s, { message: 'texte non normalisé (espaces)' });

const optionalText = text.nullable();
const amount = z.number().finite().nullable();
const absoluteUrl = z.url({ protocol: /^https?$/ });

/**
 * Where a record was read: the portal's page (http(s)), or, for a record read from a file the
 * person brought (version 2), the file itself as `urn:sha256:<hex of its bytes>`.
 */
const sourceUrl = z.union([absoluteUrl, z.string().regex(/^urn:sha256:[0-9a-f]{64}$/)], {
  message: 'adresse de la page attendue (https) ou empreinte du fichier (urn:sha256:…)',
});

const common = {
  source: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'identifiant de portail invalide' }),
  patient: optionalText,
  date: clinicalDate,
  sourceUrl,
};

/**
 * The `document` record a record was read from (a lab report, a vaccination note, a summary),
 * by its id; null when it was read from a portal's page or answers. Version 2.
 */
const fromDocument = z
  .string()
  .regex(/^document:[0-9a-f]{32}$/, { message: 'identifiant de document invalide' })
  .nullable();

const stored = {
  id: z.string().min(1),
  captureId: z.string().min(1),
  capturedAt: timestamp,
  updatedAt: timestamp,
};

const labResultFields = {
  kind: z.literal('lab-result'),
  ...common,
  analyte: text,
  code: optionalText,
  value: amount,
  valueText: text,
  comparator: z.enum(['<', '<=', '>', '>=']).nullable(),
  unit: optionalText,
  refLow: amount,
  refHigh: amount,
  refText: optionalText,
  flag: z.enum(['H', 'L', 'A']).nullable(),
  panel: optionalText,
  reportId: optionalText,
  lab: optionalText,
  prescriber: optionalText,
  fromDocument,
};

const reimbursementFields = {
  kind: z.literal('reimbursement'),
  ...common,
  act: text,
  provider: optionalText,
  paymentDate: clinicalDate.nullable(),
  charged: amount,
  base: amount,
  rate: amount,
  reimbursedPrimary: amount,
  reimbursedComplementary: amount,
  deductible: z.number().finite().nonnegative().nullable(),
  outOfPocket: amount,
  currency: z.string().regex(/^[A-Z]{3}$/, { message: 'devise ISO 4217 attendue (EUR)' }),
  ref: optionalText,
};

const appointmentFields = {
  kind: z.literal('appointment'),
  ...common,
  end: clinicalDate.nullable(),
  status: z.enum(['booked', 'fulfilled', 'cancelled', 'noshow']).nullable(),
  service: optionalText,
  practitioner: optionalText,
  location: optionalText,
  reason: optionalText,
};

export const DOC_TYPES = [
  'report',
  'prescription',
  'lab-report',
  'imaging',
  'letter',
  'certificate',
  'other',
] as const;
export type DocType = (typeof DOC_TYPES)[number];

const documentFields = {
  kind: z.literal('document'),
  ...common,
  title: text,
  docType: z.enum(DOC_TYPES),
  author: optionalText,
  url: absoluteUrl.nullable(),
  mimeType: z
    .string()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, { message: 'type MIME invalide' })
    .nullable(),
  fileId: z.string().min(1).nullable(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { message: 'empreinte SHA-256 invalide' })
    .nullable(),
};

const medicationFields = {
  kind: z.literal('medication'),
  ...common,
  name: text,
  code: optionalText,
  quantity: amount,
  prescriber: optionalText,
  pharmacy: optionalText,
  fromDocument,
};

const immunizationFields = {
  kind: z.literal('immunization'),
  ...common,
  vaccine: text,
  dose: optionalText,
  lot: optionalText,
  performer: optionalText,
  fromDocument,
};

const measurementFields = {
  kind: z.literal('measurement'),
  ...common,
  name: text,
  code: optionalText,
  value: z.number().finite(),
  unit: optionalText,
};

const tableRowFields = {
  kind: z.literal('table-row'),
  ...common,
  table: text,
  // Cells keep the page's text, and an empty cell is an empty string: a table has no "absent".
  cells: z.record(z.string(), z.string()),
};

/** A condition or a past event of the person's history (a summary's problems list). Version 2. */
const problemFields = {
  kind: z.literal('problem'),
  ...common,
  name: text,
  /** A code the document shows (CIM-10, SNOMED CT…), as `system|code`, else null. */
  code: optionalText,
  status: z.enum(['active', 'resolved', 'inactive']).nullable(),
  /** When it ended, when the document says. */
  end: clinicalDate.nullable(),
  fromDocument,
};

/** An allergy or intolerance (a summary's allergies list). Version 2. */
const allergyFields = {
  kind: z.literal('allergy'),
  ...common,
  substance: text,
  code: optionalText,
  reaction: optionalText,
  severity: optionalText,
  status: z.enum(['active', 'resolved', 'inactive']).nullable(),
  fromDocument,
};

export const ScrapedLabResult = z.strictObject(labResultFields);
export const ScrapedReimbursement = z.strictObject(reimbursementFields);
export const ScrapedAppointment = z.strictObject(appointmentFields);
export const ScrapedDocument = z.strictObject(documentFields);
export const ScrapedMedication = z.strictObject(medicationFields);
export const ScrapedImmunization = z.strictObject(immunizationFields);
export const ScrapedMeasurement = z.strictObject(measurementFields);
export const ScrapedTableRow = z.strictObject(tableRowFields);
export const ScrapedProblem = z.strictObject(problemFields);
export const ScrapedAllergy = z.strictObject(allergyFields);

/** A record as a scraper returns it and as `npm run scrape` prints it (there, with its `id`). */
export const ScrapedRecord = z.discriminatedUnion('kind', [
  ScrapedLabResult,
  ScrapedReimbursement,
  ScrapedAppointment,
  ScrapedDocument,
  ScrapedMedication,
  ScrapedImmunization,
  ScrapedMeasurement,
  ScrapedTableRow,
  ScrapedProblem,
  ScrapedAllergy,
]);
export type ScrapedRecord = z.infer<typeof ScrapedRecord>;

export const StoredLabResult = z.strictObject({
  ...labResultFields,
  ...stored,
  // Derived by the analyte normaliser when saved, never scraped: null until it knows the analyte.
  loinc: z.string().nullable(),
});
export const StoredReimbursement = z.strictObject({ ...reimbursementFields, ...stored });
export const StoredAppointment = z.strictObject({ ...appointmentFields, ...stored });
export const StoredDocument = z.strictObject({ ...documentFields, ...stored });
export const StoredMedication = z.strictObject({ ...medicationFields, ...stored });
export const StoredImmunization = z.strictObject({ ...immunizationFields, ...stored });
export const StoredMeasurement = z.strictObject({ ...measurementFields, ...stored });
export const StoredTableRow = z.strictObject({ ...tableRowFields, ...stored });
export const StoredProblem = z.strictObject({ ...problemFields, ...stored });
export const StoredAllergy = z.strictObject({ ...allergyFields, ...stored });

/** A record as the database and the archive hold it. */
export const StoredRecord = z.discriminatedUnion('kind', [
  StoredLabResult,
  StoredReimbursement,
  StoredAppointment,
  StoredDocument,
  StoredMedication,
  StoredImmunization,
  StoredMeasurement,
  StoredTableRow,
  StoredProblem,
  StoredAllergy,
]);
export type StoredRecord = z.infer<typeof StoredRecord>;

/** Each kind's stored schema, for code that walks a kind's fields (CSV columns, archive checks). */
export const STORED_BY_KIND = {
  'lab-result': StoredLabResult,
  reimbursement: StoredReimbursement,
  appointment: StoredAppointment,
  document: StoredDocument,
  medication: StoredMedication,
  immunization: StoredImmunization,
  measurement: StoredMeasurement,
  'table-row': StoredTableRow,
  problem: StoredProblem,
  allergy: StoredAllergy,
} as const satisfies Record<RecordKind, z.ZodType>;

export type LabResult = z.infer<typeof StoredLabResult>;
export type Reimbursement = z.infer<typeof StoredReimbursement>;
export type Appointment = z.infer<typeof StoredAppointment>;
export type HealthDocument = z.infer<typeof StoredDocument>;
export type Medication = z.infer<typeof StoredMedication>;
export type Immunization = z.infer<typeof StoredImmunization>;
export type Measurement = z.infer<typeof StoredMeasurement>;
export type TableRow = z.infer<typeof StoredTableRow>;
export type HealthProblem = z.infer<typeof StoredProblem>;
export type Allergy = z.infer<typeof StoredAllergy>;

export const Problem = z.strictObject({
  level: z.enum(['warning', 'error']),
  message: z.string().min(1),
  detail: z.string().optional(),
});
export type Problem = z.infer<typeof Problem>;

export const ScraperRef = z.strictObject({
  id: z.string().min(1),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, { message: 'version semver attendue' }),
});
export type ScraperRef = z.infer<typeof ScraperRef>;

export const CaptureCounts = z.strictObject({
  found: z.number().int().nonnegative(),
  added: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  invalid: z.number().int().nonnegative(),
});
export type CaptureCounts = z.infer<typeof CaptureCounts>;

export const Capture = z.strictObject({
  id: z.string().min(1),
  source: z.string().min(1),
  url: z.string(),
  title: z.string(),
  startedAt: timestamp,
  finishedAt: timestamp,
  scraper: ScraperRef,
  counts: CaptureCounts,
  problems: z.array(Problem),
  snapshotId: z.string().nullable(),
});
export type Capture = z.infer<typeof Capture>;
