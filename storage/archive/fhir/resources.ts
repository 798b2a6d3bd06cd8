/**
 * One record → one FHIR R4 resource. Each function is pure: what it needs beyond the record
 * (the patient's reference, the time zone, a stored file) comes in its arguments.
 *
 * Only what the record says is written: a code appears only when the page showed one or the
 * analyte normaliser assigned a LOINC code, never guessed from a name.
 */
import type {
  Appointment,
  AppointmentParticipant,
  CodeableConcept,
  DocumentReference,
  ExplanationOfBenefit,
  ExplanationOfBenefitItemAdjudication,
  Immunization,
  MedicationDispense,
  Observation,
  ObservationReferenceRange,
  Patient,
  Quantity,
  Reference,
} from 'fhir/r4';
import type {
  Appointment as AppointmentRecord,
  HealthDocument,
  Immunization as ImmunizationRecord,
  LabResult,
  Medication,
  Reimbursement,
} from '../../schemas';
import {
  coding,
  fhirDate,
  fhirDateTime,
  fhirInstant,
  type FhirContext,
  LOINC,
  named,
  provenance,
  recordUuid,
} from './common';

const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
const ADJUDICATION = 'http://terminology.hl7.org/CodeSystem/adjudication';
// CARIN Blue Button's complement to the adjudication codes: it has the patient's share.
const C4BB_ADJUDICATION = 'http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication';
const ATC = 'http://www.whocc.no/atc';

export function category(code: 'laboratory' | 'vital-signs', display: string): CodeableConcept {
  return { coding: [coding(OBSERVATION_CATEGORY, code, display)] };
}

const FLAGS = {
  H: coding(INTERPRETATION, 'H', 'High'),
  L: coding(INTERPRETATION, 'L', 'Low'),
  A: coding(INTERPRETATION, 'A', 'Abnormal'),
} as const;

function quantity(value: number, unit: string | null): Quantity {
  return unit === null ? { value } : { value, unit };
}

function referenceRange(r: LabResult): ObservationReferenceRange | undefined {
  if (r.refLow === null && r.refHigh === null && r.refText === null) return undefined;
  return {
    low: r.refLow === null ? undefined : quantity(r.refLow, r.unit),
    high: r.refHigh === null ? undefined : quantity(r.refHigh, r.unit),
    text: r.refText ?? undefined,
  };
}

export function labResultToObservation(r: LabResult, ctx: FhirContext): Observation {
  const range = referenceRange(r);
  return {
    resourceType: 'Observation',
    id: recordUuid(r),
    ...provenance(r),
    status: 'final',
    category: [category('laboratory', 'Laboratory')],
    code: { coding: r.loinc ? [coding(LOINC, r.loinc)] : undefined, text: r.analyte },
    subject: ctx.patient,
    effectiveDateTime: fhirDateTime(r.date, ctx.zone),
    performer: r.lab ? [named(r.lab)] : undefined,
    valueQuantity:
      r.value === null ? undefined : { ...quantity(r.value, r.unit), comparator: r.comparator ?? undefined },
    // A result that is not a number ("Négatif") is kept as the page wrote it.
    valueString: r.value === null ? r.valueText : undefined,
    interpretation: r.flag ? [{ coding: [FLAGS[r.flag]] }] : undefined,
    referenceRange: range ? [range] : undefined,
  };
}

function adjudication(
  code: string,
  system: string,
  amount: number | null,
  currency: string,
  reason?: string,
): ExplanationOfBenefitItemAdjudication[] {
  if (amount === null) return [];
  return [
    {
      category: { coding: [coding(system, code)] },
      reason: reason ? { text: reason } : undefined,
      amount: { value: amount, currency },
    },
  ];
}

/**
 * A statement line as CARIN Blue Button shapes claims: amounts as adjudications of the one item
 * (submitted = charged, eligible = base, benefit = what each payer paid, copay = the fixed
 * participation, memberliability = what was left to pay).
 */
export function reimbursementToEob(r: Reimbursement, ctx: FhirContext): ExplanationOfBenefit {
  const c = r.currency;
  const adjudications = [
    ...adjudication('submitted', ADJUDICATION, r.charged, c),
    ...adjudication('eligible', ADJUDICATION, r.base, c),
    ...(r.rate === null
      ? []
      : [{ category: { coding: [coding(ADJUDICATION, 'eligpercent')] }, value: r.rate }]),
    ...adjudication(
      'benefit',
      ADJUDICATION,
      r.reimbursedPrimary,
      c,
      'Assurance Maladie (régime obligatoire)',
    ),
    ...adjudication('benefit', ADJUDICATION, r.reimbursedComplementary, c, 'Complémentaire santé'),
    ...adjudication('copay', ADJUDICATION, r.deductible, c),
    ...adjudication('memberliability', C4BB_ADJUDICATION, r.outOfPocket, c),
  ];
  const { meta, identifier } = provenance(r);
  return {
    resourceType: 'ExplanationOfBenefit',
    id: recordUuid(r),
    meta,
    identifier: r.ref ? [...identifier, { value: r.ref }] : identifier,
    status: 'active',
    type: { text: 'Remboursement de soins' },
    use: 'claim',
    patient: ctx.patient,
    created: fhirDateTime(r.paymentDate ?? r.date, ctx.zone),
    insurer: named(r.source),
    provider: r.provider ? named(r.provider) : UNKNOWN,
    outcome: 'complete',
    insurance: [{ focal: true, coverage: named(r.source) }],
    item: [
      {
        sequence: 1,
        productOrService: { text: r.act },
        servicedDate: fhirDate(r.date),
        adjudication: adjudications.length > 0 ? adjudications : undefined,
      },
    ],
    payment: r.paymentDate ? { date: fhirDate(r.paymentDate) } : undefined,
  };
}

