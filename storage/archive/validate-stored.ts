/**
 * Validation of an archive's records and captures, as they were stored: same schemas and same
 * French reasons as the save path (../validate.ts), plus what only an archive can get wrong — an
 * `id` that is not the one its facts give, the same record twice.
 */
import type { z } from 'zod';
import { recordId } from '../ids';
import { Capture, RECORD_KINDS, type RecordKind, StoredRecord, STORED_BY_KIND } from '../schemas';
import { droppedLinkWarning, dropUnsafeLinks } from '../safe-url';
import { describeZodIssues, frenchErrorMap } from '../validate';

const SCHEMA_BY_KIND: Record<RecordKind, z.ZodType<StoredRecord>> = STORED_BY_KIND;

export type Checked<T> = { ok: true; value: T; warnings?: string[] } | { ok: false; reason: string };

function schemaFor(input: unknown): z.ZodType<StoredRecord> {
  const kind: unknown =
    typeof input === 'object' && input !== null ? (input as { kind?: unknown }).kind : undefined;
  return typeof kind === 'string' && (RECORD_KINDS as readonly string[]).includes(kind)
    ? SCHEMA_BY_KIND[kind as RecordKind]
    : StoredRecord;
}

/**
 * One stored record; the reason is worded like the save path's ("champ « date » : …"). A link
 * that is not a safe address is dropped with a warning, and the record's id becomes the one its
 * remaining facts give (as the save path would have given it).
 */
export function checkStoredRecord(raw: unknown): Checked<StoredRecord> {
  const { record: input, dropped } = dropUnsafeLinks(raw);
  const schema = schemaFor(input);
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = schema.safeParse(input, { error: frenchErrorMap }).error?.issues ?? parsed.error.issues;
    return { ok: false, reason: describeZodIssues(issues) };
  }
  const expected = recordId(parsed.data);
  if (dropped.length > 0) {
    return { ok: true, value: { ...parsed.data, id: expected }, warnings: dropped.map(droppedLinkWarning) };
  }
  // Merging is by id: an id that its facts do not give would merge with the wrong record.
  if (parsed.data.id !== expected) {
    return { ok: false, reason: `champ « id » : « ${parsed.data.id} » ne correspond pas à son contenu` };
  }
  return { ok: true, value: parsed.data };
}

export function checkCapture(input: unknown): Checked<Capture> {
  const parsed = Capture.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = Capture.safeParse(input, { error: frenchErrorMap }).error?.issues ?? parsed.error.issues;
  return { ok: false, reason: describeZodIssues(issues) };
}

/** "Enregistrement n°3 refusé : …", numbered from 1 as the save path does. */
export function recordRefusal(index: number, reason: string): string {
  return `Enregistrement n°${index + 1} refusé : ${reason}`;
}

export function captureRefusal(index: number, reason: string): string {
  return `Capture n°${index + 1} refusée : ${reason}`;
}
