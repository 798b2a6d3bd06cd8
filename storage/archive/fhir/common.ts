/**
 * What every FHIR resource of the export shares: identifiers, references and dates.
 *
 * The record model's times are local, with no zone, as the portal showed them; FHIR requires a
 * zone on any time. The exporting browser's zone is taken as the portal's (the person reads
 * their own portals where they live), and a date without time stays a date.
 */
import type { Coding, Identifier, Meta, Reference } from 'fhir/r4';
import type { RecordRow } from '../../db';

/** The zone offset (`+01:00`) of a local `YYYY-MM-DDTHH:mm`. */
export type ZoneOf = (localDateTime: string) => string;

const pad = (n: number) => String(n).padStart(2, '0');

function parts(clinical: string): { day: string; time: string | null; y: number; m: number; d: number } {
  const [day = '', time] = clinical.split('T');
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  return { day, time: time ?? null, y, m, d };
}

/** The offset the browser's own time zone had at that local time (summer time included). */
export const browserZone: ZoneOf = (localDateTime) => {
  const { time, y, m, d } = parts(localDateTime);
  const [hh = 0, mm = 0] = (time ?? '00:00').split(':').map(Number);
  const east = -new Date(y, m - 1, d, hh, mm).getTimezoneOffset();
  const abs = Math.abs(east);
  return `${east < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
};

/** FHIR `date`: the day. */
export function fhirDate(clinical: string): string {
  return parts(clinical).day;
}

/** FHIR `dateTime`: the day alone, or the time with seconds and zone. */
export function fhirDateTime(clinical: string, zone: ZoneOf): string {
  const { day, time } = parts(clinical);
  return time === null ? day : `${day}T${time}:00${zone(clinical)}`;
}

/** FHIR `instant` (always a time): a day alone is read as its first minute. */
export function fhirInstant(clinical: string, zone: ZoneOf): string {
  const { day, time } = parts(clinical);
  const local = `${day}T${time ?? '00:00'}`;
  return `${local}:00${zone(local)}`;
}

/**
 * A UUID made from 32 hex digits (a record id's hash, a digest), so the same record always gets
 * the same `urn:uuid:` in every export. Version and variant bits are set as RFC 9562 asks of a
 * custom (version 8) UUID.
 */
export function uuidFromHex(hex: string): string {
  const h = hex.toLowerCase().padEnd(32, '0').slice(0, 32).split('');
  h[12] = '8';
  h[16] = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** The UUID of a record's resource: its id is `<kind>:<32 hex digits>`. */
export function recordUuid(record: { id: string }): string {
  return uuidFromHex(record.id.slice(record.id.indexOf(':') + 1));
}

export const RECORD_ID_SYSTEM = 'urn:mes-donnees-sante:record-id';

/** What ties a resource back to its record and to the page it was read from. */
export function provenance(record: RecordRow): { meta: Meta; identifier: Identifier[] } {
  return {
    meta: { source: record.sourceUrl },
    identifier: [{ system: RECORD_ID_SYSTEM, value: record.id }],
  };
}

/** A reference known only by its name: the portal names a doctor, it has no resource for them. */
export function named(display: string): Reference {
  return { display };
}

export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';

export function coding(system: string, code: string, display?: string): Coding {
  return display === undefined ? { system, code } : { system, code, display };
}

/** Per resource: the patient it is about and the zone of its times. */
export interface FhirContext {
  patient: Reference;
  zone: ZoneOf;
}
