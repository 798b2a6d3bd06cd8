/**
 * A person's history as FHIR R4: a problem → Condition, an allergy → AllergyIntolerance. Only
 * what the record says is written (a code only when the document gave one, as `system|code`).
 */
import type { AllergyIntolerance, CodeableConcept, Condition } from 'fhir/r4';
import type { Allergy, HealthProblem } from '../../schemas';
import { fhirDate, type FhirContext, provenance, recordUuid } from './common';

const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const ALLERGY_CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
/** The code systems a French document names, by the name the record keeps. */
const SYSTEMS: Record<string, string> = {
  'CIM-10': 'http://hl7.org/fhir/sid/icd-10',
  SNOMED: 'http://snomed.info/sct',
  LOINC: 'http://loinc.org',
};

function concept(text: string, code: string | null): CodeableConcept {
  const [system, value] = code?.split('|') ?? [];
  const uri = system ? SYSTEMS[system] : undefined;
  return uri && value ? { text, coding: [{ system: uri, code: value }] } : { text };
}

export function problemToCondition(r: HealthProblem, ctx: FhirContext): Condition {
  return {
    resourceType: 'Condition',
    id: recordUuid(r),
    ...provenance(r),
    clinicalStatus: r.status ? { coding: [{ system: CLINICAL, code: r.status }] } : undefined,
    code: concept(r.name, r.code),
    subject: ctx.patient,
    onsetDateTime: fhirDate(r.date),
    abatementDateTime: r.end ? fhirDate(r.end) : undefined,
  };
}

export function allergyToFhir(r: Allergy, ctx: FhirContext): AllergyIntolerance {
  return {
    resourceType: 'AllergyIntolerance',
    id: recordUuid(r),
    ...provenance(r),
    clinicalStatus: r.status
      ? { coding: [{ system: ALLERGY_CLINICAL, code: r.status === 'resolved' ? 'resolved' : r.status }] }
      : undefined,
    code: concept(r.substance, r.code),
    patient: ctx.patient,
    onsetDateTime: fhirDate(r.date),
    reaction: r.reaction
      ? [{ manifestation: [{ text: r.reaction }], description: r.severity ?? undefined }]
      : undefined,
  };
}
