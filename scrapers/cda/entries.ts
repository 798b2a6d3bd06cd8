/**
 * The entries of a CDA R2 body, read into records by the kind of their section: lab results
 * (observations, in acts and in `organizer` batteries, microbiology included), vaccinations
 * and treatments (`substanceAdministration`), problems and allergies (in their concern acts),
 * vital signs. Every value comes from the entries' coded elements, never from the narrative
 * except for a name an entry points at (`originalText/reference`).
 */
import { LIMITS } from '../../storage/limits';
import type { ScrapedRecord } from '../../storage/schemas';
import type { ScrapeContext } from '../contract';
import { DocumentLayoutError, type Provenance } from '../documents';
import { ParseError } from '../helpers/parse-error';
import { attr, child, children, path, textIn } from '../helpers/xml';
import type { CdaHeader } from './header';
import type { SectionKind } from './sections';
import {
  codeOf,
  effectiveDate,
  effectiveEnd,
  flagOf,
  LOINC_OID,
  nameOf,
  readRange,
  readValue,
  type ReadValue,
  whoIs,
} from './values';

type Status = 'active' | 'resolved' | 'inactive' | null;

/** Clinical statements an entry or a relationship may hold. */
const STATEMENTS = new Set([
  'act',
  'organizer',
  'observation',
  'substanceAdministration',
  'supply',
  'procedure',
]);

/** How deep acts, organizers and relationships may nest before the document is refused. */
const MAX_DEPTH = 12;

export interface Reading {
  header: CdaHeader;
  from: Provenance;
  ctx: ScrapeContext;
  /** The narrative's elements by `ID`, for names an entry points at. */
  narrative: (id: string) => string | null;
  records: ScrapedRecord[];
}

interface Where {
  section: string | null;
  panel: string | null;
  /** The organism of the culture isolate the statement belongs to. */
  organism: string | null;
  date: string | null;
  lab: string | null;
  depth: number;
}

/** The statements inside an element: its entries', relationships' or components' children. */
function statementsIn(element: Element, wrapper: string): Element[] {
  return children(element, wrapper).flatMap((holder) =>
    Array.from(holder.children).filter((c) => STATEMENTS.has(c.localName)),
  );
}

function deeper(where: Where): Where {
  if (where.depth >= MAX_DEPTH) {
    throw new DocumentLayoutError(`les éléments du document s'imbriquent sur plus de ${MAX_DEPTH} niveaux`);
  }
  return { ...where, depth: where.depth + 1 };
}

function push(reading: Reading, record: ScrapedRecord): void {
  if (reading.records.length >= LIMITS.documentRecords.value) {
    throw new DocumentLayoutError(`le document compte plus de ${LIMITS.documentRecords.value} éléments`);
  }
  reading.records.push(record);
}

function common(reading: Reading, date: string) {
  return {
    source: reading.from.source,
    patient: reading.from.patient ?? reading.header.patient,
    date,
    sourceUrl: reading.from.sourceUrl,
  };
}

/** A code's words, following its `originalText/reference` into the narrative when it has only that. */
function named(reading: Reading, code: Element | null): string | null {
  const shown = nameOf(code);
  if (shown) return shown;
  const reference = attr(path(code, 'originalText', 'reference'), 'value');
  return reference?.startsWith('#') ? reading.narrative(reference.slice(1)) : null;
}

/** The organisation that performed an observation or a battery, when it says. */
function performerLab(element: Element): string | null {
  return textIn(path(element, 'performer', 'assignedEntity', 'representedOrganization', 'name'));
}

function warn(reading: Reading, where: Where, message: string, detail?: string): void {
  const place = where.section ? ` (section « ${where.section} »)` : '';
  reading.ctx.problem({ level: 'warning', message: `${message}${place}`, ...(detail ? { detail } : {}) });
}

/** Skipped: a statement that says it did not happen, or was cancelled or entered in error. */
function didNotHappen(statement: Element): boolean {
  const status = attr(child(statement, 'statusCode'), 'code');
  return (
    attr(statement, 'negationInd') === 'true' ||
    status === 'aborted' ||
    status === 'nullified' ||
    status === 'cancelled'
  );
}

