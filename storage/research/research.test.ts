import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../db';
import { listPersons, type Person } from '../views/persons';
import { put, stored } from '../views/test-records';
import { SHARE_FIELDS, SHAREABLE_KINDS } from './fields';
import { makeShare, sharesOf } from './participants';
import { makeStudyKeys, openShare, OpenError, sealShare } from './seal';
import { checkShareData, ShareError } from './share';
import { parseStudy, STUDY_FORMAT, StudyError, type Study } from './study';

let db: MesDonneesDb;
beforeEach(() => {
  db = openDb(`research-${crypto.randomUUID()}`);
});
afterEach(() => deleteDb(db));

const PORTALS = ['ameli', 'espace-sante', 'hopital', 'labo', 'mgen', 'mychart'];

/** Every field of every kind a share may hold: the widest study there can be. */
const EVERYTHING = Object.fromEntries(
  SHAREABLE_KINDS.map((kind) => [kind, SHARE_FIELDS[kind].map((f) => f.name)]),
);

async function studyFile(overrides: Record<string, unknown> = {}) {
  const keys = await makeStudyKeys();
  const file = {
    format: STUDY_FORMAT,
    version: 1,
    id: 'mesinfos-sante-test',
    name: 'Étude test',
    purpose: 'Comprendre le reste à charge.',
    contact: 'etude@example.org',
    period: { from: '2023-01-01', to: '2024-12-31' },
    dates: 'month',
    asks: EVERYTHING,
    publicKey: keys.publicKey,
    ...overrides,
  };
  return { study: parseStudy(JSON.stringify(file)), privateKey: keys.privateKey, file };
}

async function person(name: string): Promise<Person> {
  const found = (await listPersons(db)).find((p) => p.names.includes(name));
  if (!found) throw new Error(`no ${name}`);
  return found;
}

/** Records full of what identifies a person, in every field that is text. */
const IDENTIFYING = [
  'Claire DUPONT',
  'DUPONT Claire',
  '12 rue des Lilas',
  '2 84 05 75 123 456 78',
  'R-2024-0042',
  'Laboratoire Central des Lilas',
  'Dr Armand FONTAINE',
  'Pharmacie des Lilas',
  'Clinique Sainte-Odile',
  'Glycémie du matin à jeun',
  'Consultation du Dr FONTAINE',
  'Bilan après chute à vélo',
  'Compte rendu de Claire',
  'https://portail.example.fr/dossier/claire-dupont',
  'LOT-XY-99812',
  'Vaccinée par Mme ROUX',
];

async function putIdentifying(): Promise<void> {
  const who = { patient: 'Claire DUPONT', sourceUrl: 'https://portail.example.fr/dossier/claire-dupont' };
  await put(
    db,
    stored('lab-result', {
      ...who,
      analyte: 'Glycémie du matin à jeun',
      loinc: '14749-6',
      reportId: 'R-2024-0042',
      lab: 'Laboratoire Central des Lilas',
      prescriber: 'Dr Armand FONTAINE',
      panel: '12 rue des Lilas',
      refText: 'Bilan après chute à vélo',
      date: '2024-03-14',
      value: 6.4,
      refLow: 3.9,
      refHigh: 5.8,
    }),
    stored('reimbursement', {
      ...who,
      act: 'Consultation du Dr FONTAINE',
      provider: 'Clinique Sainte-Odile',
      ref: '2 84 05 75 123 456 78',
      date: '2024-03-15',
    }),
    stored('appointment', {
      ...who,
      practitioner: 'Dr Armand FONTAINE',
      location: '12 rue des Lilas',
      reason: 'Bilan après chute à vélo',
      service: 'Clinique Sainte-Odile',
    }),
    stored('document', {
      ...who,
      title: 'Compte rendu de Claire',
      author: 'Dr Armand FONTAINE',
      url: 'https://portail.example.fr/dossier/claire-dupont',
    }),
    stored('medication', { ...who, name: 'Glycémie du matin à jeun', pharmacy: 'Pharmacie des Lilas' }),
    stored('immunization', {
      ...who,
      vaccine: 'Bilan après chute à vélo',
      lot: 'LOT-XY-99812',
      performer: 'Vaccinée par Mme ROUX',
    }),
    stored('measurement', { ...who, name: 'Bilan après chute à vélo', unit: 'Mme ROUX' }),
    stored('problem', { ...who, name: 'Compte rendu de Claire', code: null }),
    stored('allergy', {
      ...who,
      substance: 'Pharmacie des Lilas',
      reaction: 'Vaccinée par Mme ROUX',
      severity: '12 rue des Lilas',
    }),
    stored('table-row', { ...who, table: 'Claire DUPONT', cells: { Nom: 'DUPONT Claire' } }),
    // The lab's spelling of the same person.
    stored('lab-result', {
      ...who,
      patient: 'DUPONT Claire',
      analyte: 'Créatinine',
      date: '2024-05-02',
      lab: 'Laboratoire Central des Lilas',
    }),
  );
}

