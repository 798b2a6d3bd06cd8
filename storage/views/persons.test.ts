import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../db';
import { countPerPerson, inScope, listPersons, personKey, scopeIds } from './persons';
import { put, stored } from './test-records';

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`persons-${crypto.randomUUID()}`);
});
afterEach(() => deleteDb(db));

describe('persons', () => {
  it('takes two spellings of one name for one person', () => {
    expect(personKey('DUPONT Claire')).toBe(personKey('Claire  Dupont'));
    expect(personKey('Léo MARTIN')).toBe('leo martin');
    expect(personKey('Léo MARTIN')).not.toBe(personKey('Camille MARTIN'));
  });

  it('lists everyone the archive names, spellings grouped, from the index', async () => {
    await put(
      db,
      stored('lab-result', { patient: 'DUPONT Claire' }),
      stored('appointment', { patient: 'Claire DUPONT' }),
      stored('reimbursement', { patient: 'Marc DUPONT' }),
      stored('document', { patient: null }),
    );
    const persons = await listPersons(db);
    expect(persons).toEqual([
      { key: 'claire dupont', label: 'Claire DUPONT', names: ['Claire DUPONT', 'DUPONT Claire'] },
      { key: 'dupont marc', label: 'Marc DUPONT', names: ['Marc DUPONT'] },
    ]);
    const counts = await countPerPerson(db, persons);
    expect(counts.map(({ count }) => count)).toEqual([2, 1]);
    const claire = persons[0]!.names;
    expect(await scopeIds(db, claire)).toHaveProperty('size', 2);
    expect(await scopeIds(db, null)).toBeNull();
    expect(inScope({ patient: 'DUPONT Claire' }, claire)).toBe(true);
    expect(inScope({ patient: null }, claire)).toBe(false);
    expect(inScope({ patient: null }, null)).toBe(true);
  });
});
