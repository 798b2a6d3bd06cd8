import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../db';
import { upcomingAppointments } from './appointments';
import { bloodPressurePairs, measureType, measurementSeries } from './measurements';
import { put, stored } from './test-records';

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`measurements-${crypto.randomUUID()}`);
});
afterEach(() => deleteDb(db));

describe('measurements and appointments', () => {
  it('knows weight and blood pressure in French and English', () => {
    expect(measureType('Poids')).toBe('weight');
    expect(measureType('Body weight')).toBe('weight');
    expect(measureType('Tension systolique')).toBe('systolic');
    expect(measureType('Pression artérielle diastolique')).toBe('diastolic');
    expect(measureType('Taille')).toBe('other');
  });

  it('makes series per person and pairs the two blood pressure values', async () => {
    const m = (date: string, name: string, value: number, patient = 'Claire DUPONT') =>
      stored('measurement', { date, name, value, unit: 'mmHg', patient });
    await put(
      db,
      m('2024-01-01', 'Tension systolique', 120),
      m('2024-02-01', 'Tension systolique', 130),
      m('2024-01-01', 'Tension diastolique', 80),
      m('2024-01-01', 'Tension systolique', 110, 'Léo MARTIN'),
      stored('measurement', {
        date: '2024-01-01',
        name: 'Poids',
        value: 65,
        unit: 'kg',
        patient: 'Claire DUPONT',
      }),
    );
    const series = await measurementSeries(db, null);
    expect(series.map((s) => [s.patient, s.name, s.points.length])).toEqual([
      ['Claire DUPONT', 'Poids', 1],
      ['Claire DUPONT', 'Tension diastolique', 1],
      ['Claire DUPONT', 'Tension systolique', 2],
      ['Léo MARTIN', 'Tension systolique', 1],
    ]);
    const pairs = bloodPressurePairs(series);
    expect(
      pairs.map((p) => [p.patient, p.systolic.points.length, p.diastolic?.points.length ?? null]),
    ).toEqual([
      ['Claire DUPONT', 2, 1],
      ['Léo MARTIN', 1, null],
    ]);
    expect(await measurementSeries(db, ['Léo MARTIN'])).toHaveLength(1);
  });

  it('lists appointments from today on, soonest first', async () => {
    await put(
      db,
      stored('appointment', { date: '2026-11-27T09:00', service: 'Hier' }),
      stored('appointment', { date: '2026-11-28T08:00', service: 'Aujourd’hui' }),
      stored('appointment', { date: '2027-01-05T10:00', service: 'Janvier' }),
      stored('appointment', { date: '2026-12-01', service: 'Décembre', patient: 'Léo MARTIN' }),
    );
    const upcoming = await upcomingAppointments(db, null, '2026-11-28');
    expect(upcoming.map((a) => a.service)).toEqual(['Aujourd’hui', 'Décembre', 'Janvier']);
    expect((await upcomingAppointments(db, ['Léo MARTIN'], '2026-11-28')).map((a) => a.service)).toEqual([
      'Décembre',
    ]);
  });
});
