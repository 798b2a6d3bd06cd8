/**
 * Validation of records that arrive from outside the storage (a content-script message, an
 * archive): each is checked against the spec's schemas and refused on its own, with a reason
 * written for the person who clicked "save", so one bad row never costs the rest of the page.
 *
 * Lives in storage/ because storage must not depend on scrapers/; the scraper runner can reuse it.
 */
import { z } from 'zod';
import {
  type Problem,
  RECORD_KINDS,
  type RecordKind,
  ScrapedAppointment,
  ScrapedDocument,
  ScrapedImmunization,
  ScrapedLabResult,
  ScrapedMeasurement,
  ScrapedMedication,
  ScrapedRecord,
  ScrapedReimbursement,
  ScrapedTableRow,
  ScrapedProblem,
  ScrapedAllergy,
} from './schemas';
import { droppedLinkWarning, dropUnsafeLinks } from './safe-url';

export interface ValidateOptions {
  /** When set, a record whose `source` differs is refused: a portal only speaks for itself. */
  source?: string;
}

export interface Validation {
  /** The records that passed, as zod rebuilt them (no stray properties), in input order. */
  valid: ScrapedRecord[];
  /** One error per refused record, and a warning per link dropped from a kept one. */
  problems: Problem[];
}

/** Validates every record; the errors among `problems` are the records refused. */
export function validateRecords(records: readonly unknown[], options: ValidateOptions = {}): Validation {
  const valid: ScrapedRecord[] = [];
  const problems: Problem[] = [];
  records.forEach((input, index) => {
    const result = validateRecord(input, index, options);
    if (result.ok) {
      valid.push(result.record);
      if (result.warnings) problems.push(...result.warnings);
    } else problems.push(result.problem);
  });
  return { valid, problems };
}

export type RecordCheck =
  { ok: true; record: ScrapedRecord; warnings?: Problem[] } | { ok: false; problem: Problem };

/**
 * Validates one record; `index` is its 0-based position, shown 1-based ("n°1" is the first). A
 * link that is not a safe address (./safe-url.ts) is dropped with a warning; the record is kept.
 */
export function validateRecord(raw: unknown, index: number, options: ValidateOptions = {}): RecordCheck {
  const { record: input, dropped } = dropUnsafeLinks(raw);
  const schema = schemaFor(input);
  const parsed = schema.safeParse(input);
  let reason: string;
  if (!parsed.success) {
    // Worded in French only on failure: passing an error map to every parse costs a third more.
    const issues = schema.safeParse(input, { error: frenchErrorMap }).error?.issues ?? parsed.error.issues;
    reason = describeZodIssues(issues);
  } else if (options.source !== undefined && parsed.data.source !== options.source) {
    reason = `champ « source » : « ${parsed.data.source} » n'est pas le portail de la capture (« ${options.source} »)`;
  } else if (dropped.length === 0) {
    return { ok: true, record: parsed.data };
  } else {
    const warnings = dropped.map((link): Problem => ({
      level: 'warning',
      message: `Enregistrement n°${index + 1} : ${droppedLinkWarning(link)}`,
    }));
    return { ok: true, record: parsed.data, warnings };
  }
  return {
    ok: false,
    problem: {
      level: 'error',
      message: `Enregistrement n°${index + 1} refusé : ${reason}`,
      detail: preview(input),
    },
  };
}

const SCHEMA_BY_KIND: Record<RecordKind, z.ZodType<ScrapedRecord>> = {
  'lab-result': ScrapedLabResult,
  reimbursement: ScrapedReimbursement,
  appointment: ScrapedAppointment,
  document: ScrapedDocument,
  medication: ScrapedMedication,
  immunization: ScrapedImmunization,
  measurement: ScrapedMeasurement,
  'table-row': ScrapedTableRow,
  problem: ScrapedProblem,
  allergy: ScrapedAllergy,
};

/**
 * The kind's own schema when `kind` names one: a third faster than the discriminated union on
 * the save path (measured on 2 000 records). Anything else goes through the union, whose error
 * says what is wrong with `kind`.
 */
function schemaFor(input: unknown): z.ZodType<ScrapedRecord> {
  const kind: unknown =
    typeof input === 'object' && input !== null ? (input as { kind?: unknown }).kind : undefined;
  return typeof kind === 'string' && Object.hasOwn(SCHEMA_BY_KIND, kind)
    ? SCHEMA_BY_KIND[kind as RecordKind]
    : ScrapedRecord;
}

const MAX_ISSUES = 5;

/** `champ « date » : date attendue… ; champ « unit » : …`, at most five, then a count. */
export function describeZodIssues(issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `champ « ${path} » : ${issue.message}`;
  });
  const more = issues.length - MAX_ISSUES;
  if (more > 0) parts.push(`et ${more} autre${more > 1 ? 's' : ''} problème${more > 1 ? 's' : ''}`);
  return parts.join(' ; ');
}

const MAX_DETAIL = 1000;

/** JSON of the refused record, cut short: enough to find the row, not a copy of the page. */
export function preview(value: unknown): string {
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    // Cycles or BigInt from a structured-cloned message: still say something.
    json = String(value);
  }
  return json.length > MAX_DETAIL ? `${json.slice(0, MAX_DETAIL)}…` : json;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'texte',
  number: 'nombre',
  boolean: 'booléen',
  object: 'objet',
  array: 'liste',
  null: 'null',
  undefined: 'absent',
};

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'liste';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return TYPE_NAMES[typeof value] ?? typeof value;
}

const frenchLocale = z.locales.fr().localeError;

/**
 * Per-parse error map (`schema.safeParse(x, { error: frenchErrorMap })`): the schemas' own French
 * messages take precedence over it, so it only words zod's generic cases, more plainly than the
 * bundled French locale, which it falls back to.
 */
export const frenchErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'champ manquant (une valeur absente doit être null)';
      return `${TYPE_NAMES[issue.expected] ?? issue.expected} attendu, ${typeName(issue.input)} reçu`;
    case 'unrecognized_keys':
      return `champ${issue.keys.length > 1 ? 's' : ''} inconnu${issue.keys.length > 1 ? 's' : ''} : ${issue.keys.map((k) => `« ${k} »`).join(', ')}`;
    case 'invalid_union':
      // The issue's input is the whole record; only its `kind` is worth naming.
      if ('discriminator' in issue && issue.discriminator === 'kind') {
        const kind: unknown = (issue.input as { kind?: unknown } | undefined)?.kind;
        const expected = `(attendu : ${RECORD_KINDS.join(', ')})`;
        return kind === undefined
          ? `champ manquant ${expected}`
          : `type d'enregistrement inconnu ${preview(kind)} ${expected}`;
      }
      break;
    case 'invalid_value':
      return `valeur attendue parmi ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return frenchLocale(issue);
};