describe('a study file', () => {
  it('is read with the fields it asks for, the date always among them', async () => {
    const { study } = await studyFile({ asks: { 'lab-result': ['value', 'loinc'] } });
    expect(study.asks).toEqual({ 'lab-result': ['date', 'loinc', 'value'] });
  });

  it('is refused, saying why, when it asks for what a share never holds or is not a study', async () => {
    const refused = async (overrides: Record<string, unknown>) =>
      (await studyFile(overrides).catch((error: unknown) => error)) as Error;
    expect(await refused({ asks: { 'lab-result': ['value', 'patient'] } })).toBeInstanceOf(StudyError);
    expect((await refused({ asks: { 'lab-result': ['lab'] } })).message).toContain('« lab »');
    expect((await refused({ asks: { 'table-row': ['date'] } })).message).toContain('table-row');
    expect((await refused({ asks: {} })).message).toContain('aucune donnée');
    expect((await refused({ period: { from: '2025-01-01', to: '2024-01-01' } })).message).toContain(
      'période',
    );
    expect((await refused({ publicKey: { kty: 'RSA' } })).message).toContain('publicKey');
    expect(() => parseStudy('not json')).toThrow(StudyError);
    expect(() => parseStudy(' '.repeat(70_000))).toThrow(/dépasse/);
  });
});

describe('a research share', () => {
  beforeEach(putIdentifying);

  it('holds no name, address, identifier, free text or URL of the records, whatever the study asks', async () => {
    const { study } = await studyFile();
    const { sealed, data } = await makeShare(db, study, await person('Claire DUPONT'), {
      supportedPortals: PORTALS,
    });
    const text = JSON.stringify(data);
    for (const secret of IDENTIFYING) expect(text, secret).not.toContain(secret);
    // Nor any id of the archive (records, saves, files), which could link a share to it.
    for (const record of await db.records.toArray()) {
      expect(text).not.toContain(record.id);
      expect(text).not.toContain(record.captureId);
    }
    // The sealed envelope holds no readable record at all.
    expect(JSON.stringify(sealed)).not.toMatch(/14749-6|Lilas|loinc/);
    // Both spellings of the person are one participant; the table row is never shared.
    expect(data.records['lab-result']!['date']).toHaveLength(2);
    expect(data.records).not.toHaveProperty('table-row');
  });

  it('holds exactly the consented fields, dates as coarse as asked, of the study’s period only', async () => {
    await put(db, stored('lab-result', { patient: 'Claire DUPONT', analyte: 'TSH', date: '2022-06-01' }));
    const { study } = await studyFile({
      asks: { 'lab-result': ['loinc', 'value', 'out_of_range'] },
      dates: 'week',
    });
    const { data } = await makeShare(db, study, await person('Claire DUPONT'), { supportedPortals: PORTALS });
    expect(data.consent).toEqual({
      study: 'mesinfos-sante-test',
      date: data.createdAt.slice(0, 10),
      period: { from: '2023-01-01', to: '2024-12-31' },
      dates: 'week',
      fields: { 'lab-result': ['date', 'loinc', 'value', 'out_of_range'] },
    });
    // Thursday 14 March 2024 → the Monday of its week; 2022 is outside the period. Column by column.
    expect(data.records['lab-result']).toEqual({
      date: ['2024-03-11', '2024-04-29'],
      loinc: ['14749-6', '14682-9'],
      value: [6.4, 5.2],
      out_of_range: [true, false],
    });
    expect(Object.keys(data.records)).toEqual(['lab-result']);
    // Every portal of the person's records, with its saves (a table row's site too).
    expect(data.portals.map((p) => p.portal)).toEqual(['ameli', 'espace-sante', 'hopital', 'labo', 'mgen']);
    expect(checkShareData(JSON.parse(JSON.stringify(data)))).toEqual(data);
  });

  it('keeps the person’s id for the study from one share to the next, and lists what each held', async () => {
    const { study } = await studyFile();
    const claire = await person('Claire DUPONT');
    const first = await makeShare(db, study, claire, { supportedPortals: PORTALS });
    await put(db, stored('lab-result', { patient: 'Claire DUPONT', analyte: 'TSH', date: '2024-09-01' }));
    const second = await makeShare(db, study, claire, { supportedPortals: PORTALS });
    expect(second.data.participant).toBe(first.data.participant);
    expect(second.data.participant).toMatch(/^p-[0-9a-f]{32}$/);
    expect(second.data.shareId).not.toBe(first.data.shareId);
    const [row] = await sharesOf(db, claire);
    expect(row?.shares.map((s) => s.counts['lab-result'])).toEqual([2, 3]);
    // Another study gets an unrelated id.
    const other = await studyFile({ id: 'autre-etude' });
    const elsewhere = await makeShare(db, other.study, claire, { supportedPortals: PORTALS });
    expect(elsewhere.data.participant).not.toBe(first.data.participant);
  });

  it('a content that is not what its consent says is refused by name', async () => {
    const { study } = await studyFile({ asks: { 'lab-result': ['value'] } });
    const { data } = await makeShare(db, study, await person('Claire DUPONT'), { supportedPortals: PORTALS });
    const tampered = JSON.parse(JSON.stringify(data)) as typeof data;
    tampered.records['lab-result']!['lab'] = [
      'Laboratoire Central des Lilas',
      'Laboratoire Central des Lilas',
    ];
    expect(() => checkShareData(tampered)).toThrow(ShareError);
    const extraKind = { ...data, records: { ...data.records, reimbursement: { date: [] } } };
    expect(() => checkShareData(extraKind)).toThrow(/consentement/);
    const wrongType = JSON.parse(JSON.stringify(data)) as typeof data;
    wrongType.records['lab-result']!['value']![0] = '6,4';
    expect(() => checkShareData(wrongType)).toThrow(/DOUBLE/);
    const shorter = JSON.parse(JSON.stringify(data)) as typeof data;
    shorter.records['lab-result']!['value']!.pop();
    expect(() => checkShareData(shorter)).toThrow(/longueur/);
  });
});

