import { describe, expect, it } from 'vitest';
import { validateRecord, validateRecords } from './validate';
import { sampleRecords } from './test-fixtures';

const { measurement, reimbursement } = sampleRecords();

describe('validateRecords', () => {
  it('keeps the valid records in order and refuses the others one by one', () => {
    const { valid, problems } = validateRecords([
      measurement,
      { ...measurement, date: '2024-02-30' },
      reimbursement,
    ]);
    expect(valid).toEqual([measurement, reimbursement]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ level: 'error' });
    expect(problems[0]?.message).toBe(
      'Enregistrement n°2 refusé : champ « date » : date attendue au format AAAA-MM-JJ ou AAAA-MM-JJTHH:mm',
    );
    expect(JSON.parse(problems[0]?.detail ?? '')).toMatchObject({ date: '2024-02-30' });
  });

  it('returns copies without stray properties', () => {
    const { valid } = validateRecords([measurement]);
    expect(valid[0]).not.toBe(measurement);
  });

  it('refuses a record from another portal when the source is given', () => {
    const check = validateRecord(measurement, 0, { source: 'ameli' });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problem.message).toContain('champ « source » : « hopital »');
    expect(validateRecord(measurement, 0, { source: 'hopital' }).ok).toBe(true);
  });
});

describe('French reasons', () => {
  const reason = (value: unknown): string => {
    const check = validateRecord(value, 0);
    if (check.ok) throw new Error('expected a refusal');
    return check.problem.message.replace('Enregistrement n°1 refusé : ', '');
  };

  it.each([
    [{ ...measurement, value: '68,5' }, 'champ « value » : nombre attendu, texte reçu'],
    [
      { ...measurement, unit: undefined },
      'champ « unit » : champ manquant (une valeur absente doit être null)',
    ],
    [{ ...measurement, extra: 1, autre: 2 }, 'champs inconnus : « extra », « autre »'],
    [{ ...measurement, name: '' }, 'champ « name » : texte vide (une valeur absente doit être null)'],
    [{ ...measurement, kind: 'ordonnance' }, 'champ « kind » : type d\'enregistrement inconnu "ordonnance"'],
    [{ ...reimbursement, deductible: -2 }, 'champ « deductible »'],
    [{ ...sampleRecords().appointment, status: 'done' }, 'champ « status » : valeur attendue parmi "booked"'],
    [null, 'objet attendu, null reçu'],
    [
      { ...sampleRecords()['table-row'], cells: { Montant: 12 } },
      'champ « cells.Montant » : texte attendu, nombre reçu',
    ],
  ])('%#: %j', (value, expected) => {
    expect(reason(value)).toContain(expected);
  });

  it('lists at most five issues', () => {
    const bad = {
      kind: 'measurement',
      source: 'x',
      patient: 1,
      date: 2,
      sourceUrl: 3,
      name: 4,
      code: 5,
      value: 'a',
      unit: 6,
    };
    expect(reason(bad)).toMatch(/et \d+ autres problèmes$/);
  });

  it('truncates the detail and survives cycles', () => {
    const long = validateRecord({ ...measurement, name: 'x'.repeat(5000), value: 'a' }, 0);
    if (long.ok) throw new Error('expected a refusal');
    expect(long.problem.detail?.length).toBeLessThanOrEqual(1001);
    const cyclic: Record<string, unknown> = { kind: 'measurement' };
    cyclic.self = cyclic;
    expect(validateRecord(cyclic, 0).ok).toBe(false);
  });
});
