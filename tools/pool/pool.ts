/**
 * A study's pool on the researcher's disk (docs/research.md):
 *
 *   <pool>/study.json            the study file handed to testers (public)
 *   <pool>/pool.json             which shares were added, and each participant's latest
 *   <pool>/shares/<participant>.json   the latest share of each participant, opened and checked
 *   <pool>/parquet/…             the tables, rewritten from those by ./parquet.ts at each add
 *
 * Adding a share opens it with the study's private key, checks it field by field against its
 * consent (storage/research/share.ts) and refuses, with its reason and leaving the pool as it
 * was: what is not a share, a share for another study or key, an altered one, one already added
 * (a replay) and one older than the participant's share in the pool. A newer share of a
 * participant replaces their older one: a tester who shares again is counted once.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { LIMITS, describeLimit } from '../../storage/limits';
import { OpenError, shareOpener, type OpenedShare } from '../../storage/research/seal';
import type { ShareableKind } from '../../storage/research/fields';
import { checkShareData, kindCounts, ShareError, type ShareData } from '../../storage/research/share';
import { keyId, parseStudy, type Study } from '../../storage/research/study';

export const KEY_FORMAT = 'mes-donnees-sante/study-key';
const POOL_FORMAT = 'mes-donnees-sante/pool';

/** The private key file of a study: its study file and the private half of its key. */
export interface StudyKeyFile {
  format: typeof KEY_FORMAT;
  version: 1;
  study: unknown;
  privateKey: JsonWebKey;
}

export interface StudyKey {
  study: Study;
  studyText: string;
  privateKey: JsonWebKey;
}

export class PoolError extends Error {}

export function readStudyKey(path: string): StudyKey {
  let json: StudyKeyFile;
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as StudyKeyFile;
  } catch (error) {
    throw new PoolError(`Clé d'étude illisible (${path}) : ${(error as Error).message}`);
  }
  if (json?.format !== KEY_FORMAT || typeof json.privateKey?.d !== 'string') {
    throw new PoolError(
      `${path} n'est pas la clé privée d'une étude (faite par « npm run pool -- new-study »).`,
    );
  }
  const studyText = JSON.stringify(json.study, null, 2);
  return { study: parseStudy(studyText), studyText, privateKey: json.privateKey };
}

const Ledger = z.strictObject({
  format: z.literal(POOL_FORMAT),
  version: z.literal(1),
  study: z.string(),
  key: z.string(),
  /** Every share ever added, by its id: adding one again is a replay. */
  shares: z.record(
    z.string(),
    z.strictObject({ participant: z.string(), createdAt: z.string(), addedAt: z.string() }),
  ),
  /** Each participant's share in the pool. */
  /** Each participant's share in the pool, and what its head says (the participants' tables). */
  participants: z.record(
    z.string(),
    z.strictObject({ shareId: z.string(), createdAt: z.string(), head: z.custom<ParticipantHead>() }),
  ),
});
type Ledger = z.infer<typeof Ledger>;

/** What the participants' and portals' tables need of a share, kept in the ledger. */
export interface ParticipantHead {
  participant: string;
  study: string;
  createdAt: string;
  consent: Pick<ShareData['consent'], 'date' | 'dates' | 'period'>;
  supportedPortals: string[];
  portals: ShareData['portals'];
  /** Records per kind. */
  counts: Partial<Record<ShareableKind, number>>;
}

function headOf(data: ShareData): ParticipantHead {
  return {
    participant: data.participant,
    study: data.study,
    createdAt: data.createdAt,
    consent: { date: data.consent.date, dates: data.consent.dates, period: data.consent.period },
    supportedPortals: data.supportedPortals,
    portals: data.portals,
    counts: kindCounts(data),
  };
}

export type RefusalReason = OpenError['code'] | 'invalid' | 'replayed' | 'older' | 'unreadable';

export interface Refusal {
  file: string;
  reason: RefusalReason;
  message: string;
}

export interface AddOutcome {
  added: { file: string; participant: string; replaced: boolean; records: number }[];
  refused: Refusal[];
}

export class Pool {
  private constructor(
    readonly dir: string,
    readonly key: StudyKey,
    private ledger: Ledger,
    private readonly openShare: (text: string) => Promise<OpenedShare>,
  ) {}

  /** Opens the pool in `dir` for the study of `key`, making it if it does not exist. */
  static async open(dir: string, key: StudyKey): Promise<Pool> {
    const ledgerPath = join(dir, 'pool.json');
    const thumbprint = await keyId(key.study.publicKey);
    if (!existsSync(ledgerPath)) {
      mkdirSync(join(dir, 'shares'), { recursive: true });
      writeFileSync(join(dir, 'study.json'), `${key.studyText}\n`);
      const ledger: Ledger = {
        format: POOL_FORMAT,
        version: 1,
        study: key.study.id,
        key: thumbprint,
        shares: {},
        participants: {},
      };
      writeAtomic(ledgerPath, JSON.stringify(ledger, null, 2));
      return new Pool(dir, key, ledger, await shareOpener(key.study, key.privateKey));
    }
    const parsed = Ledger.safeParse(JSON.parse(readFileSync(ledgerPath, 'utf8')));
    if (!parsed.success) throw new PoolError(`${ledgerPath} n'est pas le registre d'un pool.`);
    if (parsed.data.study !== key.study.id || parsed.data.key !== thumbprint) {
      throw new PoolError(`Ce pool est celui de l'étude « ${parsed.data.study} » : pas de cette clé.`);
    }
    return new Pool(dir, key, parsed.data, await shareOpener(key.study, key.privateKey));
  }

