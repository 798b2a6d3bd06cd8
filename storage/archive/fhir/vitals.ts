/**
 * Measurements as vital-signs Observations. The common ones get the LOINC code of FHIR's
 * vital-signs profile when their name says what they are; a blood pressure, two records in the
 * model (systolic, diastolic), becomes the one Observation with two components FHIR expects.
 */
import type { Observation, ObservationComponent, Quantity } from 'fhir/r4';
import type { Measurement } from '../../schemas';
import { foldName } from '../../analytes/normalise';
import { coding, fhirDateTime, type FhirContext, LOINC, provenance, recordUuid, UCUM } from './common';
import { category } from './resources';

interface Vital {
  loinc: string;
  display: string;
  /** Folded names (see foldName) a portal gives it. */
  names: string[];
}

const VITALS: Vital[] = [
  { loinc: '29463-7', display: 'Body weight', names: ['poids', 'weight', 'body weight'] },
  { loinc: '8302-2', display: 'Body height', names: ['taille', 'height', 'body height'] },
  { loinc: '39156-5', display: 'Body mass index (BMI)', names: ['imc', 'bmi', 'indice de masse corporelle'] },
  { loinc: '8867-4', display: 'Heart rate', names: ['frequence cardiaque', 'pouls', 'heart rate', 'pulse'] },
  { loinc: '9279-1', display: 'Respiratory rate', names: ['frequence respiratoire', 'respiratory rate'] },
  { loinc: '8310-5', display: 'Body temperature', names: ['temperature', 'body temperature'] },
  {
    loinc: '59408-5',
    display: 'Oxygen saturation in Arterial blood by Pulse oximetry',
    names: ['saturation en oxygene', 'spo2', 'oxygen saturation'],
  },
  { loinc: '9843-4', display: 'Head Occipital-frontal circumference', names: ['perimetre cranien'] },
];

const SYSTOLIC = { loinc: '8480-6', display: 'Systolic blood pressure' };
const DIASTOLIC = { loinc: '8462-4', display: 'Diastolic blood pressure' };
const BP_PANEL = { loinc: '85354-9', display: 'Blood pressure panel with all children optional' };

const SYSTOLIC_NAMES = ['tension systolique', 'pression arterielle systolique', 'systolic blood pressure'];
const DIASTOLIC_NAMES = [
  'tension diastolique',
  'pression arterielle diastolique',
  'diastolic blood pressure',
];

/** Units written on portals → their UCUM code; any other unit is kept as text only. */
const UCUM_UNITS: Record<string, string> = {
  kg: 'kg',
  g: 'g',
  cm: 'cm',
  m: 'm',
  mmhg: 'mm[Hg]',
  bpm: '/min',
  '/min': '/min',
  'battements/min': '/min',
  '°c': 'Cel',
  '%': '%',
  'kg/m2': 'kg/m2',
  'kg/m²': 'kg/m2',
};

function vitalQuantity(value: number, unit: string | null): Quantity {
  if (unit === null) return { value };
  const code = UCUM_UNITS[unit.toLowerCase()];
  return code ? { value, unit, system: UCUM, code } : { value, unit };
}

function bloodPressureSide(name: string): 'systolic' | 'diastolic' | null {
  const folded = foldName(name);
  if (SYSTOLIC_NAMES.includes(folded)) return 'systolic';
  if (DIASTOLIC_NAMES.includes(folded)) return 'diastolic';
  return null;
}

export function measurementToObservation(r: Measurement, ctx: FhirContext): Observation {
  const folded = foldName(r.name);
  const side = bloodPressureSide(r.name);
  const vital = side
    ? side === 'systolic'
      ? SYSTOLIC
      : DIASTOLIC
    : VITALS.find((v) => v.names.includes(folded));
  return {
    resourceType: 'Observation',
    id: recordUuid(r),
    ...provenance(r),
    status: 'final',
    category: [category('vital-signs', 'Vital Signs')],
    code: { coding: vital ? [coding(LOINC, vital.loinc, vital.display)] : undefined, text: r.name },
    subject: ctx.patient,
    effectiveDateTime: fhirDateTime(r.date, ctx.zone),
    valueQuantity: vitalQuantity(r.value, r.unit),
  };
}

function component(r: Measurement, code: { loinc: string; display: string }): ObservationComponent {
  return {
    code: { coding: [coding(LOINC, code.loinc, code.display)], text: r.name },
    valueQuantity: vitalQuantity(r.value, r.unit),
  };
}

export function bloodPressureObservation(
  systolic: Measurement,
  diastolic: Measurement,
  ctx: FhirContext,
): Observation {
  const s = provenance(systolic);
  return {
    resourceType: 'Observation',
    id: recordUuid(systolic),
    meta: s.meta,
    identifier: [...s.identifier, ...provenance(diastolic).identifier],
    status: 'final',
    category: [category('vital-signs', 'Vital Signs')],
    code: { coding: [coding(LOINC, BP_PANEL.loinc, BP_PANEL.display)], text: 'Tension artérielle' },
    subject: ctx.patient,
    effectiveDateTime: fhirDateTime(systolic.date, ctx.zone),
    component: [component(systolic, SYSTOLIC), component(diastolic, DIASTOLIC)],
  };
}

/**
 * Measurements (in date order, a date never split across calls) → Observations. A systolic and
 * a diastolic reading of the same person, portal and time pair up; an unpaired one stays alone.
 */
export function measurementsToObservations(
  records: readonly Measurement[],
  contextOf: (r: Measurement) => FhirContext,
): Observation[] {
  const pairKey = (r: Measurement) => JSON.stringify([r.date, r.patient, r.source]);
  const diastolics = new Map<string, Measurement[]>();
  for (const r of records) {
    if (bloodPressureSide(r.name) !== 'diastolic') continue;
    const key = pairKey(r);
    diastolics.set(key, [...(diastolics.get(key) ?? []), r]);
  }
  // Pairs first, then output in order: a diastolic listed before its systolic waits for it.
  const partnerOf = new Map<Measurement, Measurement>();
  const paired = new Set<Measurement>();
  for (const r of records) {
    if (bloodPressureSide(r.name) !== 'systolic') continue;
    const partner = diastolics.get(pairKey(r))?.find((d) => !paired.has(d));
    if (!partner) continue;
    paired.add(partner);
    partnerOf.set(r, partner);
  }
  const out: Observation[] = [];
  for (const r of records) {
    if (paired.has(r)) continue;
    const partner = partnerOf.get(r);
    out.push(
      partner
        ? bloodPressureObservation(r, partner, contextOf(r))
        : measurementToObservation(r, contextOf(r)),
    );
  }
  return out;
}
