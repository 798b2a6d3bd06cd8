/**
 * A research share sealed to its study's public key, so that only the study can open it
 * (docs/research.md): ECDH on P-256 between a key pair made for this share alone and the study's
 * key, HKDF-SHA-256 from the shared secret, AES-256-GCM over the share's JSON. The envelope's
 * header (format, study, key, the share's public key, salt, nonce) is authenticated with it: a
 * share moved to another study or altered in any byte does not open.
 *
 * WebCrypto only: the same code runs in the dashboard (sealing) and in Node (the pool, opening).
 */
import { z } from 'zod';
import { LIMITS, describeLimit } from '../limits';
import { fromBase64url, keyId, StudyPublicKey, toBase64url, type Study } from './study';

export const SHARE_FORMAT = 'mes-donnees-sante/research-share';
export const SHARE_VERSION = 1;
export const SHARE_ALGORITHM = 'ECDH-P256+HKDF-SHA256+A256GCM';
/** Binds the derived key to this use of it. */
const INFO = 'mes-donnees-sante research share v1';

const bytes = (length: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .refine((text) => Math.floor((text.length * 3) / 4) === length, { message: `${length} octets attendus` });

export const SealedShare = z.strictObject({
  format: z.literal(SHARE_FORMAT),
  version: z.literal(SHARE_VERSION),
  study: z.string().min(1).max(64),
  /** The study key's thumbprint (./study.ts keyId). */
  key: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  algorithm: z.literal(SHARE_ALGORITHM),
  /** The public half of the key pair made for this share. */
  shareKey: StudyPublicKey,
  salt: bytes(16),
  iv: bytes(12),
  // Checked as base64url when decoded: a regular expression over megabytes costs as much.
  ciphertext: z.string().min(1),
});
export type SealedShare = z.infer<typeof SealedShare>;

/** Why a share does not open, one code per reason (the pool prints each in words). */
export type OpenErrorCode = 'not-a-share' | 'too-large' | 'newer-version' | 'other-study' | 'damaged';

export class OpenError extends Error {
  constructor(
    readonly code: OpenErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OpenError';
  }
}

const P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;

function header(share: Omit<SealedShare, 'ciphertext'>): Uint8Array {
  const { format, version, study, key, algorithm, shareKey, salt, iv } = share;
  return new TextEncoder().encode(
    JSON.stringify([format, version, study, key, algorithm, shareKey.x, shareKey.y, salt, iv]),
  );
}

async function aesKey(privateKey: CryptoKey, publicKey: CryptoKey, salt: Uint8Array, study: string) {
  const secret = await crypto.subtle.deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256);
  const hkdf = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: salt as BufferSource,
      info: new TextEncoder().encode(`${INFO}|${study}`),
    },
    hkdf,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** Seals `plaintext` (the share's JSON) to the study's public key. */
export async function sealShare(plaintext: string, study: Study): Promise<SealedShare> {
  const studyKey = await crypto.subtle.importKey('jwk', { ...study.publicKey, ext: true }, P256, false, []);
  const pair = (await crypto.subtle.generateKey(P256, true, ['deriveBits'])) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const head = {
    format: SHARE_FORMAT,
    version: SHARE_VERSION,
    study: study.id,
    key: await keyId(study.publicKey),
    algorithm: SHARE_ALGORITHM,
    shareKey: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! },
    salt: toBase64url(salt),
    iv: toBase64url(iv),
  } as const;
  const key = await aesKey(pair.privateKey, studyKey, salt, study.id);
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: header(head) as BufferSource },
    key,
    new TextEncoder().encode(plaintext),
  );
  return { ...head, ciphertext: toBase64url(new Uint8Array(sealed)) };
}

/** A share opened: its JSON as text, and the same as the UTF-8 bytes it was sealed from. */
export interface OpenedShare {
  text: string;
  bytes: Uint8Array;
}

/**
 * Opens shares with the study's private key, imported and thumbprinted once for all of them (a
 * pool opens a hundred at a time): an OpenError when the text is not a share, is for another
 * study or key, or was altered (AES-GCM's tag does not match).
 */
export async function shareOpener(
  study: Study,
  privateKey: JsonWebKey,
): Promise<(text: string) => Promise<OpenedShare>> {
  const studyKeyId = await keyId(study.publicKey);
  let studyKey: CryptoKey | null = null;
  return async (text) => {
    if (text.length > LIMITS.shareBytes.value) {
      throw new OpenError('too-large', `plus de ${describeLimit('shareBytes')} : ce n'est pas un partage`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new OpenError('not-a-share', "ce n'est pas un partage pour la recherche (pas du JSON)");
    }
    const format = (json as { format?: unknown } | null)?.format;
    const version = (json as { version?: unknown } | null)?.version;
    if (format !== SHARE_FORMAT)
      throw new OpenError('not-a-share', "ce n'est pas un partage pour la recherche");
    if (typeof version === 'number' && version > SHARE_VERSION) {
      throw new OpenError(
        'newer-version',
        `partage de version ${version}, plus récente que cet outil (${SHARE_VERSION})`,
      );
    }
    const parsed = SealedShare.safeParse(json);
    if (!parsed.success) throw new OpenError('damaged', 'enveloppe du partage incomplète ou altérée');
    const share = parsed.data;
    if (share.study !== study.id) {
      throw new OpenError('other-study', `partage pour une autre étude (« ${share.study} »)`);
    }
    if (share.key !== studyKeyId) {
      throw new OpenError('other-study', "partage scellé pour une autre clé que celle de l'étude");
    }
    try {
      studyKey ??= await crypto.subtle.importKey('jwk', privateKey, P256, false, ['deriveBits']);
      const shareKey = await crypto.subtle.importKey(
        'jwk',
        { ...share.shareKey, ext: true },
        P256,
        false,
        [],
      );
      const key = await aesKey(studyKey, shareKey, fromBase64url(share.salt), share.study);
      const { ciphertext, ...head } = share;
      const plain = new Uint8Array(
        await crypto.subtle.decrypt(
          {
            name: 'AES-GCM',
            iv: fromBase64url(share.iv) as BufferSource,
            additionalData: header(head) as BufferSource,
          },
          key,
          fromBase64url(ciphertext) as BufferSource,
        ),
      );
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(plain), bytes: plain };
    } catch {
      throw new OpenError('damaged', 'partage altéré ou abîmé : il ne s’ouvre pas avec la clé de l’étude');
    }
  };
}

/** One share's JSON, opened with the study's private key (see shareOpener). */
export async function openShare(text: string, study: Study, privateKey: JsonWebKey): Promise<string> {
  return (await (await shareOpener(study, privateKey))(text)).text;
}

/** A study's key pair: the public half goes in the study file, the private half stays with it. */
export async function makeStudyKeys(): Promise<{ publicKey: StudyPublicKey; privateKey: JsonWebKey }> {
  const pair = (await crypto.subtle.generateKey(P256, true, ['deriveBits'])) as CryptoKeyPair;
  const pub = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const priv = await crypto.subtle.exportKey('jwk', pair.privateKey);
  return { publicKey: { kty: 'EC', crv: 'P-256', x: pub.x!, y: pub.y! }, privateKey: priv };
}
