/**
 * Passphrase protection for any export: AES-256-GCM with a key derived by PBKDF2-HMAC-SHA-256,
 * all through WebCrypto. Nothing here is cryptography of its own: it only frames WebCrypto's
 * output so that a file of any size is encrypted and decrypted a segment at a time.
 *
 * The file ("MDMS-ENC", version 1), integers big-endian:
 *
 *   offset  size  field
 *   0       8     magic "MDMS-ENC"
 *   8       1     format version (1)
 *   9       1     key derivation: 1 = PBKDF2-HMAC-SHA-256
 *   10      4     PBKDF2 iterations (≥ 600 000, OWASP's 2023 figure for SHA-256)
 *   14      16    salt (random)
 *   30      7     nonce prefix (random)
 *   37      4     segment size S (plaintext bytes per segment)
 *   41      16    key check: the GCM tag of an empty message, IV = prefix ‖ FFFFFFFF ‖ 00
 *   57      …     segments: segment i is AES-GCM of plaintext bytes [i·S, (i+1)·S), tag
 *                 appended (S + 16 bytes, the last one shorter), IV = prefix ‖ i ‖ last flag
 *
 * Every GCM call authenticates bytes 0–40 as additional data, so a changed header fails. The
 * segment counter and "last" flag in the IV are the STREAM construction (Hoang, Reyhanitabar,
 * Rogaway, Vizár, CRYPTO 2015; also used by Tink's streaming AEAD and age): segments cannot be
 * reordered, dropped, or cut off at the end without failing. The key check tells a wrong
 * passphrase from a damaged file before any data is decrypted.
 */
import { describeLimit, LIMITS } from '../limits';
import { ArchiveError } from './envelope';
import { BlobSink, type OnProgress, yieldToPage } from './sink';

const MAGIC = new TextEncoder().encode('MDMS-ENC');
const VERSION = 1;
const KDF_PBKDF2_SHA256 = 1;
export const MIN_ITERATIONS = LIMITS.pbkdf2MinIterations.value;
const MAX_ITERATIONS = LIMITS.pbkdf2MaxIterations.value;
const SALT = 16;
const PREFIX = 7;
const TAG = 16;
const HEADER = 41;
const PREAMBLE = HEADER + TAG;
export const SEGMENT_SIZE = 1 << 20;
const CHECK_INDEX = 0xffffffff;

export function isEncrypted(head: Uint8Array): boolean {
  return MAGIC.every((byte, i) => head[i] === byte);
}

