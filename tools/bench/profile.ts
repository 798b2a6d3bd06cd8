/**
 * `--profile`: where a save spends its time. The extension is built once more without
 * minification (tools/bench/wxt.profile.config.ts, into .tmp/), and one capture and one
 * re-capture of each bench page are sampled with the DevTools protocol's Profiler, in the portal
 * page's renderer (the content script) and in the service worker (validation and storage), and
 * so are one load of the page-load figure's page, the dashboard's first screen over the large
 * archive, and an export and an import of the 100 000-record archive in the dashboard. Printed: the functions with the most self time,
 * and the extension's functions with the most time callees included.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { CDPSession, Protocol } from 'puppeteer-core';
import type { BenchTarget } from './capture';
import { dashboardUrl, waitForSaveButton } from '../chromium';
import { firstScreen } from './dashboard';
import { navigationTiming, watchScreen } from './in-page';
import { fillRecords } from './in-page-idb';
import { fillProductArchive, openTransferTab } from './transfer';
import { productExport } from './transfer-export';
import { productImport } from './transfer-import';
import {
  emptyProductDatabase,
  loadPortalPage,
  PRODUCT_DB,
  startSession,
  timedSave,
  type Session,
} from './session';

export const PROFILE_BUILD_DIR = '.tmp/bench-profile-build/chrome-mv3';
const SAMPLING_INTERVAL_US = 200;
const TOP = 12;

export interface HotFunction {
  function: string;
  where: string;
  selfMs: number;
  percent: number;
}

export interface ProfileSummary {
  figure: string;
  /** The profiled click (save to counts shown) or page load (to `load`). */
  ms: number;
  /** `top`: self time; `inclusive`: time in the extension's named functions and what they call. */
  contexts: {
    context: 'page' | 'service-worker';
    sampledMs: number;
    top: HotFunction[];
    inclusive: HotFunction[];
  }[];
}