export function readEntries(
  reading: Reading,
  kind: SectionKind,
  section: Element,
  title: string | null,
): void {
  const where: Where = { section: title, panel: title, organism: null, date: null, lab: null, depth: 0 };
  for (const statement of statementsIn(section, 'entry')) {
    try {
      READERS[kind](reading, statement, where);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      warn(reading, where, `Élément ignoré : ${error.message}`);
    }
  }
}

const READERS: Record<SectionKind, (reading: Reading, statement: Element, where: Where) => void> = {
  results: readResults,
  immunizations: (reading, statement, where) => readAdministrations(reading, statement, where, immunization),
  medications: (reading, statement, where) => readAdministrations(reading, statement, where, medication),
  problems: (reading, statement, where) => readConcern(reading, statement, where, problem),
  allergies: (reading, statement, where) => readConcern(reading, statement, where, allergy),
  vitals: readVitals,
};

// ---------------------------------------------------------------------------------------------
// Lab results

/** « Antibiogramme — Escherichia coli »: a battery's name, with the isolate's organism. */
function panelName(name: string | null, organism: string | null): string | null {
  if (name && organism) return `${name} — ${organism}`;
  return name ?? organism;
}

function readResults(reading: Reading, statement: Element, where: Where): void {
  const inner = deeper(where);
  switch (statement.localName) {
    case 'act':
      for (const next of statementsIn(statement, 'entryRelationship')) readResults(reading, next, inner);
      return;
    case 'organizer': {
      if (didNotHappen(statement)) return;
      // A battery (a panel, a culture's isolate): its name and date hold for its results. An
      // isolate names its organism, which tells its results apart from another isolate's.
      const organism = named(
        reading,
        path(statement, 'specimen', 'specimenRole', 'specimenPlayingEntity', 'code'),
      );
      const name = named(reading, child(statement, 'code'));
      const battery: Where = {
        ...inner,
        organism: organism ?? where.organism,
        panel: panelName(organism ? null : name, organism ?? where.organism) ?? where.panel,
        date: effectiveDate(statement) ?? where.date,
        lab: performerLab(statement) ?? where.lab,
      };
      for (const next of statementsIn(statement, 'component')) readResults(reading, next, battery);
      return;
    }
    case 'observation':
      readObservation(reading, statement, inner);
      return;
    default:
      return;
  }
}

function readObservation(reading: Reading, observation: Element, where: Where): void {
  if (didNotHappen(observation)) return;
  const code = child(observation, 'code');
  const values = children(observation, 'value');
  const nested = statementsIn(observation, 'entryRelationship').filter((s) => s.localName !== 'act');
  const analyte = named(reading, code);
  const shown = values.map((value) => readValue(value)).filter((value): value is ReadValue => value !== null);
  if (shown.length === 0) {
    // An observation without a value of its own may group others (a culture and its findings).
    if (nested.length > 0) {
      const group = {
        ...where,
        panel: analyte ?? where.panel,
        date: effectiveDate(observation) ?? where.date,
      };
      for (const next of nested) readResults(reading, next, group);
    } else if (analyte) {
      warn(reading, where, `« ${analyte} » : pas de résultat dans ce document`);
    }
    return;
  }
  if (analyte === null) {
    warn(reading, where, 'Résultat sans nom d’analyse ignoré', codeOf(code) ?? undefined);
    return;
  }
  const date = effectiveDate(observation) ?? where.date ?? reading.header.serviceDate;
  const ranges = children(observation, 'referenceRange');
  for (const value of shown) {
    const range = readRange(rangeFor(ranges, value) ?? observation);
    push(reading, {
      kind: 'lab-result',
      ...common(reading, date),
      analyte,
      code: codeOf(code),
      value: value.value,
      valueText: value.valueText,
      comparator: value.comparator,
      unit: value.unit,
      refLow: range.low,
      refHigh: range.high,
      refText: range.text,
      flag: flagOf(observation),
      panel: where.panel,
      reportId: reading.header.reportId,
      lab: performerLab(observation) ?? where.lab ?? reading.header.lab,
      prescriber: reading.header.prescriber,
      fromDocument: null,
    });
  }
  // A result may carry its own findings (an isolate's susceptibilities under its identification).
  for (const next of nested) readResults(reading, next, { ...where, panel: analyte });
}

/**
 * The reference range that goes with a value: the one in the value's unit when the observation
 * gives a range per unit (a result in two units), else the only one. Returned wrapped so that
 * `readRange` reads it as an observation's.
 */
