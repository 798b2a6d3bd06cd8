import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../schemas';
import { portalExpectedRecords } from '../test-helpers';
import type { FhirContext } from './common';
import { fhirProblems } from './fhir-validators';
import { measurementsToObservations, measurementToObservation } from './vitals';

const ctx: FhirContext = {
  patient: { reference: 'urn:uuid:6f1c1b9e-0000-8000-8000-000000000000' },
  zone: () => '+02:00',
};

function measurement(
  name: string,
  value: number,
  unit: string | null,
  date = '2024-05-10T09:45',
): Measurement {
  return {
    kind: 'measurement',
    id: `measurement:${crypto.randomUUID().replaceAll('-', '')}`,
    source: 'espace-sante',
    patient: 'Claire DUPONT',
    date,
    sourceUrl: 'https://www.monespacesante.fr/profil-medical/mesures',
    name,
    code: null,
    value,
    unit,
    captureId: 'c',
    capturedAt: '2024-05-10T10:00:00.000Z',
    updatedAt: '2024-05-10T10:00:00.000Z',
  };
}

describe('measurements → vital signs', () => {
  it('codes the common vital signs with LOINC and UCUM, and keeps the name', () => {
    const obs = measurementToObservation(measurement('Poids', 64.7, 'kg'), ctx);
    expect(obs).toMatchObject({
      category: [{ coding: [{ code: 'vital-signs' }] }],
      code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }], text: 'Poids' },
      valueQuantity: { value: 64.7, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
      effectiveDateTime: '2024-05-10T09:45:00+02:00',
    });
    const other = measurementToObservation(measurement('Glycémie capillaire', 1.1, 'g/L'), ctx);
    expect(other.code).toEqual({ coding: undefined, text: 'Glycémie capillaire' });
    expect(other.valueQuantity).toEqual({ value: 1.1, unit: 'g/L' });
  });

  it('makes one blood pressure Observation with two components of a systolic and a diastolic', () => {
    const dia = measurement('Tension diastolique', 80, 'mmHg');
    const sys = measurement('Tension systolique', 125, 'mmHg');
    const weight = measurement('Poids', 64.7, 'kg');
    // The diastolic waits for its systolic: the pair takes the systolic’s place.
    const [w, bp, ...rest] = measurementsToObservations([dia, weight, sys], () => ctx);
    expect(rest).toEqual([]);
    expect(w?.code.text).toBe('Poids');
    expect(bp?.code.coding?.[0]?.code).toBe('85354-9');
    expect(bp?.valueQuantity).toBeUndefined();
    expect(
      bp?.component?.map((c) => [c.code.coding?.[0]?.code, c.valueQuantity?.value, c.valueQuantity?.code]),
    ).toEqual([
      ['8480-6', 125, 'mm[Hg]'],
      ['8462-4', 80, 'mm[Hg]'],
    ]);
    expect(bp?.identifier?.map((i) => i.value)).toEqual([sys.id, dia.id]);
    expect(fhirProblems(bp!)).toEqual([]);
  });

  it('leaves readings of different times unpaired', () => {
    const out = measurementsToObservations(
      [
        measurement('Tension systolique', 125, 'mmHg'),
        measurement('Tension diastolique', 80, 'mmHg', '2024-05-11'),
      ],
      () => ctx,
    );
    expect(out.map((o) => o.code.coding?.[0]?.code)).toEqual(['8480-6', '8462-4']);
  });

  it('pairs the demo portal’s blood pressures', () => {
    const records = portalExpectedRecords()
      .flatMap((f) => f.records)
      .filter((r) => r.kind === 'measurement')
      .map((r, i) => ({
        ...r,
        id: `measurement:${String(i).padStart(32, '0')}`,
        captureId: 'c',
        capturedAt: '',
        updatedAt: '',
      }));
    const out = measurementsToObservations(records as Measurement[], () => ctx);
    const pressures = records.filter((r) => r.name.startsWith('Tension')).length;
    expect(pressures).toBeGreaterThan(0);
    expect(out).toHaveLength(records.length - pressures / 2);
    for (const obs of out) expect(fhirProblems(obs)).toEqual([]);
  });
});