export async function buildForProfile(): Promise<string> {
  await promisify(execFile)('npx', ['wxt', 'build', '-c', 'tools/bench/wxt.profile.config.ts'], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return PROFILE_BUILD_DIR;
}

/** Reads the lines of the profiled build's files, to show what an anonymous function is. */
class Sources {
  private readonly files = new Map<string, string[]>();
  constructor(private readonly buildDir: string) {}

  line(url: string, lineNumber: number): string {
    const path = url.startsWith('chrome-extension://') ? new URL(url).pathname : null;
    if (!path) return '';
    let lines = this.files.get(path);
    if (!lines) {
      lines = existsSync(join(this.buildDir, path))
        ? readFileSync(join(this.buildDir, path), 'utf8').split('\n')
        : [];
      this.files.set(path, lines);
    }
    return (lines[lineNumber] ?? '').trim().slice(0, 70);
  }
}

function summarise(
  profile: Protocol.Profiler.Profile,
  sources: Sources,
): { sampledMs: number; top: HotFunction[]; inclusive: HotFunction[] } {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const selfUs = new Map<string, number>();
  const totalUs = new Map<string, number>();
  const describe = (frame: Protocol.Runtime.CallFrame): string => {
    const where = frame.url ? `${basename(frame.url)}:${frame.lineNumber + 1}` : '(native)';
    const name = frame.functionName || `(anonymous: ${sources.line(frame.url, frame.lineNumber)})`;
    return `${name}\n${where}`;
  };
  let sampledUs = 0;
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((nodeId, i) => {
    const frame = nodes.get(nodeId)?.callFrame;
    // A sample's time runs to the next sample.
    const us = deltas[i + 1] ?? 0;
    if (!frame || frame.functionName === '(idle)') return;
    const key = describe(frame);
    selfUs.set(key, (selfUs.get(key) ?? 0) + us);
    sampledUs += us;
    // Inclusive time of the extension's own named functions: each once per sample.
    const seen = new Set<string>();
    for (let id: number | undefined = nodeId; id !== undefined; id = parents.get(id)) {
      const caller = nodes.get(id)?.callFrame;
      if (!caller?.functionName || !caller.url.startsWith('chrome-extension://')) continue;
      const callerKey = describe(caller);
      if (seen.has(callerKey)) continue;
      seen.add(callerKey);
      totalUs.set(callerKey, (totalUs.get(callerKey) ?? 0) + us);
    }
  });
  const ranked = (times: Map<string, number>, count: number): HotFunction[] =>
    [...times]
      .sort(([, a], [, b]) => b - a)
      .slice(0, count)
      .map(([key, us]) => {
        const [name = '', where = ''] = key.split('\n');
        return {
          function: name,
          where,
          selfMs: Math.round(us / 100) / 10,
          percent: Math.round((us / sampledUs) * 1000) / 10,
        };
      });
  return {
    sampledMs: Math.round(sampledUs / 1000),
    top: ranked(selfUs, TOP),
    inclusive: ranked(totalUs, TOP),
  };
}

async function startProfiler(session: CDPSession): Promise<void> {
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  await session.send('Profiler.start');
}

async function profiledSave(session: Session, figure: string, sources: Sources): Promise<ProfileSummary> {
  const worker = await session.browser.waitForTarget(
    (target) =>
      target.type() === 'service_worker' &&
      target.url().startsWith(`chrome-extension://${session.extensionId}/`),
  );
  const workerSession = await worker.createCDPSession();
  const pageSession = await session.tab.createCDPSession();
  try {
    await startProfiler(pageSession);
    await startProfiler(workerSession);
    const result = await timedSave(session.tab);
    const [page, serviceWorker] = await Promise.all([
      pageSession.send('Profiler.stop'),
      workerSession.send('Profiler.stop'),
    ]);
    return {
      figure,
      ms: Math.round(result.ms),
      contexts: [
        { context: 'page', ...summarise(page.profile, sources) },
        { context: 'service-worker', ...summarise(serviceWorker.profile, sources) },
      ],
    };
  } finally {
    await pageSession.detach().catch(() => undefined);
    await workerSession.detach().catch(() => undefined);
  }
}

/** One load of `url` (a reload, so the profiler is already in the page's renderer). */
async function profiledLoad(
  session: Session,
  figure: string,
  url: string,
  sources: Sources,
): Promise<ProfileSummary> {
  await session.tab.goto(url, { waitUntil: 'load' });
  const pageSession = await session.tab.createCDPSession();
  try {
    await startProfiler(pageSession);
    await session.tab.reload({ waitUntil: 'load' });
    // The content script runs at document_idle, possibly after `load`: give it time to finish.
    await waitForSaveButton(session.tab, 5_000);
    const { profile } = await pageSession.send('Profiler.stop');
    const timing = await session.tab.evaluate(navigationTiming);
    return {
      figure,
      ms: Math.round(timing?.load ?? Number.NaN),
      contexts: [{ context: 'page', ...summarise(profile, sources) }],
    };
  } finally {
    await pageSession.detach().catch(() => undefined);
  }
}

/** The dashboard's first screen over `records` records (copies of the saved ones). */
async function profiledDashboard(
  session: Session,
  records: number,
  sources: Sources,
): Promise<ProfileSummary> {
  await session.extensionPage.evaluate(fillRecords, PRODUCT_DB, records);
  const tab = await session.browser.newPage();
  try {
    await tab.evaluateOnNewDocument(watchScreen);
    const url = dashboardUrl(session.extensionId);
    await firstScreen(tab, url);
    const pageSession = await tab.createCDPSession();
    try {
      await startProfiler(pageSession);
      const screen = await firstScreen(tab, url);
      const { profile } = await pageSession.send('Profiler.stop');
      return {
        figure: `dashboard.first-screen (${records} records)`,
        ms: Math.round(screen.ms),
        contexts: [{ context: 'page', ...summarise(profile, sources) }],
      };
    } finally {
      await pageSession.detach().catch(() => undefined);
    }
  } finally {
    await tab.close();
  }
}

/**
 * The dashboard's page during one export of the JSON archive of `records` records and one
 * import of it into an empty database, each after an unprofiled one.
 */
async function profiledTransfer(
  session: Session,
  records: number,
  sources: Sources,
  archive: { export: boolean; import: boolean },
): Promise<ProfileSummary[]> {
  await fillProductArchive(session, records);
  const transfer = await openTransferTab(session);
  const start = () => startProfiler(transfer.cdp);
  const summary = async (figure: string, ms: number): Promise<ProfileSummary> => {
    const { profile } = await transfer.cdp.send('Profiler.stop');
    return { figure, ms: Math.round(ms), contexts: [{ context: 'page', ...summarise(profile, sources) }] };
  };
  try {
    const summaries: ProfileSummary[] = [];
    const file = (await productExport(transfer, records)).download.path;
    if (archive.export) {
      const run = await productExport(transfer, records, start);
      summaries.push(await summary(`export.json-${records}`, run.ms));
    }
    if (archive.import) {
      await productImport(session, transfer, file, records);
      const run = await productImport(session, transfer, file, records, start);
      summaries.push(await summary(`import.json-${records}`, run.ms));
    }
    return summaries;
  } finally {
    await transfer.close();
  }
}

export async function profileSaves(
  extensionDir: string,
  targets: BenchTarget[],
  extraPages: ReadonlyMap<string, string>,
  load: { id: string; url: string },
  also: {
    /** The dashboard's first screen over this many records; 0: not. */
    dashboardRecords: number;
    /** An export and an import of an archive of this many records; 0: not. */
    archiveRecords: number;
    archive: { export: boolean; import: boolean };
  },
): Promise<ProfileSummary[]> {
  const session = await startSession(extensionDir, extraPages);
  const sources = new Sources(extensionDir);
  try {
    const summaries: ProfileSummary[] = [];
    for (const target of targets) {
      // A first unprofiled save warms the worker and the page's code paths up.
      await emptyProductDatabase(session);
      await loadPortalPage(session.tab, target.url);
      await timedSave(session.tab);
      await emptyProductDatabase(session);
      await loadPortalPage(session.tab, target.url);
      summaries.push(await profiledSave(session, `capture.${target.id}`, sources));
      await loadPortalPage(session.tab, target.url);
      summaries.push(await profiledSave(session, `recapture.${target.id}`, sources));
    }
    summaries.push(await profiledLoad(session, `page-load.${load.id}`, load.url, sources));
    if (also.dashboardRecords) {
      summaries.push(await profiledDashboard(session, also.dashboardRecords, sources));
    }
    if (also.archiveRecords) {
      summaries.push(...(await profiledTransfer(session, also.archiveRecords, sources, also.archive)));
    }
    return summaries;
  } finally {
    await session.close();
  }
}
