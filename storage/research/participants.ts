/**
 * The person's side of sharing for research: their random id in each study (made at their first
 * share, kept for the next ones, so that the study updates its copy instead of counting them
 * twice), and the list of what they shared and when, which the dashboard shows them.
 *
 * The id is random, not derived from the name: nothing outside this browser can link it to the
 * person, and two studies get two unrelated ids.
 */
import type { MesDonneesDb } from '../db';
import type { Person } from '../views/persons';
import { sealShare, type SealedShare } from './seal';
import { buildShare, kindCounts, type BuildShareOptions, type Consent, type ShareData } from './share';
import type { Study } from './study';

export interface ShareMade {
  shareId: string;
  at: string;
  fields: Consent['fields'];
  /** How many records of each kind it held. */
  counts: Partial<Record<string, number>>;
}

export interface ResearchRow {
  /** `study|person key`. */
  key: string;
  study: string;
  studyName: string;
  personKey: string;
  participant: string;
  shares: ShareMade[];
}

function rowKey(study: string, person: Person): string {
  return `${study}|${person.key}`;
}

function newParticipantId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `p-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The studies a person shared with, newest share first. */
export async function sharesOf(db: MesDonneesDb, person: Person): Promise<ResearchRow[]> {
  const rows = await db.research.filter((row) => row.personKey === person.key).toArray();
  return rows.sort((a, b) => (b.shares.at(-1)?.at ?? '').localeCompare(a.shares.at(-1)?.at ?? ''));
}

export interface MadeShare {
  sealed: SealedShare;
  data: ShareData;
}

/**
 * Builds the person's share for the study and seals it to the study's key. The participant id is
 * kept, and the share written in the person's list, only once the share is sealed: a share that
 * failed leaves nothing behind.
 */
export async function makeShare(
  db: MesDonneesDb,
  study: Study,
  person: Person,
  options: Omit<BuildShareOptions, 'study' | 'person' | 'participant'>,
): Promise<MadeShare> {
  const key = rowKey(study.id, person);
  const known = await db.research.get(key);
  const participant = known?.participant ?? newParticipantId();
  const data = await buildShare(db, { ...options, study, person, participant });
  const sealed = await sealShare(JSON.stringify(data), study);
  options.signal?.throwIfAborted();
  const made: ShareMade = {
    shareId: data.shareId,
    at: data.createdAt,
    fields: data.consent.fields,
    counts: kindCounts(data),
  };
  await db.transaction('rw', db.research, async () => {
    // Read again inside the transaction: two shares made at once keep one participant id.
    const row = await db.research.get(key);
    if (row && row.participant !== participant) throw new Error('participant changed during the share');
    await db.research.put({
      key,
      study: study.id,
      studyName: study.name,
      personKey: person.key,
      participant,
      shares: [...(row?.shares ?? []), made],
    });
  });
  return { sealed, data };
}
