/**
 * `npm run pool -- demo --out <dir>`: the researcher's first five minutes. A demo study is made
 * (its key pair and study file), the demo portals' records are saved into an archive as the
 * extension saves a page (storage/save-capture.ts), each person of that archive shares with the
 * study through the dashboard's own code (storage/research/participants.ts), and the shares are
 * pooled and reported as `add` and `report` do.
 */
import { Dexie } from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PORTALS_DIR, loadPortalIndex } from '../../demo/server';
import { scrapers } from '../../scrapers/registry';
import { deleteDb, openDb } from '../../storage/db';
import { SHARE_FIELDS, SHAREABLE_KINDS } from '../../storage/research/fields';
import { makeShare } from '../../storage/research/participants';
import { shareRecordCount } from '../../storage/research/share';
import { saveCapture } from '../../storage/save-capture';
import { listPersons } from '../../storage/views/persons';
import type { Io } from '../io';
import { addShares, newStudy, report } from './main';
import { readStudyKey } from './pool';

export const DEMO_STUDY = {
  id: 'demo-mesinfos-sante',
  name: 'Étude de démonstration — MesInfos Santé',
  purpose:
    'Montrer aux chercheurs ce que donnent les partages des testeurs : reste à charge par genre de soins, résultats d’analyses hors des valeurs de référence, portails enregistrés ou non.',
  contact: 'Équipe de recherche de démonstration (aucune adresse réelle)',
  period: { from: '2020-01-01', to: '2026-12-31' },
  dates: 'month',
  asks: Object.fromEntries(
    SHAREABLE_KINDS.map((kind) => [kind, SHARE_FIELDS[kind].map((field) => field.name)]),
  ),
};

/** The demo portals' records, page by page (a portal's whole history where it offers one). */
function demoCaptures() {
  return loadPortalIndex().portals.flatMap((portal) =>
    portal.pages.map((page) => {
      const expected = page.saveAll?.expected ?? page.expected;
      const { records } = JSON.parse(readFileSync(join(DEFAULT_PORTALS_DIR, expected), 'utf8')) as {
        records: unknown[] | null;
      };
      return { portal: portal.id, url: page.url, records: records ?? [] };
    }),
  );
}

export async function demo(out: string, io: Io): Promise<number> {
  // The archive lives in memory here (Node has no IndexedDB), through the product's own storage.
  Dexie.dependencies.indexedDB = indexedDB;
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
  mkdirSync(out, { recursive: true });
  const description = join(out, 'demo-study-description.json');
  writeFileSync(description, `${JSON.stringify(DEMO_STUDY, null, 2)}\n`);
  await newStudy(description, out, io);
  const key = readStudyKey(join(out, 'study-key.json'));

  const db = openDb(`pool-demo-${crypto.randomUUID()}`);
  const sharesDir = join(out, 'demo-shares');
  mkdirSync(sharesDir, { recursive: true });
  const files: string[] = [];
  try {
    for (const capture of demoCaptures()) {
      const scraper = scrapers.find((s) => s.id === capture.portal)!;
      await saveCapture(db, {
        source: capture.portal,
        url: capture.url,
        title: capture.portal,
        scraper: { id: scraper.id, version: scraper.version },
        startedAt: new Date().toISOString(),
        records: capture.records,
        problems: [],
      });
    }
    const persons = await listPersons(db);
    for (const [index, person] of persons.entries()) {
      const { sealed, data } = await makeShare(db, key.study, person, {
        supportedPortals: scrapers.map((s) => s.id),
      });
      const file = join(sharesDir, `partage-${index + 1}.json`);
      writeFileSync(file, JSON.stringify(sealed));
      files.push(file);
      const count = shareRecordCount(data);
      io.stdout(
        `Partage ${index + 1} : ${count} données de ${data.portals.map((p) => p.portal).join(', ')}\n`,
      );
    }
  } finally {
    await deleteDb(db);
  }
  io.stdout('\n');
  const added = await addShares(out, key, files, io);
  if (added !== 0) return added;
  io.stdout('\n');
  return report(out, io);
}
