/**
 * « Tout enregistrer » on ameli's live-like portal: the whole window, every payment's detail and
 * the monthly statements with their PDFs, read through the portal's in-session requests and
 * stored, from the click to the outcome; against the bare same-origin fetches of the same
 * endpoints in the same page (the token, the list, every detail four at a time, the statements
 * and their files), nothing parsed and nothing stored. The portal answers each request after a
 * latency a live portal has (CHANNEL_LATENCY_MS), on both sides alike: with answers in a
 * millisecond the figure would weigh parsing and storing against nothing a person ever waits for.
 */
import { ameliAccount, type AmeliAccount } from '../../demo/live/ameli';
import { DEFAULT_PORTALS_DIR } from '../../demo/server';
import { alternate, type Repeat } from './capture';
import { paired, type Figure } from './figure';
import { shiftYears, YEARS_PER_COPY } from './pages';
import { collectGarbage, emptyProductDatabase, loadPortalPage, timedSave, type Session } from './session';

/** A live portal's answers take tens of milliseconds; the simulated one waits this long for each. */
export const CHANNEL_LATENCY_MS = 40;
const CHANNEL_MAX_RATIO = 1.3;
/** Copies of the demo account's payments, each 28 years earlier: about 150 payments. */
const COPIES = 8;
/**
 * The payments page at an address of its own (an extra parameter the portal ignores): the bench
 * serves its static 2 000-row page at the page's plain address.
 */
export const WHOLE_WINDOW_URL =
  'https://assure.ameli.fr/PortailAS/appmanager/PortailAS/assure?_nfpb=true&_pageLabel=as_paiements_page&vue=banc';

/** The demo account, its payments repeated `copies` times with new ids, each copy years earlier. */
export function benchAmeliAccount(copies = COPIES): AmeliAccount {
  const account = ameliAccount(DEFAULT_PORTALS_DIR);
  const shiftDay = (iso: string, years: number) => `${Number(iso.slice(0, 4)) - years}${iso.slice(4)}`;
  const payments = Array.from({ length: copies }, (_, copy) =>
    account.payments.map((payment) => ({
      ...payment,
      id: copy === 0 ? payment.id : `${payment.id}${copy}`,
      date: shiftDay(payment.date, copy * YEARS_PER_COPY),
      detail: shiftYears(payment.detail, copy * YEARS_PER_COPY),
    })),
  ).flat();
  return {
    ...account,
    window: { ...account.window, min: shiftDay(account.window.min, (copies - 1) * YEARS_PER_COPY) },
    payments,
  };
}

/**
 * The bare fetches, in the page's own world: what the portal's own scripts would ask, as fast as
 * they can, nothing read but what the next request needs. No named inner function (see in-page.ts).
 */
export async function bareWholeWindow(): Promise<{ ms: number; requests: number }> {
  const t0 = performance.now();
  let requests = 0;
  const servlet = await fetch('/PortailAS/JavaScriptServlet', {
    method: 'POST',
    headers: { 'FETCH-CSRF-TOKEN': '1' },
  });
  requests++;
  const token = (await servlet.text()).split(':')[1]?.trim() ?? '';
  const start = document.getElementById('paiements_1dateDebut')?.getAttribute('data-mindate') ?? '';
  const end = document.getElementById('paiements_1dateFin')?.getAttribute('data-maxdate') ?? '';
  const query = new URLSearchParams({
    actionEvt: 'afficherPaiementsComplementaires',
    DateDebut: start,
    DateFin: end,
    Beneficiaire: 'tout_selectionner',
    afficherReleves: 'false',
    afficherIJ: 'true',
    afficherInva: 'false',
    afficherRentes: 'false',
    afficherRS: 'false',
    indexPaiement: '',
    idNotif: '',
  });
  const list = (await (
    await fetch(`/PortailAS/paiements.do?${query}`, { headers: { _ct: token } })
  ).json()) as {
    tableauPaiement: string;
  };
  requests++;
  const details = [
    ...list.tableauPaiement.matchAll(/chargerDetailPaiement\('([^']*)','([^']*)','([^']*)','([^']*)'\)/g),
  ]
    .filter((m) => m[2] !== 'INDEMNITE_JOURNALIERE_ASSURE')
    .map(
      (m) =>
        `/PortailAS/paiements.do?${new URLSearchParams({ actionEvt: 'chargerDetailPaiements', idPaiement: m[1] ?? '', naturePaiement: m[2] ?? '', indexGroupe: m[3] ?? '', indexPaiement: m[4] ?? '' })}`,
    );
  const statements = (await (
    await fetch('/PortailAS/relevemensuelpaiement.do?actionEvt=afficherPlusReleves', {
      headers: { _ct: token },
    })
  ).json()) as { listeDecomptes: { urlPDF: string }[] };
  requests++;
  const queue = [...details, ...statements.listeDecomptes.map((statement) => statement.urlPDF)];
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < queue.length) {
        const address = queue[next++] ?? '';
        await (await fetch(address, { headers: { _ct: token } })).arrayBuffer();
        requests++;
      }
    }),
  );
  return { ms: performance.now() - t0, requests };
}

/**
 * The figure at `latencyMs` a request: the target holds at a live portal's latency; at 0 ms (every
 * answer at once, on loopback) the figure says what parsing and storing cost on their own.
 */
export async function measureWholeWindow(
  session: Session,
  repeat: Repeat,
  latencyMs = CHANNEL_LATENCY_MS,
): Promise<Figure> {
  const product: number[] = [];
  const baseline: number[] = [];
  let counts: Record<string, number | null> = {};
  let requests = 0;
  session.server.live.setFaults('ameli', { slowMs: latencyMs });
  try {
    await alternate(repeat, [
      async (measured) => {
        await emptyProductDatabase(session);
        await loadPortalPage(session.tab, WHOLE_WINDOW_URL);
        await collectGarbage(session);
        const result = await timedSave(session.tab, 'save-all');
        if (!result.counts.added) throw new Error('whole window: the save added nothing');
        if (measured) product.push(result.ms);
        counts = result.counts;
      },
      async (measured) => {
        await loadPortalPage(session.tab, WHOLE_WINDOW_URL);
        await collectGarbage(session);
        const bare = await session.tab.evaluate(bareWholeWindow);
        if (measured) baseline.push(bare.ms);
        requests = bare.requests;
      },
    ]);
  } finally {
    session.server.live.setFaults('ameli', {});
  }
  return paired(
    {
      id: `channels.ameli-whole-window-${latencyMs}ms`,
      label: `« Tout enregistrer » on ameli, ${counts['found'] ?? '?'} records, ${requests} requests of ${latencyMs} ms`,
      unit: 'ms',
      details: { counts, requests, latencyMs, copies: COPIES },
    },
    product,
    { label: 'bare same-origin fetches of the same endpoints, 4 at a time', runs: baseline },
    latencyMs === CHANNEL_LATENCY_MS ? CHANNEL_MAX_RATIO : null,
  );
}
