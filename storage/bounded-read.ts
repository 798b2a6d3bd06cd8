/**
 * The one way the product reads a body from outside: a portal's answer, a downloaded file, a
 * dropped file. Bytes are counted as they arrive and the read stops at the limit, whether or not
 * the sender announced a length (a chunked answer announces none), so nothing over the limit is
 * ever held, and nothing partial is handed on.
 */
import { describeLimit, LIMITS, type LimitName } from './limits';

export class TooLargeError extends Error {
  constructor(
    readonly what: string,
    readonly limit: LimitName,
  ) {
    super(`${what} dépasse ${describeLimit(limit)} : rien n’en a été gardé`);
    this.name = 'TooLargeError';
  }
}

/**
 * A chunk as our own bytes. Firefox hands a content script the page's chunks when it reads a
 * response of the page's own fetch, and a page's typed array cannot be read from directly
 * (« Permission denied to access property … »): it crosses through a Blob.
 */
async function ownBytes(chunk: Uint8Array): Promise<Uint8Array> {
  try {
    if (chunk instanceof Uint8Array) return chunk;
    return new Uint8Array(chunk);
  } catch {
    return new Uint8Array(await new Blob([chunk as BlobPart]).arrayBuffer());
  }
}

/** Reads a stream whole, or throws TooLargeError as soon as it passes `limit` (and cancels it). */
export async function readStreamCapped(
  stream: ReadableStream<Uint8Array>,
  limit: LimitName,
  what: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const max = LIMITS[limit].value;
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const bytes = await ownBytes(value);
      total += bytes.byteLength;
      if (total > max) {
        // Tell the sender to stop: the rest is never read.
        void reader.cancel().catch(() => undefined);
        throw new TooLargeError(what, limit);
      }
      chunks.push(bytes);
    }
  } finally {
    reader.releaseLock();
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** The body of an answer, capped: refused at once when its announced length is over the limit. */
export async function readResponseCapped(
  response: Response,
  limit: LimitName,
  what: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const announced = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(announced) && announced > LIMITS[limit].value) {
    void response.body?.cancel().catch(() => undefined);
    throw new TooLargeError(what, limit);
  }
  if (!response.body) return new Uint8Array(0);
  return readStreamCapped(response.body, limit, what);
}

/** Text of an answer, capped, decoded as UTF-8 (as `Response.text()` does). */
export async function readTextCapped(response: Response, limit: LimitName, what: string): Promise<string> {
  return new TextDecoder().decode(await readResponseCapped(response, limit, what));
}

/** A file the person chose: its size is known before anything is read. */
export function checkBlobSize(blob: Blob, limit: LimitName, what: string): void {
  if (blob.size > LIMITS[limit].value) throw new TooLargeError(what, limit);
}
