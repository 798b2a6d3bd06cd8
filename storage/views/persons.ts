/**
 * The people an archive is about. Portals name the same person differently ("Claire DUPONT" on the
 * hospital's portal, "DUPONT Claire" on the lab's), so names that hold the same words are one
 * person; each keeps every spelling, which is what the `patient` index is queried with.
 */
import type { MesDonneesDb } from '../db';
import { readStats } from '../stats';
import { distinctKeys } from './index-keys';

export interface Person {
  /** Stable across spellings: the folded words of the name, sorted. */
  key: string;
  /** The spelling shown. */
  label: string;
  /** Every spelling of the archive, as the portals wrote them. */
  names: string[];
}

/** The spellings of the person a view is about, or `null` for everyone. */
export type PersonScope = readonly string[] | null;

export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export function personKey(name: string): string {
  return foldText(name)
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
    .sort()
    .join(' ');
}

/** "Claire DUPONT" reads better than "DUPONT Claire": prefer a spelling that starts with a given name. */
function preferredLabel(names: string[]): string {
  return names.find((name) => !/^[\p{Lu}'-]{2,}(\s|$)/u.test(name)) ?? names[0] ?? '';
}

/** Everyone the archive names, from the `patient` index alone (no record is read). */
export async function listPersons(db: MesDonneesDb): Promise<Person[]> {
  // A null patient is not indexed: records that name no one belong to no person.
  const names = await distinctKeys(db, 'patient');
  const byKey = new Map<string, string[]>();
  for (const name of names) {
    const key = personKey(name);
    byKey.set(key, [...(byKey.get(key) ?? []), name]);
  }
  return [...byKey]
    .map(([key, spellings]) => ({ key, label: preferredLabel(spellings), names: spellings }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

export function inScope(record: { patient: string | null }, scope: PersonScope): boolean {
  return scope === null || (record.patient !== null && scope.includes(record.patient));
}

/**
 * The ids of the scope's records, from the index (keys only), or `null` for everyone. One
 * `equals` per spelling: Dexie walks an `anyOf` with a cursor over the records themselves.
 */
export async function scopeIds(db: MesDonneesDb, scope: PersonScope): Promise<Set<string> | null> {
  if (scope === null) return null;
  const keys = await Promise.all(scope.map((name) => db.records.where('patient').equals(name).primaryKeys()));
  return new Set(keys.flat());
}

/** How many records name each person, from the counts kept per person (../stats.ts). */
export async function countPerPerson(
  db: MesDonneesDb,
  persons: readonly Person[],
): Promise<{ person: Person; count: number }[]> {
  const perName = new Map<string, number>();
  for (const row of await readStats(db)) {
    if (row.patient !== null) perName.set(row.patient, (perName.get(row.patient) ?? 0) + row.count);
  }
  return persons.map((person) => ({
    person,
    count: person.names.reduce((sum, name) => sum + (perName.get(name) ?? 0), 0),
  }));
}