async function deriveKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number) {
  // NFC: the same passphrase typed on two systems can arrive as different code points.
  const secret = new TextEncoder().encode(passphrase.normalize('NFC'));
  const base = await crypto.subtle.importKey('raw', secret, 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

function iv(prefix: Uint8Array, index: number, last: boolean): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(12);
  out.set(prefix, 0);
  new DataView(out.buffer).setUint32(PREFIX, index);
  out[11] = last ? 1 : 0;
  return out;
}

function gcm(nonce: Uint8Array<ArrayBuffer>, header: Uint8Array<ArrayBuffer>): AesGcmParams {
  return { name: 'AES-GCM', iv: nonce, additionalData: header, tagLength: 128 };
}

export interface EncryptOptions {
  iterations?: number;
  segmentSize?: number;
  onProgress?: OnProgress;
}

export async function encryptBlob(
  plain: Blob,
  passphrase: string,
  options: EncryptOptions = {},
): Promise<Blob> {
  const iterations = options.iterations ?? MIN_ITERATIONS;
  const segmentSize = options.segmentSize ?? SEGMENT_SIZE;
  if (passphrase.length === 0) throw new Error('phrase de passe vide');
  if (iterations < MIN_ITERATIONS) throw new Error(`au moins ${MIN_ITERATIONS} itérations`);
  const header = new Uint8Array(HEADER);
  const view = new DataView(header.buffer);
  header.set(MAGIC, 0);
  header[8] = VERSION;
  header[9] = KDF_PBKDF2_SHA256;
  view.setUint32(10, iterations);
  const salt = crypto.getRandomValues(new Uint8Array(SALT));
  const prefix = crypto.getRandomValues(new Uint8Array(PREFIX));
  header.set(salt, 14);
  header.set(prefix, 30);
  view.setUint32(37, segmentSize);
  const key = await deriveKey(passphrase, salt, iterations);
  const check = await crypto.subtle.encrypt(
    gcm(iv(prefix, CHECK_INDEX, false), header),
    key,
    new Uint8Array(0),
  );

  const sink = new BlobSink();
  sink.write(header);
  sink.write(new Uint8Array(check));
  const segments = Math.max(1, Math.ceil(plain.size / segmentSize));
  for (let i = 0; i < segments; i++) {
    const chunk = await plain.slice(i * segmentSize, (i + 1) * segmentSize).arrayBuffer();
    const sealed = await crypto.subtle.encrypt(gcm(iv(prefix, i, i === segments - 1), header), key, chunk);
    sink.write(new Uint8Array(sealed));
    options.onProgress?.({ phase: 'encrypt', done: i + 1, total: segments });
    await yieldToPage();
  }
  return sink.toBlob('application/octet-stream');
}

export async function decryptBlob(
  sealed: Blob,
  passphrase: string,
  options: { onProgress?: OnProgress; type?: string } = {},
): Promise<Blob> {
  if (sealed.size < PREAMBLE) throw new ArchiveError('truncated');
  const preamble = new Uint8Array(await sealed.slice(0, PREAMBLE).arrayBuffer());
  if (!isEncrypted(preamble)) throw new ArchiveError('not-archive');
  const header = preamble.slice(0, HEADER);
  const view = new DataView(header.buffer);
  const iterations = view.getUint32(10);
  const segmentSize = view.getUint32(37);
  if (header[8] !== VERSION) throw new ArchiveError('newer-version', `MDMS-ENC ${header[8]}`);
  // Checked before any key is derived: a header is whatever its maker wrote.
  if (header[9] !== KDF_PBKDF2_SHA256)
    throw new ArchiveError('unknown-format', `MDMS-ENC, dérivation ${header[9]}`);
  if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new ArchiveError(
      'unknown-format',
      `MDMS-ENC, ${iterations} itérations (de ${describeLimit('pbkdf2MinIterations')} à ${describeLimit('pbkdf2MaxIterations')})`,
    );
  }
  if (segmentSize < 1024 || segmentSize > 1 << 26) {
    throw new ArchiveError('unknown-format', `MDMS-ENC, segments de ${segmentSize} octets`);
  }
  const salt = header.slice(14, 14 + SALT);
  // A random salt is never one byte repeated: such a header was made by hand.
  if (salt.every((byte) => byte === salt[0]))
    throw new ArchiveError('unknown-format', 'MDMS-ENC, sel non aléatoire');
  const prefix = header.slice(30, 30 + PREFIX);
  const key = await deriveKey(passphrase, salt, iterations);
  try {
    await crypto.subtle.decrypt(gcm(iv(prefix, CHECK_INDEX, false), header), key, preamble.slice(HEADER));
  } catch {
    throw new ArchiveError('wrong-passphrase');
  }

  const body = sealed.size - PREAMBLE;
  const stride = segmentSize + TAG;
  const segments = Math.max(1, Math.ceil(body / stride));
  const sink = new BlobSink();
  for (let i = 0; i < segments; i++) {
    const start = PREAMBLE + i * stride;
    const chunk = await sealed.slice(start, Math.min(start + stride, sealed.size)).arrayBuffer();
    const last = i === segments - 1;
    try {
      sink.write(new Uint8Array(await crypto.subtle.decrypt(gcm(iv(prefix, i, last), header), key, chunk)));
    } catch {
      // The key is right, so the data changed; at the end, that is most often a cut-off file.
      throw new ArchiveError(last ? 'truncated' : 'corrupt-file');
    }
    options.onProgress?.({ phase: 'decrypt', done: i + 1, total: segments });
    await yieldToPage();
  }
  return sink.toBlob(options.type ?? '');
}
