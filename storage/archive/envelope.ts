/**
 * The archive envelope of docs/records.md ("Archive (export / import)"), its version
 * history, and the errors an import reports. Like Dexie's export-import addon, the envelope names
 * its format and version first, so a reader knows what it holds before it reads any record.
 */
import { FROM_DOCUMENT_KINDS } from '../migrations';
import type { StoredRecord } from '../schemas';
import type { CaptureRow } from '../db';

export const ARCHIVE_FORMAT = 'mes-donnees-sante/archive';
/** The version this code writes. Bump it (and append an upgrade) when a record field changes. */
export const ARCHIVE_VERSION = 2;

export interface AppInfo {
  name: string;
  version: string;
}

/** The envelope's members other than its two lists, in the order the spec shows them. */
export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  exportedAt: string;
  app: AppInfo;
}

export interface ArchiveEnvelope extends ArchiveHeader {
  records: StoredRecord[];
  captures: CaptureRow[];
}

/**
 * Why an archive was refused. The interface words each code in the person's language; `detail`
 * carries what only the archive can say (a record's number and reason, a version, a file name).
 */
export type ArchiveErrorCode =
  | 'not-archive'
  | 'unknown-format'
  | 'newer-version'
  | 'invalid-record'
  | 'passphrase-required'
  | 'wrong-passphrase'
  | 'truncated'
  | 'corrupt-file'
  /** Over one of storage/limits.ts's bounds: the detail names what and which bound. */
  | 'too-large'
  /** JSON nested deeper than any record is. */
  | 'too-deep'
  /** A ZIP entry that inflates far beyond its compressed size, or beyond what it declared. */
  | 'zip-bomb'
  /** A ZIP entry named with `..`, an absolute path or a drive letter. */
  | 'unsafe-name';

/** A refusal quotes what it refused, briefly: a hostile archive's 5 MB id is not a message. */
const MAX_DETAIL = 300;

export class ArchiveError extends Error {
  readonly detail: string;

  constructor(
    readonly code: ArchiveErrorCode,
    detail = '',
  ) {
    const brief = detail.length > MAX_DETAIL ? `${detail.slice(0, MAX_DETAIL)}…` : detail;
    super(brief ? `${code}: ${brief}` : code);
    this.detail = brief;
    this.name = 'ArchiveError';
  }
}

/**
 * One step of the archive's history: how a record or capture written by version `from` becomes
 * one of version `from + 1`. Steps are appended, never edited, like the database's schema history.
 */
export interface ArchiveUpgrade {
  from: number;
  record?: (raw: unknown) => unknown;
  capture?: (raw: unknown) => unknown;
}

/**
 * Version 2 (docs/records.md): lab results, medications and immunizations say which document
 * they were read from (`fromDocument`); a version 1 archive's were all read from pages. Its
 * captures are unchanged.
 */
export const ARCHIVE_UPGRADES: readonly ArchiveUpgrade[] = [
  {
    from: 1,
    record: (raw) => {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
      const record = raw as Record<string, unknown>;
      const kinds: readonly unknown[] = FROM_DOCUMENT_KINDS;
      return kinds.includes(record['kind']) && !('fromDocument' in record)
        ? { ...record, fromDocument: null }
        : raw;
    },
  },
];

/**
 * The steps that bring an archive of `version` to ARCHIVE_VERSION, oldest first; throws an
 * ArchiveError saying why when it cannot be read (newer, or a version this code never knew).
 */
export function upgradePath(
  version: unknown,
  upgrades: readonly ArchiveUpgrade[] = ARCHIVE_UPGRADES,
  current: number = ARCHIVE_VERSION,
): ArchiveUpgrade[] {
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw new ArchiveError('unknown-format', `version ${JSON.stringify(version) ?? 'absente'}`);
  }
  if (version > current) throw new ArchiveError('newer-version', String(version));
  const path: ArchiveUpgrade[] = [];
  for (let v = version; v < current; v++) {
    const step = upgrades.find((u) => u.from === v);
    if (!step) throw new ArchiveError('unknown-format', `version ${version}`);
    path.push(step);
  }
  return path;
}

export function upgradeRecord(raw: unknown, path: readonly ArchiveUpgrade[]): unknown {
  return path.reduce((value, step) => (step.record ? step.record(value) : value), raw);
}

export function upgradeCapture(raw: unknown, path: readonly ArchiveUpgrade[]): unknown {
  return path.reduce((value, step) => (step.capture ? step.capture(value) : value), raw);
}

/** `mes-donnees-sante-2026-11-28` (the local day), the stem of every exported file's name. */
export function archiveStem(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `mes-donnees-sante-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
