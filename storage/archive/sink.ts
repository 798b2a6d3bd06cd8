/**
 * Building large files in pieces. An export of 100 000 records is tens of megabytes of text: it is
 * written a page of records at a time into small Blobs, which the browser may keep out of the
 * JavaScript heap, and joined at the end without copying, never as one giant string.
 */

/** What an export writes into: text or bytes, in order. */
export interface ByteSink {
  write(chunk: string | Uint8Array): void;
}

const FLUSH_AT = 1 << 20;

export class BlobSink implements ByteSink {
  private readonly blobs: Blob[] = [];
  private pending: (string | Uint8Array<ArrayBuffer>)[] = [];
  private pendingSize = 0;

  write(chunk: string | Uint8Array): void {
    if (typeof chunk === 'string') {
      this.pending.push(chunk);
      this.pendingSize += chunk.length;
    } else {
      // Blob copies the bytes when it is built: the chunk's buffer is not kept.
      this.pending.push(chunk as Uint8Array<ArrayBuffer>);
      this.pendingSize += chunk.byteLength;
    }
    if (this.pendingSize >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.blobs.push(new Blob(this.pending));
    this.pending = [];
    this.pendingSize = 0;
  }

  toBlob(type: string): Blob {
    this.flush();
    return new Blob(this.blobs, { type });
  }
}

/**
 * Lets the page paint and answer clicks between two pages of work. A macrotask, not a microtask:
 * awaiting a resolved promise would keep the event loop busy until the whole export is done.
 */
export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export interface Progress {
  /** What is being done: the interface words it. */
  phase: ProgressPhase;
  done: number;
  /** 0 when unknown. */
  total: number;
}

export type ProgressPhase =
  'records' | 'captures' | 'csv' | 'fhir' | 'files' | 'encrypt' | 'decrypt' | 'read' | 'write';

export type OnProgress = (progress: Progress) => void;
