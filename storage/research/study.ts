/**
 * A study file: what researchers hand to the testers of a study (docs/research.md). It names the
 * study, says why and who to ask, which kinds and fields it asks for, over which period and with
 * which precision of dates, and carries the public key shares are sealed to. It comes from
 * outside: read with its size bounded, every field checked, its texts shown as text only.
 */
import { z } from 'zod';
import { fromBase64, toBase64 } from '../base64';
import { LIMITS, describeLimit } from '../limits';
import { isShareableKind, SHARE_FIELDS, shareField, type ShareableKind } from './fields';

export const STUDY_FORMAT = 'mes-donnees-sante/study';
export const STUDY_VERSION = 1;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date attendue au format AAAA-MM-JJ' });
const base64url = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { message: 'coordonnée de clé invalide' });
const words = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // Control and direction characters could hide or reorder what the person reads.
    // eslint-disable-next-line no-control-regex -- control characters are what it refuses
    .refine((s) => !/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(s), {
      message: 'caractères de contrôle',
    });

/** The public half of a study's ECDH P-256 key pair, as a JSON Web Key. */
export const StudyPublicKey = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: base64url,
  y: base64url,
});
export type StudyPublicKey = z.infer<typeof StudyPublicKey>;

export type DatePrecision = 'day' | 'week' | 'month';

const StudyFile = z.strictObject({
  format: z.literal(STUDY_FORMAT),
  version: z.literal(STUDY_VERSION),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, { message: 'identifiant d’étude invalide' }),
  name: words(200),
  purpose: words(4000),
  /** Who to write to: an address or a phone, shown as text (never a link). */
  contact: words(300),
  period: z.strictObject({ from: day, to: day }),
  dates: z.enum(['day', 'week', 'month']),
  /** Per kind, the fields asked for (fields.ts); the date is always part of a kind asked for. */
  asks: z.record(z.string(), z.array(z.string()).min(1).max(32)),
  publicKey: StudyPublicKey,
});

export type Study = Omit<z.infer<typeof StudyFile>, 'asks'> & {
  asks: Partial<Record<ShareableKind, string[]>>;
};

/** Why a study file is refused: one code per reason, worded by the dashboard in its language. */
export type StudyErrorCode = 'too-large' | 'not-json' | 'invalid' | 'period' | 'never-shared' | 'nothing';

export class StudyError extends Error {
  /**
   * @param detail what the words need: the limit, the field at fault, the fields never shared.
   * @param message in French, for the CLI and the logs.
   */
  constructor(
    readonly code: StudyErrorCode,
    readonly detail: string,
    message: string,
  ) {
    super(message);
    this.name = 'StudyError';
  }
}

/**
 * A study from the text of its file, or a StudyError that says in French what is wrong: too
 * large, not JSON, not a study file, a field no share may ever hold.
 */
export function parseStudy(text: string): Study {
  if (text.length > LIMITS.studyFileBytes.value) {
    const limit = describeLimit('studyFileBytes');
    throw new StudyError('too-large', limit, `Ce fichier d’étude dépasse ${limit} : ce n’en est pas un.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new StudyError(
      'not-json',
      '',
      'Ce fichier n’est pas un fichier d’étude (il n’est pas au format JSON).',
    );
  }
  const parsed = StudyFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'fichier';
    throw new StudyError(
      'invalid',
      where,
      `Ce fichier d’étude n’est pas valide (${where} : ${issue?.message ?? 'forme inattendue'}).`,
    );
  }
  const study = parsed.data;
  if (study.period.from > study.period.to) {
    throw new StudyError(
      'period',
      '',
      'Ce fichier d’étude n’est pas valide : sa période finit avant de commencer.',
    );
  }
  const asks: Partial<Record<ShareableKind, string[]>> = {};
  for (const [kind, fields] of Object.entries(study.asks)) {
    if (!isShareableKind(kind)) {
      throw new StudyError(
        'never-shared',
        kind,
        `Cette étude demande « ${kind} », que l’extension ne partage jamais.`,
      );
    }
    const unknown = fields.filter((name) => !shareField(kind, name));
    if (unknown.length > 0) {
      const named = `${unknown.map((name) => `« ${name} »`).join(', ')} (${kind})`;
      throw new StudyError(
        'never-shared',
        named,
        `Cette étude demande ${named}, que l’extension ne partage jamais.`,
      );
    }
    // In the catalogue's order, each once, the date always.
    const wanted = new Set(['date', ...fields]);
    asks[kind] = shareFieldNames(kind).filter((name) => wanted.has(name));
  }
  if (Object.keys(asks).length === 0)
    throw new StudyError('nothing', '', 'Cette étude ne demande aucune donnée.');
  return { ...study, asks };
}

/** The names of a kind's fields, in the catalogue's order. */
export function shareFieldNames(kind: ShareableKind): string[] {
  return SHARE_FIELDS[kind].map((field) => field.name);
}

/** RFC 7638's thumbprint of the study's public key (base64url SHA-256): which key a share is for. */
export async function keyId(key: StudyPublicKey): Promise<string> {
  const canonical = JSON.stringify({ crv: key.crv, kty: key.kty, x: key.x, y: key.y });
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonical));
  return toBase64url(new Uint8Array(digest));
}

export function toBase64url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

interface NodeBuffer {
  from(text: string, encoding: 'base64url'): Uint8Array<ArrayBuffer>;
}

/**
 * base64url to bytes; throws on any other character. A share's ciphertext is megabytes: in Node
 * (the researcher's pool) its native decoder is used, several times faster than `atob`.
 */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  if (text.length % 4 === 1 || !/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('base64url attendu');
  const buffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;
  if (buffer) return buffer.from(text, 'base64url');
  return fromBase64(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
}
