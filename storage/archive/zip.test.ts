import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ArchiveError } from './envelope';
import { BlobSink } from './sink';
import { entryBytes, entryChunks, readZipDirectory } from './zip-read';
import { ZipWriter } from './zip-write';

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function sample(): Promise<Blob> {
  const sink = new BlobSink();
  const zip = new ZipWriter(sink, new Date(2026, 10, 28));
  const json = zip.open('archive.json');
  for (let i = 0; i < 2000; i++) json.write(`{"n":${i},"t":"Glycémie à jeun"},`);
  json.close();
  // Bytes that look like ZIP signatures inside data must not confuse the reader.
  zip.add('files/a.pdf', new Uint8Array([0x50, 0x4b, 0x07, 0x08, 0x50, 0x4b, 0x01, 0x02, 1, 2, 3]), {
    store: true,
  });
  zip.add('LISEZ-MOI.txt', 'Bonjour é');
  zip.end();
  return sink.toBlob('application/zip');
}

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'none';
  } catch (error) {
    return error instanceof ArchiveError ? error.code : String(error);
  }
}

describe('ZIP', () => {
  it('writes a ZIP that fflate reads whole', async () => {
    const files = unzipSync(new Uint8Array(await (await sample()).arrayBuffer()));
    expect(Object.keys(files)).toEqual(['archive.json', 'files/a.pdf', 'LISEZ-MOI.txt']);
    expect(decode(files['LISEZ-MOI.txt']!)).toBe('Bonjour é');
    expect(decode(files['archive.json']!).split('},').length).toBe(2001);
  });

  it('reads entries from the central directory, streamed or whole', async () => {
    const blob = await sample();
    const dir = await readZipDirectory(blob);
    expect([...dir.keys()]).toEqual(['archive.json', 'files/a.pdf', 'LISEZ-MOI.txt']);
    expect(dir.get('files/a.pdf')).toMatchObject({ compression: 0, size: 11, compressedSize: 11 });
    expect(dir.get('archive.json')?.compression).toBe(8);
    const pdf = await entryBytes(blob, dir.get('files/a.pdf')!);
    expect([...pdf]).toEqual([0x50, 0x4b, 0x07, 0x08, 0x50, 0x4b, 0x01, 0x02, 1, 2, 3]);
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of entryChunks(blob, dir.get('archive.json')!))
      text += decoder.decode(chunk, { stream: true });
    expect(text.startsWith('{"n":0,"t":"Glycémie à jeun"},')).toBe(true);
    expect(new TextEncoder().encode(text).byteLength).toBe(dir.get('archive.json')!.size);
  });

  it('says a cut-off or damaged ZIP is so', async () => {
    const blob = await sample();
    expect(await codeOf(() => readZipDirectory(blob.slice(0, blob.size - 30)))).toBe('truncated');
    expect(await codeOf(() => readZipDirectory(blob.slice(0, 100)))).toBe('truncated');
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const dir = await readZipDirectory(blob);
    const entry = dir.get('archive.json')!;
    const damaged = bytes.slice();
    for (let i = 60; i < 90; i++) damaged[i] = 0xff;
    expect(
      await codeOf(async () => {
        for await (const _ of entryChunks(new Blob([damaged]), entry)) void _;
      }),
    ).toBe('corrupt-file');
  });
});
