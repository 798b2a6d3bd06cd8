/**
 * Writing a ZIP as a stream with fflate: each file is compressed as its pieces arrive and the
 * output goes straight into a ByteSink, so the archive is never whole in memory uncompressed.
 * fflate's synchronous classes are used on purpose: its asynchronous ones start workers from
 * blob: URLs, which an extension page's content security policy forbids.
 */
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { ByteSink } from './sink';

export interface ZipEntry extends ByteSink {
  close(): void;
}

const encoder = new TextEncoder();

export class ZipWriter {
  private readonly zip: Zip;
  private failure: Error | null = null;
  private finished = false;

  constructor(
    sink: ByteSink,
    private readonly mtime: Date = new Date(),
  ) {
    this.zip = new Zip((error, chunk, final) => {
      if (error) this.failure = error;
      else sink.write(chunk);
      if (final) this.finished = true;
    });
  }

  /**
   * A new file, written through the returned entry, then closed. `store` keeps the bytes as they
   * are (PDFs and images are compressed already, and stay readable in place).
   */
  open(name: string, { store = false }: { store?: boolean } = {}): ZipEntry {
    const file = store ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 });
    file.mtime = this.mtime;
    this.zip.add(file);
    this.check();
    return {
      write: (chunk) => {
        file.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk, false);
        this.check();
      },
      close: () => {
        file.push(new Uint8Array(0), true);
        this.check();
      },
    };
  }

  /** A whole small file at once. */
  add(name: string, data: string | Uint8Array, options: { store?: boolean } = {}): void {
    const entry = this.open(name, options);
    entry.write(data);
    entry.close();
  }

  end(): void {
    this.zip.end();
    this.check();
    if (!this.finished) throw new Error("ZIP inachevé : un fichier n'a pas été fermé");
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}
