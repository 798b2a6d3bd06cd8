/**
 * A research share's content (docs/research.md), before it is sealed: one participant of one
 * study under a random id, the consent they gave (the study, the day, the exact fields), which
 * portals they saved and how those saves went, and their records of the study's period reduced
 * to the fields asked for (./fields.ts) with dates as coarse as the study asks (./coarsen.ts).
 *
 * Built in the dashboard from the person's archive, and checked again by the researcher's pool
 * (`checkShareData`): a share is read without this code by any study, so it says everything
 * about itself.
 */
import { z } from 'zod';
import type { MesDonneesDb } from '../db';
import { LIMITS, describeLimit } from '../limits';
import type { StoredRecord } from '../schemas';
import { readStats } from '../stats';
import { saveOutcome } from '../views/sources';
import { inScope, type Person } from '../views/persons';
import { coarsenDate } from './coarsen';
import { SHAREABLE_KINDS, shareField, type FieldType, type FieldValue, type ShareableKind } from './fields';
import type { DatePrecision, Study } from './study';

export const SHARE_DATA_FORMAT = 'mes-donnees-sante/research-data';
export const SHARE_DATA_VERSION = 1;

/**
 * A kind's records, column by column: each consented field's values, one per record, in the same
 * order in every column. Columns rather than one object per record: a share is read by machines,
 * and a column of numbers parses several times faster than as many small objects.
 */
export type ShareColumns = Record<string, FieldValue[]>;

/** How many records a kind's columns hold (every kind has its `date` column). */
export function columnLength(columns: ShareColumns | undefined): number {
  return columns?.['date']?.length ?? 0;
}

/** How many records of each kind a share holds. */
export function kindCounts(data: Pick<ShareData, 'records'>): Partial<Record<ShareableKind, number>> {
  return Object.fromEntries(
    Object.entries(data.records).map(([kind, columns]) => [kind, columnLength(columns)]),
  );
}

/** How many records a share holds. */
export function shareRecordCount(data: Pick<ShareData, 'records'>): number {
  return Object.values(data.records).reduce((sum, columns) => sum + columnLength(columns), 0);
}

export interface PortalSaves {
  portal: string;
  /** The month of the last save that read the portal whole or in part (`YYYY-MM-01`), if any. */
  lastSaved: string | null;
  saves: number;
  failures: number;
}

export interface Consent {
  study: string;
  /** The day the person agreed (`YYYY-MM-DD`). */
  date: string;
  period: { from: string; to: string };
  dates: DatePrecision;
  /** The exact fields shared, per kind, as the person read them. */
  fields: Partial<Record<ShareableKind, string[]>>;
}

export interface ShareData {
  format: typeof SHARE_DATA_FORMAT;
  version: typeof SHARE_DATA_VERSION;
  study: string;
  /** Random, new for each share: the pool refuses one it already has (a replay). */
  shareId: string;
  /** When it was made (a new share of the same participant replaces an older one). */
  createdAt: string;
  participant: string;
  consent: Consent;
  /** The portals the extension reads, and the saves of those the person used. */
  supportedPortals: string[];
  portals: PortalSaves[];
  records: Partial<Record<ShareableKind, ShareColumns>>;
}

export interface BuildShareOptions {
  study: Study;
  person: Person;
  /** The person's id for this study (./participants.ts). */
  participant: string;
  /** The portals the extension reads (scrapers/registry.ts; storage does not import scrapers). */
  supportedPortals: readonly string[];
  now?: Date;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export class ShareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShareError';
  }
}

/** The kinds a study asks for, in the catalogue's order. */
export function askedKinds(study: Study): ShareableKind[] {
  return SHAREABLE_KINDS.filter((kind) => study.asks[kind]);
}

function inPeriod(db: MesDonneesDb, study: Study, kind: ShareableKind, person: Person) {
  return db.records
    .where('[kind+date]')
    .between([kind, study.period.from], [kind, `${study.period.to}\uffff`], true, true)
    .filter((record) => inScope(record, person.names));
}

/** How many of the person's records of each kind a share for the study would hold. */
export async function shareCounts(
  db: MesDonneesDb,
  study: Study,
  person: Person,
): Promise<{ kind: ShareableKind; count: number }[]> {
  return Promise.all(
    askedKinds(study).map(async (kind) => ({ kind, count: await inPeriod(db, study, kind, person).count() })),
  );
}

/** The person's records of the study's period, of the kinds it asks for, in the fields it asks for. */
export async function buildShare(db: MesDonneesDb, options: BuildShareOptions): Promise<ShareData> {
  const { study, person, participant, signal } = options;
  const now = options.now ?? new Date();
  const kinds = askedKinds(study);
  const records: Partial<Record<ShareableKind, ShareColumns>> = {};
  let count = 0;
  for (const [index, kind] of kinds.entries()) {
    signal?.throwIfAborted();
    const names = study.asks[kind]!;
    const fields = names.map((name) => shareField(kind, name)!);
    const found = (await inPeriod(db, study, kind, person).toArray()) as StoredRecord[];
    count += found.length;
    if (count > LIMITS.shareRecords.value) {
      throw new ShareError(
        `Plus de ${describeLimit('shareRecords')} données pour cette étude : réduisez sa période.`,
      );
    }
    records[kind] = Object.fromEntries(
      fields.map((field) => [
        field.name,
        found.map((record) => {
          const value = field.read(record);
          return field.name === 'date' && typeof value === 'string' ? coarsenDate(value, study.dates) : value;
        }),
      ]),
    );
    options.onProgress?.(index + 1, kinds.length);
  }
  return {
    format: SHARE_DATA_FORMAT,
    version: SHARE_DATA_VERSION,
    study: study.id,
    shareId: crypto.randomUUID(),
    createdAt: now.toISOString(),
    participant,
    consent: {
      study: study.id,
      date: now.toISOString().slice(0, 10),
      period: { ...study.period },
      dates: study.dates,
      fields: Object.fromEntries(kinds.map((kind) => [kind, [...study.asks[kind]!]])),
    },
    supportedPortals: [...options.supportedPortals].sort(),
    portals: await portalSaves(db, person),
    records,
  };
}

