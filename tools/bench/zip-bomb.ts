/**
 * The zip-bomb figure: an import refused because a ZIP entry inflates far beyond what it says,
 * through the Export view as a person would choose the file, its time to the refusal and its peak
 * JS heap. Two bombs: one whose directory claims a thousand times its bytes (refused from the
 * directory), one that lies about its size (refused while inflating, at the size it declared).
 * Baseline, in the same run: refusing a file of the same size that is no archive at all (the
 * cheapest refusal the same view makes, from the first bytes).
 */
import { strToU8, zipSync } from 'fflate';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElementHandle } from 'puppeteer-core';
import { alternate, type Repeat } from './capture';
import { sampleHeap } from './devtools';
import { heapFigure, paired, type Figure, type HeapRun } from './figure';
import { armImportWatch, importReached, importSteps } from './in-page-import';
import { emptyProductDatabase, type Session } from './session';
import { exportView, STEP_TIMEOUT_MS, type TransferTab } from './transfer';

const MiB = 1024 * 1024;
/** Inflated bytes of the lying bomb: a person's browser would hold them all without the checks. */
const HIDDEN_BYTES = 512 * MiB;
const HIDDEN_DECLARED = 2 * MiB;

/** Sets an entry's uncompressed size in a ZIP's central directory and local header. */
function claimSize(zip: Uint8Array, size: number): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let p = 0; p + 30 < zip.length; p++) {
    const sig = view.getUint32(p, true);
    if (sig === 0x02014b50) view.setUint32(p + 24, size, true);
    else if (sig === 0x04034b50) view.setUint32(p + 22, size, true);
  }
  return zip;
}

export interface BombFiles {
  declared: string;
  hidden: string;
  /** Same sizes, no archive: the baseline. */
  declaredPlain: string;
  hiddenPlain: string;
}

export function writeBombs(dir: string): BombFiles {
  const envelope = '{"format":"mes-donnees-sante/archive","version":1,"records":[],"captures":[]}';
  const spaces = new Uint8Array(HIDDEN_BYTES).fill(0x20);
  spaces.set(strToU8(envelope.slice(0, -1)), 0);
  spaces[spaces.length - 1] = 0x7d;
  const hidden = claimSize(zipSync({ 'archive.json': spaces }), HIDDEN_DECLARED);
  const declared = claimSize(zipSync({ 'archive.json': new Uint8Array(2 * MiB).fill(0x20) }), 1_000 * MiB);
  const files: BombFiles = {
    declared: join(dir, 'bomb-declared.zip'),
    hidden: join(dir, 'bomb-hidden.zip'),
    declaredPlain: join(dir, 'plain-declared.bin'),
    hiddenPlain: join(dir, 'plain-hidden.bin'),
  };
  writeFileSync(files.declared, declared);
  writeFileSync(files.hidden, hidden);
  writeFileSync(files.declaredPlain, new Uint8Array(declared.length).fill(0x41));
  writeFileSync(files.hiddenPlain, new Uint8Array(hidden.length).fill(0x41));
  return files;
}

/** Chooses `file` for import and analyses it; resolves with the refusal's time and heap. */
async function refused(
  session: Session,
  transfer: TransferTab,
  file: string,
  expected: RegExp,
): Promise<{ ms: number; heap: HeapRun }> {
  const { tab } = transfer;
  await tab.goto('about:blank');
  await emptyProductDatabase(session);
  await exportView(transfer, 0);
  await tab.evaluate(armImportWatch);
  const input = (await tab.$('[data-testid="import-file"]')) as ElementHandle<HTMLInputElement>;
  const heap = await sampleHeap(transfer.cdp);
  await input.uploadFile(file);
  await tab.waitForSelector('[data-testid="import-analyse"]:not([disabled])', { timeout: 30_000 });
  await tab.click('[data-testid="import-analyse"]');
  await tab.waitForFunction(importReached, { polling: 50, timeout: STEP_TIMEOUT_MS }, 'planAt' as const);
  const heapRun = await heap.stop();
  const steps = await tab.evaluate(importSteps);
  if (!steps?.error || steps.errorAt === null || steps.analyseAt === null) {
    throw new Error(`the file was not refused: ${JSON.stringify(steps)}`);
  }
  if (!expected.test(steps.error)) throw new Error(`refused for another reason: ${steps.error}`);
  return { ms: steps.errorAt - steps.analyseAt, heap: heapRun };
}

const BOMB = /piégé|booby-trapped/;
const PLAIN = /n'est pas une archive|is not an archive/i;

export async function measureZipBombs(
  session: Session,
  transfer: TransferTab,
  files: BombFiles,
  repeat: Repeat,
): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const [kind, bomb, plain, label] of [
    ['declared', files.declared, files.declaredPlain, 'directory claims 1 000 MiB'],
    ['hidden', files.hidden, files.hiddenPlain, `inflates to ${HIDDEN_BYTES / MiB} MiB, declares 2 MiB`],
  ] as const) {
    const product: number[] = [];
    const productHeap: HeapRun[] = [];
    const baseline: number[] = [];
    const baselineHeap: HeapRun[] = [];
    await alternate(repeat, [
      async (measured) => {
        const run = await refused(session, transfer, bomb, BOMB);
        if (!measured) return;
        product.push(run.ms);
        productHeap.push(run.heap);
      },
      async (measured) => {
        const run = await refused(session, transfer, plain, PLAIN);
        if (!measured) return;
        baseline.push(run.ms);
        baselineHeap.push(run.heap);
      },
    ]);
    figures.push(
      paired(
        {
          id: `import.zip-bomb-${kind}`,
          label: `import refuses a zip bomb (${label})`,
          unit: 'ms',
          details: { memory: { product: heapFigure(productHeap), baseline: heapFigure(baselineHeap) } },
        },
        product,
        { label: 'refusing a file of the same size that is no archive', runs: baseline },
        null,
      ),
    );
  }
  return figures;
}
