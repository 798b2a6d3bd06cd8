import { describe, expect, it } from 'vitest';
import { checkBlobSize, readResponseCapped, readTextCapped, TooLargeError } from './bounded-read';
import { LIMITS } from './limits';

const MiB = 1024 * 1024;

/** A body sent in 1 MiB chunks with no length announced, as a chunked answer is; counts the pulls. */
function chunked(totalBytes: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const left = totalBytes - state.pulled * MiB;
      if (left <= 0) return controller.close();
      state.pulled++;
      controller.enqueue(new Uint8Array(Math.min(MiB, left)).fill(0x61));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { response: new Response(stream), state };
}

describe('readResponseCapped', () => {
  it('reads a body under the limit whole, with or without an announced length', async () => {
    const { response } = chunked(3 * MiB + 5);
    expect(response.headers.get('content-length')).toBeNull();
    expect((await readResponseCapped(response, 'pageBytes', 'la page')).byteLength).toBe(3 * MiB + 5);
    expect(await readTextCapped(new Response('é<p>'), 'pageBytes', 'la page')).toBe('é<p>');
  });

  it('stops a chunked body as soon as it passes the limit, and tells the sender to stop', async () => {
    const limit = LIMITS.pageBytes.value;
    const { response, state } = chunked(limit * 10);
    const error = await readResponseCapped(response, 'pageBytes', 'la page suivante').catch((e) => e);
    expect(error).toBeInstanceOf(TooLargeError);
    expect(error.message).toBe('la page suivante dépasse 20 Mo : rien n’en a été gardé');
    // The limit plus the chunk that crossed it (and the one the stream had queued ahead), never the rest.
    expect(state.pulled).toBeLessThanOrEqual(limit / MiB + 2);
    expect(state.cancelled).toBe(true);
  });

  it('refuses an announced length over the limit before reading a byte', async () => {
    const { response, state } = chunked(MiB);
    const announced = new Response(response.body, {
      headers: { 'content-length': String(LIMITS.fileBytes.value + 1) },
    });
    await expect(readResponseCapped(announced, 'fileBytes', 'le fichier')).rejects.toThrow(
      'le fichier dépasse 20 Mo',
    );
    expect(state.pulled).toBeLessThanOrEqual(1);
  });

  it('does not trust an announced length that is smaller than the body', async () => {
    const { response } = chunked(LIMITS.fileBytes.value + MiB);
    const lying = new Response(response.body, { headers: { 'content-length': '10' } });
    await expect(readResponseCapped(lying, 'fileBytes', 'le fichier')).rejects.toBeInstanceOf(TooLargeError);
  });

  it('checks a chosen file by its size', () => {
    expect(() => checkBlobSize(new Blob(['x']), 'fileBytes', 'le document')).not.toThrow();
    const big = { size: LIMITS.archiveBytes.value + 1 } as Blob;
    expect(() => checkBlobSize(big, 'archiveBytes', 'l’archive')).toThrow('l’archive dépasse 4 Go');
  });
});