/**
 * The portals the person's records come from, each with its saves: how many, how many failed,
 * and the month of the last that read something. Saves read pages, not people: a portal's saves
 * are counted for each person it holds records of.
 */
async function portalSaves(db: MesDonneesDb, person: Person): Promise<PortalSaves[]> {
  const names = new Set(person.names);
  const sources = new Set(
    (await readStats(db))
      .filter((row) => row.count > 0 && row.patient !== null && names.has(row.patient))
      .map((row) => row.source),
  );
  const captures = await db.captures.toArray();
  return [...sources].sort().map((portal) => {
    const own = captures.filter((capture) => capture.source === portal);
    const read = own.filter((capture) => saveOutcome(capture) !== 'failure');
    const last =
      read
        .map((capture) => capture.startedAt)
        .sort()
        .at(-1) ?? null;
    return {
      portal,
      lastSaved: last ? `${last.slice(0, 7)}-01` : null,
      saves: own.length,
      failures: own.length - read.length,
    };
  });
}

// ---- Checking a share's content (the pool) -------------------------------------------------

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const portalId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);

const ShareHead = z.strictObject({
  format: z.literal(SHARE_DATA_FORMAT),
  version: z.literal(SHARE_DATA_VERSION),
  study: z.string().min(1).max(64),
  shareId: z.string().regex(/^[0-9a-f-]{36}$/),
  createdAt: z.iso.datetime({ offset: true }),
  participant: z.string().regex(/^p-[0-9a-f]{32}$/),
  consent: z.strictObject({
    study: z.string().min(1).max(64),
    date: day,
    period: z.strictObject({ from: day, to: day }),
    dates: z.enum(['day', 'week', 'month']),
    fields: z.record(z.string(), z.array(z.string()).max(32)),
  }),
  supportedPortals: z.array(portalId).max(200),
  portals: z
    .array(
      z.strictObject({
        portal: portalId,
        lastSaved: day.nullable(),
        saves: z.number().int().nonnegative(),
        failures: z.number().int().nonnegative(),
      }),
    )
    .max(200),
  // Each column is checked by checkShareData, in one loop per column: zod would visit every value.
  records: z.record(
    z.string(),
    z.record(
      z.string(),
      z.custom<unknown[]>((value) => Array.isArray(value)),
    ),
  ),
});

/** `YYYY-MM-DD`, checked by its characters (a column holds thousands). */
function isDay(value: string): boolean {
  if (value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9]) {
    const code = value.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** Whether every value of a column has the column's type (null always fits). */
function columnFits(values: readonly unknown[], type: FieldType): boolean {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null) continue;
    switch (type) {
      case 'DATE':
        if (typeof value !== 'string' || !isDay(value)) return false;
        break;
      case 'DOUBLE':
        if (typeof value !== 'number' || !Number.isFinite(value)) return false;
        break;
      case 'BOOLEAN':
        if (typeof value !== 'boolean') return false;
        break;
      case 'VARCHAR':
        if (typeof value !== 'string' || value.length > 256) return false;
        break;
    }
  }
  return true;
}

/**
 * A share's content checked field by field: its head as the format says, each kind one a share
 * may hold, exactly the columns the consent names, all of one length, with values of their
 * column's type, and nothing outside the consent. Throws a ShareError that names what is wrong.
 */
export function checkShareData(json: unknown): ShareData {
  const head = ShareHead.safeParse(json);
  if (!head.success) {
    const issue = head.error.issues[0];
    throw new ShareError(
      `contenu inattendu (${issue?.path.join('.') || 'partage'} : ${issue?.message ?? ''})`,
    );
  }
  const data = head.data;
  if (data.consent.study !== data.study) throw new ShareError('le consentement est donné à une autre étude');
  let count = 0;
  for (const [kind, columns] of Object.entries(data.records)) {
    const consented = data.consent.fields[kind];
    if (!(SHAREABLE_KINDS as readonly string[]).includes(kind) || !consented) {
      throw new ShareError(`« ${kind} » n'est pas dans le consentement`);
    }
    const names = Object.keys(columns);
    if (names.length !== consented.length || !consented.every((name) => Object.hasOwn(columns, name))) {
      throw new ShareError(`les colonnes ${kind} ne sont pas exactement les champs consentis`);
    }
    const length = columns['date']?.length ?? -1;
    for (const name of consented) {
      const field = shareField(kind as ShareableKind, name);
      if (!field) throw new ShareError(`champ « ${name} » (${kind}) inconnu`);
      const values = columns[name]!;
      if (values.length !== length)
        throw new ShareError(`colonne « ${name} » (${kind}) d'une autre longueur`);
      if (!columnFits(values, field.type)) {
        throw new ShareError(`champ « ${name} » (${kind}) d'un autre type que ${field.type}`);
      }
    }
    count += length;
    if (count > LIMITS.shareRecords.value)
      throw new ShareError(`plus de ${describeLimit('shareRecords')} données`);
  }
  return data as ShareData;
}