  /** The head of each participant's share in the pool. */
  get heads(): ParticipantHead[] {
    return Object.values(this.ledger.participants).map((entry) => entry.head);
  }

  get participantCount(): number {
    return Object.keys(this.ledger.participants).length;
  }

  private sharePath(participant: string): string {
    return join(this.dir, 'shares', `${participant}.json`);
  }

  /**
   * Opens and checks each file, then adds those that pass, oldest share first (so that two
   * shares of one participant in one batch end with the newer); each refused file leaves the
   * pool as it was. The ledger is written last, in one rename.
   */
  async add(
    files: readonly { name: string; text: () => Promise<string> }[],
    now = new Date(),
  ): Promise<AddOutcome> {
    if (this.participantCount + files.length > LIMITS.poolShares.value) {
      throw new PoolError(`Un pool tient au plus ${describeLimit('poolShares')} partages.`);
    }
    const refused: Refusal[] = [];
    // Each share is opened, checked and written to the staging folder, then let go: a batch of a
    // hundred shares never sits whole in memory. Only what the decisions below need is kept.
    const staging = join(this.dir, 'staging');
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const opened: {
      file: string;
      shareId: string;
      head: ParticipantHead;
      staged: string;
    }[] = [];
    // The next share is read and decrypted (the file system's and WebCrypto's work, done off
    // this thread) while this one is parsed and checked, and the last one checked is written
    // meanwhile: at most three shares in memory at once.
    const open = (index: number) =>
      index < files.length
        ? files[index]!.text()
            .then(this.openShare)
            .then(
              (share) => ({ share }),
              (error: unknown) => ({ error }),
            )
        : null;
    let writing: Promise<void> = Promise.resolve();
    try {
      let next = open(0);
      for (const [index, file] of files.entries()) {
        const current = (await next)!;
        next = open(index + 1);
        let data: ShareData;
        try {
          if ('error' in current) throw current.error;
          data = checkShareData(JSON.parse(current.share.text));
        } catch (error) {
          refused.push(refusal(file.name, error));
          continue;
        }
        // A staging write that failed (a full disk) is the pool's failure, not a share's: it
        // ends the add, the pool as it was.
        await writing;
        const staged = join(staging, `${index}.json`);
        writing = writeFile(staged, current.share.bytes);
        opened.push({ file: file.name, shareId: data.shareId, head: headOf(data), staged });
      }
      await writing;
      opened.sort((a, b) => a.head.createdAt.localeCompare(b.head.createdAt));
      const ledger: Ledger = structuredClone(this.ledger);
      const added: AddOutcome['added'] = [];
      const accepted = new Map<string, string>();
      for (const { file, shareId, head, staged } of opened) {
        if (ledger.shares[shareId]) {
          refused.push({ file, reason: 'replayed', message: 'ce partage est déjà dans le pool (rejoué)' });
          continue;
        }
        const current = ledger.participants[head.participant];
        if (current && current.createdAt >= head.createdAt) {
          refused.push({
            file,
            reason: 'older',
            message: `plus ancien (${head.createdAt}) que le partage de ce participant déjà dans le pool (${current.createdAt})`,
          });
          continue;
        }
        ledger.shares[shareId] = {
          participant: head.participant,
          createdAt: head.createdAt,
          addedAt: now.toISOString(),
        };
        ledger.participants[head.participant] = { shareId, createdAt: head.createdAt, head };
        accepted.set(head.participant, staged);
        const records = Object.values(head.counts).reduce((sum, n) => sum + (n ?? 0), 0);
        added.push({ file, participant: head.participant, replaced: current !== undefined, records });
      }
      // The shares' files first (each a rename), the ledger that points to them last.
      for (const [participant, staged] of accepted) renameSync(staged, this.sharePath(participant));
      writeAtomic(join(this.dir, 'pool.json'), JSON.stringify(ledger, null, 2));
      this.ledger = ledger;
      return { added, refused };
    } finally {
      await writing.catch(() => undefined);
      rmSync(staging, { recursive: true, force: true });
    }
  }
}
function refusal(file: string, error: unknown): Refusal {
  if (error instanceof OpenError) return { file, reason: error.code, message: error.message };
  if (error instanceof ShareError)
    return { file, reason: 'invalid', message: `contenu refusé : ${error.message}` };
  if (error instanceof SyntaxError)
    return { file, reason: 'invalid', message: 'contenu illisible (pas du JSON)' };
  if ((error as NodeJS.ErrnoException)?.code)
    return { file, reason: 'unreadable', message: (error as Error).message };
  throw error;
}

/** Writes `path` whole or not at all: a temporary file beside it, then a rename. */
export function writeAtomic(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}
