/**
 * Every size the product accepts from outside, named once with its reason: pages and answers
 * of the portals, document files, archives and their entries, JSON nesting, key derivation.
 * Code that reads untrusted input takes its bound from here; the README's privacy section lists
 * them (a test checks that it names each one).
 */

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export type LimitUnit =
  | 'bytes'
  | 'count'
  | 'ratio'
  | 'levels'
  | 'characters'
  | 'iterations'
  | 'pages'
  | 'requests'
  | 'milliseconds';

export interface Limit {
  value: number;
  unit: LimitUnit;
  /** Why this figure, in a sentence (English: it is for the project's readers). */
  reason: string;
}

export const LIMITS = {
  pageBytes: {
    value: 20 * MiB,
    unit: 'bytes',
    reason:
      'a history page or an in-session answer of a portal is at most a few megabytes; more would only freeze the tab',
  },
  fileBytes: {
    value: 20 * MiB,
    unit: 'bytes',
    reason: 'a portal document (a report, a statement) is a few hundred kilobytes; a scan a few megabytes',
  },
  archiveBytes: {
    value: 4 * GiB,
    unit: 'bytes',
    reason:
      'the largest archive a browser can hold as one file; years of records and files fit well below it',
  },
  zipEntries: {
    value: 50_000,
    unit: 'count',
    reason: "one entry per document file plus a few: years of a family's documents are a few thousand",
  },
  zipEntryBytes: {
    value: 2 * GiB,
    unit: 'bytes',
    reason: 'the archive JSON of a million records is about 600 MB; nothing an import reads is larger',
  },
  zipTotalBytes: {
    value: 4 * GiB,
    unit: 'bytes',
    reason: 'all that an import inflates, added up: what the browser could hold once',
  },
  zipRatio: {
    value: 100,
    unit: 'ratio',
    reason:
      'archive JSON deflates about 10:1 and PDFs barely; an entry over 1 MiB that claims more than 100:1 is a zip bomb',
  },
  manifestBytes: {
    value: 32 * MiB,
    unit: 'bytes',
    reason: "an archive's list of files has one short line per file: 50 000 files make about 15 MB",
  },
  jsonDepth: {
    value: 16,
    unit: 'levels',
    reason: 'a record or capture nests three levels at most (capture → problems → problem)',
  },
  jsonStringChars: {
    value: 1 * MiB,
    unit: 'characters',
    reason: 'the longest text a record holds is a cell or a title of a few hundred characters',
  },
  jsonElementChars: {
    value: 8 * MiB,
    unit: 'characters',
    reason:
      'one record or capture of the archive is a few kilobytes; a capture lists at most 10 000 problems',
  },
  pbkdf2MinIterations: {
    value: 600_000,
    unit: 'iterations',
    reason: "OWASP's 2023 figure for PBKDF2-HMAC-SHA-256: fewer would make a stolen file easy to guess",
  },
  pbkdf2MaxIterations: {
    value: 10_000_000,
    unit: 'iterations',
    reason: 'a file that asks for more would keep the browser busy for minutes before saying anything',
  },
  recordsPerCapture: {
    value: 50_000,
    unit: 'count',
    reason: 'the longest history page of a portal shows a few hundred lines',
  },
  recordsMessageChars: {
    value: 48_000_000,
    unit: 'characters',
    reason: 'below the 64 MiB that one browser message may carry',
  },
  channelRequests: {
    value: 5_000,
    unit: 'requests',
    reason:
      "one save's in-session requests: a payment's details each, so two years of a family's history is a few hundred",
  },
  channelConcurrency: {
    value: 4,
    unit: 'requests',
    reason: 'requests in flight at once, as a browser tab opening a few details would; one after a 429',
  },
  channelWaitMs: {
    value: 60_000,
    unit: 'milliseconds',
    reason:
      "the longest wait a portal's Retry-After is followed for; longer, the save says the portal is busy",
  },
  channelCacheChars: {
    value: 32 * MiB,
    unit: 'characters',
    reason: "answers kept in the page so that a retry resumes: a payment's details are a few kilobytes",
  },
  documentRecords: {
    value: 10_000,
    unit: 'count',
    reason:
      'results, vaccinations or lines one document gives: a lab report has a few hundred, a summary a few dozen',
  },
  packageDocuments: {
    value: 2_000,
    unit: 'count',
    reason:
      "documents read from one IHE XDM package (a portal's « download my record »): one summary per visit, a few hundred over years",
  },
  pdfPages: {
    value: 200,
    unit: 'pages',
    reason: 'a lab report prints on a few pages, a year of them on a few dozen',
  },
  studyFileBytes: {
    value: 64 * KiB,
    unit: 'bytes',
    reason: 'a study file is a name, a purpose, a list of fields and a public key: a few kilobytes',
  },
  shareRecords: {
    value: 200_000,
    unit: 'count',
    reason:
      "one person's records of a study's period: a heavy user of care has a few thousand a year, a decade of them fits",
  },
  shareBytes: {
    value: 256 * MiB,
    unit: 'bytes',
    reason: 'a research share of the most records a share holds (about 200 bytes each) with room to spare',
  },
  poolShares: {
    value: 10_000,
    unit: 'count',
    reason: 'the panel is a hundred testers; a pool of a study never holds this many shares at once',
  },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof LIMITS;

/** An entry this small is not held to the ratio: a few kilobytes of zeros compress well and harm nothing. */
export const ZIP_RATIO_FROM_BYTES = 1 * MiB;

/** "20 Mo", "4 Go", "600 000": a limit as the person reads it in a message. */
export function describeLimit(name: LimitName, locale: 'fr' | 'en' = 'fr'): string {
  const { value, unit } = LIMITS[name];
  if (unit !== 'bytes') return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB').format(value);
  const [size, word] =
    value >= GiB
      ? [value / GiB, locale === 'fr' ? 'Go' : 'GB']
      : value >= MiB
        ? [value / MiB, locale === 'fr' ? 'Mo' : 'MB']
        : [value / KiB, locale === 'fr' ? 'Ko' : 'KB'];
  return `${Math.round(size * 10) / 10} ${word}`.replace('.', locale === 'fr' ? ',' : '.');
}