describe('sealing', () => {
  let study: Study;
  let privateKey: JsonWebKey;
  beforeEach(async () => {
    ({ study, privateKey } = await studyFile());
  });

  it('opens with the study’s private key to the very text sealed', async () => {
    const text = JSON.stringify({ hello: 'Créatinine 5,2 µmol/L', n: [1, 2, 3] });
    const sealed = await sealShare(text, study);
    expect(await openShare(JSON.stringify(sealed), study, privateKey)).toBe(text);
    // Two seals of one text share nothing: a new key pair, salt and nonce each time.
    const again = await sealShare(text, study);
    expect(again.ciphertext).not.toBe(sealed.ciphertext);
    expect(again.shareKey).not.toEqual(sealed.shareKey);
  });

  it('refuses a share for another study, another key, altered or not a share, each with its reason', async () => {
    const sealed = await sealShare('{"a":1}', study);
    const code = async (text: string, s = study, key = privateKey) =>
      openShare(text, s, key).then(
        () => 'opened',
        (error: unknown) => (error instanceof OpenError ? error.code : String(error)),
      );
    const other = await studyFile({ id: 'autre-etude' });
    expect(await code(JSON.stringify(sealed), other.study, other.privateKey)).toBe('other-study');
    // Same study id, another key pair (a study file remade): not this key's share.
    const remade = await studyFile();
    expect(await code(JSON.stringify(sealed), remade.study, remade.privateKey)).toBe('other-study');
    // One byte of the ciphertext changed, or the header moved to say another salt: no tag match.
    const flipped = sealed.ciphertext.startsWith('A')
      ? `B${sealed.ciphertext.slice(1)}`
      : `A${sealed.ciphertext.slice(1)}`;
    expect(await code(JSON.stringify({ ...sealed, ciphertext: flipped }))).toBe('damaged');
    const salt = sealed.salt.startsWith('A') ? `B${sealed.salt.slice(1)}` : `A${sealed.salt.slice(1)}`;
    expect(await code(JSON.stringify({ ...sealed, salt }))).toBe('damaged');
    expect(await code(JSON.stringify({ ...sealed, ciphertext: undefined }))).toBe('damaged');
    expect(await code('{"format":"autre"}')).toBe('not-a-share');
    expect(await code('PK\u0003\u0004')).toBe('not-a-share');
    expect(await code(JSON.stringify({ ...sealed, version: 9 }))).toBe('newer-version');
  });
});