function rangeFor(ranges: Element[], value: ReadValue): Element | null {
  if (ranges.length <= 1) return null;
  const unitOf = (range: Element) => {
    const bounds = path(range, 'observationRange', 'value');
    const unit = attr(child(bounds, 'low') ?? child(bounds, 'high'), 'unit');
    return unit === '1' ? null : unit;
  };
  const match = ranges.find((range) => unitOf(range) === value.unit);
  if (!match) return null;
  // readRange takes the first referenceRange of an element: a detached wrapper holding only this one.
  const wrapper = match.ownerDocument.createElementNS(match.namespaceURI, 'observation');
  wrapper.appendChild(match.cloneNode(true));
  return wrapper;
}

// ---------------------------------------------------------------------------------------------
// Vaccinations and treatments

type Administration = (reading: Reading, statement: Element, where: Where) => ScrapedRecord | null;

function readAdministrations(reading: Reading, statement: Element, where: Where, read: Administration): void {
  const inner = deeper(where);
  if (statement.localName === 'substanceAdministration' || statement.localName === 'supply') {
    if (didNotHappen(statement)) return;
    const record = read(reading, statement, where);
    if (record) push(reading, record);
    return;
  }
  for (const wrapper of ['entryRelationship', 'component']) {
    for (const next of statementsIn(statement, wrapper)) readAdministrations(reading, next, inner, read);
  }
}

/** The product of an administration: its name as written, else its code's words. */
function product(reading: Reading, statement: Element): { name: string | null; code: string | null } {
  const material =
    path(statement, 'consumable', 'manufacturedProduct', 'manufacturedMaterial') ??
    path(statement, 'product', 'manufacturedProduct', 'manufacturedMaterial');
  const code = child(material, 'code');
  return { name: textIn(child(material, 'name')) ?? named(reading, code), code: codeOf(code) };
}

/** « 1re dose », « 2e dose »: the dose number (LOINC 30973-2) an administration gives. */
function doseOf(statement: Element): string | null {
  for (const related of statementsIn(statement, 'entryRelationship')) {
    const code = child(related, 'code');
    if (attr(code, 'code') !== '30973-2' || attr(code, 'codeSystem') !== LOINC_OID) continue;
    const rank = Number(attr(child(related, 'value'), 'value'));
    if (Number.isInteger(rank) && rank > 0) return rank === 1 ? '1re dose' : `${rank}e dose`;
  }
  return null;
}

const immunization: Administration = (reading, statement, where) => {
  const { name } = product(reading, statement);
  const date = effectiveDate(statement);
  if (name === null || date === null) {
    warn(
      reading,
      where,
      name ? `Vaccin « ${name} » sans date ignoré` : 'Vaccination sans nom de vaccin ignorée',
    );
    return null;
  }
  const material = path(statement, 'consumable', 'manufacturedProduct', 'manufacturedMaterial');
  return {
    kind: 'immunization',
    ...common(reading, date),
    vaccine: name,
    dose: doseOf(statement),
    lot: textIn(child(material, 'lotNumberText')),
    performer: whoIs(path(statement, 'performer', 'assignedEntity')),
    fromDocument: null,
  };
};

const medication: Administration = (reading, statement, where) => {
  const { name, code } = product(reading, statement);
  if (name === null) {
    warn(reading, where, 'Traitement sans nom de médicament ignoré');
    return null;
  }
  // A supply says how many boxes; an administration's dose is per intake, not a quantity.
  const boxes = statement.localName === 'supply' ? Number(attr(child(statement, 'quantity'), 'value')) : NaN;
  return {
    kind: 'medication',
    ...common(reading, effectiveDate(statement) ?? reading.header.day),
    name,
    code,
    quantity: Number.isFinite(boxes) ? boxes : null,
    prescriber: whoIs(path(statement, 'author', 'assignedAuthor')),
    pharmacy: null,
    fromDocument: null,
  };
};

// ---------------------------------------------------------------------------------------------
// Problems and allergies: each observation inside its concern act

type Concerned = (
  reading: Reading,
  observation: Element,
  concern: Element | null,
  where: Where,
) => ScrapedRecord | null;

