/**
 * What the export and import figures watch through the DevTools protocol: downloads (the browser
 * saves them under their guid in a temporary folder and tells when each is complete) and a page's
 * JS heap, sampled while a run goes on.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, CDPSession, Protocol } from 'puppeteer-core';
import type { HeapRun } from './figure';
import { sleep } from './stats';

export interface Download {
  path: string;
  /** `performance.now()` in Node when the browser reported it complete. */
  completedAt: number;
  filename: string;
  bytes: number;
}

export interface Downloads {
  dir: string;
  /** The next download to complete; call before starting it. */
  next(timeoutMs: number): Promise<Download>;
  close(): Promise<void>;
}

export async function watchDownloads(browser: Browser): Promise<Downloads> {
  const dir = await mkdtemp(join(tmpdir(), 'mdms-bench-downloads-'));
  const cdp = await browser.target().createCDPSession();
  const names = new Map<string, string>();
  let waiter: { resolve(download: Download): void; reject(error: Error): void } | null = null;
  cdp.on('Browser.downloadWillBegin', (event: Protocol.Browser.DownloadWillBeginEvent) => {
    names.set(event.guid, event.suggestedFilename);
  });
  cdp.on('Browser.downloadProgress', (event: Protocol.Browser.DownloadProgressEvent) => {
    if (event.state === 'inProgress' || !waiter) return;
    const settle = waiter;
    waiter = null;
    if (event.state === 'canceled') {
      settle.reject(new Error(`download ${names.get(event.guid) ?? event.guid} canceled`));
      return;
    }
    settle.resolve({
      path: join(dir, event.guid),
      completedAt: performance.now(),
      filename: names.get(event.guid) ?? '',
      bytes: event.receivedBytes,
    });
  });
  // `allowAndName`: saved under the download's guid, so two files never clash.
  await cdp.send('Browser.setDownloadBehavior', {
    behavior: 'allowAndName',
    downloadPath: dir,
    eventsEnabled: true,
  });
  return {
    dir,
    next(timeoutMs) {
      return new Promise<Download>((resolveNext, rejectNext) => {
        const timer = setTimeout(() => {
          waiter = null;
          rejectNext(new Error(`no download completed within ${timeoutMs} ms`));
        }, timeoutMs);
        waiter = {
          resolve: (download) => {
            clearTimeout(timer);
            resolveNext(download);
          },
          reject: (error) => {
            clearTimeout(timer);
            rejectNext(error);
          },
        };
      });
    },
    async close() {
      await cdp.send('Browser.setDownloadBehavior', { behavior: 'default' }).catch(() => undefined);
      await cdp.detach().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface HeapSampler {
  stop(): Promise<HeapRun>;
}

/**
 * Forces a GC, notes the page's JS heap, then samples it every `everyMs` until `stop`. A page
 * busy with one long task answers only when it ends: the longest gap between samples is kept.
 */
export async function sampleHeap(cdp: CDPSession, everyMs = 25): Promise<HeapSampler> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize: before } = await cdp.send('Runtime.getHeapUsage');
  const run: HeapRun = { before, peak: before, samples: 0, maxGapMs: 0 };
  let last = performance.now();
  let running = true;
  const loop = (async () => {
    while (running) {
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      const now = performance.now();
      run.maxGapMs = Math.max(run.maxGapMs, now - last);
      last = now;
      run.samples++;
      run.peak = Math.max(run.peak, usedSize);
      await sleep(everyMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return run;
    },
  };
}