/** A required reference the page did not give: FHIR's way of saying "unknown". */
const UNKNOWN: Reference = {
  extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' }],
};

export function appointmentToFhir(r: AppointmentRecord, ctx: FhirContext): Appointment {
  const participant: AppointmentParticipant[] = [{ actor: ctx.patient, status: 'accepted' }];
  if (r.practitioner) participant.push({ actor: named(r.practitioner), status: 'accepted' });
  if (r.location) participant.push({ actor: named(r.location), status: 'accepted' });
  const dayOnly = !r.date.includes('T');
  return {
    resourceType: 'Appointment',
    id: recordUuid(r),
    ...provenance(r),
    // A listed appointment with no status shown was at least booked; its outcome is unknown.
    status: r.status ?? 'booked',
    serviceType: r.service ? [{ text: r.service }] : undefined,
    reasonCode: r.reason ? [{ text: r.reason }] : undefined,
    start: fhirInstant(r.date, ctx.zone),
    end: r.end ? fhirInstant(r.end, ctx.zone) : undefined,
    comment: dayOnly ? 'Heure non indiquée par le portail.' : undefined,
    participant,
  };
}

export interface StoredAttachment {
  /** Base64 of the file's bytes. */
  data: string;
  contentType: string | null;
  size: number;
}

export function documentToFhir(
  r: HealthDocument,
  ctx: FhirContext,
  file: StoredAttachment | null,
): DocumentReference {
  const contentType = file?.contentType ?? r.mimeType ?? (file ? 'application/octet-stream' : undefined);
  return {
    resourceType: 'DocumentReference',
    id: recordUuid(r),
    ...provenance(r),
    status: 'current',
    type: { text: r.docType },
    subject: ctx.patient,
    author: r.author ? [named(r.author)] : undefined,
    description: r.title,
    context: { period: { start: fhirDateTime(r.date, ctx.zone) } },
    content: [
      {
        attachment: {
          contentType,
          url: r.url ?? undefined,
          title: r.title,
          data: file?.data,
          size: file?.size,
        },
      },
    ],
  };
}

function medicationCode(code: string | null, name: string): CodeableConcept {
  if (code === null) return { text: name };
  // An ATC class is recognisable by its shape; a CIP or local code is kept without a system.
  const system = /^[A-Z]\d{2}[A-Z]{2}\d{2}$/.test(code) ? ATC : undefined;
  return { coding: [{ system, code }], text: name };
}

export function medicationToFhir(r: Medication, ctx: FhirContext): MedicationDispense {
  return {
    resourceType: 'MedicationDispense',
    id: recordUuid(r),
    ...provenance(r),
    status: 'completed',
    medicationCodeableConcept: medicationCode(r.code, r.name),
    subject: ctx.patient,
    quantity: r.quantity === null ? undefined : { value: r.quantity, unit: 'boîte' },
    whenHandedOver: fhirDateTime(r.date, ctx.zone),
    performer: r.pharmacy ? [{ actor: named(r.pharmacy) }] : undefined,
    note: r.prescriber ? [{ text: `Prescripteur : ${r.prescriber}` }] : undefined,
  };
}

export function immunizationToFhir(r: ImmunizationRecord, ctx: FhirContext): Immunization {
  return {
    resourceType: 'Immunization',
    id: recordUuid(r),
    ...provenance(r),
    status: 'completed',
    vaccineCode: { text: r.vaccine },
    patient: ctx.patient,
    occurrenceDateTime: fhirDateTime(r.date, ctx.zone),
    lotNumber: r.lot ?? undefined,
    performer: r.performer ? [{ actor: named(r.performer) }] : undefined,
    protocolApplied: r.dose ? [{ doseNumberString: r.dose }] : undefined,
  };
}

/** One per person the records name; `name` null gathers the records that name no one. */
export function patientToFhir(id: string, name: string | null): Patient {
  return { resourceType: 'Patient', id, name: name === null ? undefined : [{ text: name }] };
}