function readConcern(reading: Reading, statement: Element, where: Where, read: Concerned): void {
  if (didNotHappen(statement)) return;
  if (statement.localName === 'observation') {
    const record = read(reading, statement, null, where);
    if (record) push(reading, record);
    return;
  }
  const inner = deeper(where);
  for (const observation of statementsIn(statement, 'entryRelationship')) {
    if (observation.localName !== 'observation' || didNotHappen(observation)) continue;
    const record = read(reading, observation, statement, inner);
    if (record) push(reading, record);
  }
}

/** SNOMED CT's problem status values (C-CDA, IPS), and the concern act's `statusCode`. */
const STATUS_CODES: Record<string, Status> = {
  '55561003': 'active',
  '413322009': 'resolved',
  '73425007': 'inactive',
  active: 'active',
  completed: 'resolved',
  suspended: 'inactive',
};

function statusOf(observation: Element, concern: Element | null): Status {
  for (const related of statementsIn(observation, 'entryRelationship')) {
    const value = attr(child(related, 'value'), 'code');
    const status = value === null ? undefined : STATUS_CODES[value];
    if (status !== undefined) return status;
  }
  const concernStatus = attr(child(concern, 'statusCode'), 'code');
  return concernStatus === null ? null : (STATUS_CODES[concernStatus] ?? null);
}

/** A related observation's value in words, by the relationship's type (`MFST`: reaction). */
function relatedWords(
  reading: Reading,
  observation: Element,
  typeCode: string,
  code?: string,
): string | null {
  for (const related of children(observation, 'entryRelationship')) {
    if (attr(related, 'typeCode') !== typeCode) continue;
    const inner = child(related, 'observation');
    if (!inner || (code && attr(child(inner, 'code'), 'code') !== code)) continue;
    const words = named(reading, child(inner, 'value'));
    if (words) return words;
  }
  return null;
}

const problem: Concerned = (reading, observation, concern, where) => {
  const value = child(observation, 'value');
  if (attr(value, 'nullFlavor')) return null;
  const name = named(reading, value) ?? textIn(child(observation, 'text'));
  if (name === null) {
    warn(reading, where, 'Problème de santé sans libellé ignoré', codeOf(value) ?? undefined);
    return null;
  }
  return {
    kind: 'problem',
    ...common(reading, effectiveDate(observation) ?? effectiveDate(concern) ?? reading.header.day),
    name,
    code: codeOf(value),
    status: statusOf(observation, concern),
    end: effectiveEnd(observation) ?? effectiveEnd(concern),
    fromDocument: null,
  };
};

const allergy: Concerned = (reading, observation, concern, where) => {
  // The substance: the consumable participant (C-CDA, IPS), else the allergy's coded value.
  const consumable = children(observation, 'participant').find((p) => attr(p, 'typeCode') === 'CSM');
  const entity = path(consumable, 'participantRole', 'playingEntity');
  const value = child(observation, 'value');
  const substance =
    named(reading, child(entity, 'code')) ?? textIn(child(entity, 'name')) ?? named(reading, value);
  if (substance === null) {
    warn(reading, where, 'Allergie sans substance ignorée');
    return null;
  }
  return {
    kind: 'allergy',
    ...common(reading, effectiveDate(observation) ?? effectiveDate(concern) ?? reading.header.day),
    substance,
    code: codeOf(child(entity, 'code')) ?? codeOf(value),
    reaction: relatedWords(reading, observation, 'MFST'),
    severity: relatedWords(reading, observation, 'SUBJ', 'SEV'),
    status: statusOf(observation, concern),
    fromDocument: null,
  };
};

// ---------------------------------------------------------------------------------------------
// Vital signs

function readVitals(reading: Reading, statement: Element, where: Where): void {
  const inner = deeper(where);
  if (statement.localName === 'organizer') {
    const battery = { ...inner, date: effectiveDate(statement) ?? where.date };
    for (const next of statementsIn(statement, 'component')) readVitals(reading, next, battery);
    return;
  }
  if (statement.localName !== 'observation' || didNotHappen(statement)) return;
  const code = child(statement, 'code');
  const name = named(reading, code);
  const value = readValue(child(statement, 'value'));
  if (name === null || value === null || value.value === null) return;
  push(reading, {
    kind: 'measurement',
    ...common(reading, effectiveDate(statement) ?? where.date ?? reading.header.serviceDate),
    name,
    code: codeOf(code),
    value: value.value,
    unit: value.unit,
  });
}
