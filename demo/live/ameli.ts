/**
 * The simulated compte ameli, answering as the live site does (docs/channels.md, « ameli »): the
 * "Mes paiements" page draws its list from `paiements.do` behind OWASP CSRFGuard's token
 * (`POST /PortailAS/JavaScriptServlet` with `FETCH-CSRF-TOKEN: 1`, then `_ct` on each request),
 * each payment's detail on demand, and the monthly statements as JSON. Fictional data:
 * demo/portals/ameli/compte.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml, html, json, redirect, sessionCookie, type LivePortal, type LiveRequest } from './live';

const HOST = 'assure.ameli.fr';
const COOKIE = 'JSESSIONID';
const PAGE_PATH = '/PortailAS/appmanager/PortailAS/assure';
const LOGIN = `${PAGE_PATH}?_nfpb=true&_pageLabel=as_login_page`;

export interface Payment {
  id: string;
  nature: string;
  date: string;
  label: string;
  amount: string;
  ij: boolean;
  detail: string;
}

export interface AmeliAccount {
  holder: string;
  beneficiaries: string[];
  window: { min: string; max: string; shownFrom: string };
  statements: { id: string; mois: string; montant: string }[];
  payments: Payment[];
}

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** ISO → the `dd/mm/yyyy` of the page's filters; and back (null when unreadable). */
const frenchDay = (iso: string) => iso.split('-').reverse().join('/');
function isoDay(text: string | null): string | null {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text ?? '');
  return match ? `${match[3]}-${match[2]}-${match[1]}` : null;
}

/** The list fragment of `tableauPaiement`: payments of the window, by month, newest first. */
export function listFragment(payments: readonly Payment[]): string {
  if (payments.length === 0) {
    return '<p class="aucunPaiement">Aucun paiement sur la période demandée.</p>';
  }
  const months = new Map<string, Payment[]>();
  for (const payment of [...payments].sort((a, b) => b.date.localeCompare(a.date))) {
    const key = payment.date.slice(0, 7);
    months.set(key, [...(months.get(key) ?? []), payment]);
  }
  const blocks = [...months].map(([month, items], group) => {
    const [year, number] = month.split('-');
    const name = MONTHS[Number(number) - 1] ?? '';
    const rows = items.map((p, index) => {
      const day = String(Number(p.date.slice(8, 10)));
      const ids = `${group}_${index}`;
      return (
        `<li class="rowitem${p.ij ? ' rowIJ' : ''}" id="lignePaiement${ids}" onclick="chargerDetailPaiement('${p.id}','${p.nature}','${group}','${index}'); return false;">` +
        `<div class="col-date"><span class="jour">${day}</span> <span class="mois">${name}</span></div>` +
        `<div class="col-label">${escapeHtml(p.label)}</div>` +
        `<div class="col-montant"><span>${escapeHtml(p.amount)}</span></div>` +
        `<div class="col-download"><a class="downdetail" href="/PortailAS/PDFServletDetailPaiementPT.dopdf?idPaiement=${p.id}" title="Télécharger le détail du paiement (PDF)"><span class="sr-only">Télécharger </span>PDF</a></div>` +
        `<div class="col-action"><button type="button" class="btnDetail" aria-expanded="false" aria-controls="detailPaiement${ids}">Afficher le détail</button></div>` +
        `<div class="zoneDetail" id="detailPaiement${ids}"></div></li>`
      );
    });
    return (
      `<li class="blocParMois" id="blocMois${group}"><ul class="paiementsDuMois">` +
      `<li class="rowdate"><span class="libelle">Paiements de</span> <span class="mois">${name} ${year}</span></li>` +
      `${rows.join('\n')}</ul></li>`
    );
  });
  return `<ul id="unordered_list" class="liste-paiements">\n${blocks.join('\n')}\n</ul>`;
}

const LOGIN_PAGE = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Connexion à mon compte ameli</title></head>
<body><main><h1>Connexion à mon compte ameli</h1>
<p>Votre session a expiré. Merci de vous reconnecter.</p>
<form id="connexion_form" method="post" action="#"><label>Numéro de sécurité sociale <input name="user"></label>
<label>Mot de passe <input type="password" name="password"></label><button>Je me connecte</button></form>
<p class="simulation">Portail simulé : rechargez la page « Mes paiements » pour ouvrir une nouvelle session.</p>
</main></body></html>`;

/** The demo account (demo/portals/ameli/compte.json). */
export function ameliAccount(portalsDir: string): AmeliAccount {
  return JSON.parse(readFileSync(join(portalsDir, 'ameli/compte.json'), 'utf8')) as AmeliAccount;
}

/** The simulated portal, serving `account` (the demo's own by default; the bench's larger one). */
export function ameliPortal(
  portalsDir: string,
  account: AmeliAccount = ameliAccount(portalsDir),
): LivePortal {
  const shell = readFileSync(join(portalsDir, 'ameli/paiements.html'), 'utf8');
  const byId = new Map(account.payments.map((payment) => [payment.id, payment]));

  const page = () =>
    shell
      .replaceAll('{{TITULAIRE}}', escapeHtml(account.holder))
      .replaceAll(
        '{{BENEFICIAIRES}}',
        account.beneficiaries.map((name, i) => `<option value="${i}">${escapeHtml(name)}</option>`).join(''),
      )
      .replaceAll('{{DEBUT}}', frenchDay(account.window.shownFrom))
      .replaceAll('{{FIN}}', frenchDay(account.window.max))
      .replaceAll('{{MIN}}', frenchDay(account.window.min))
      .replaceAll('{{MAX}}', frenchDay(account.window.max));

  const handle: LivePortal['handle'] = async (request: LiveRequest, state) => {
    const { url } = request;
    const label = url.searchParams.get('_pageLabel');
    const isPage = url.pathname === PAGE_PATH;
    if (isPage && label === 'as_login_page') return html(LOGIN_PAGE);
    const live =
      (isPage && label === 'as_paiements_page') ||
      url.pathname === '/PortailAS/JavaScriptServlet' ||
      url.pathname === '/PortailAS/paiements.do' ||
      url.pathname === '/PortailAS/relevemensuelpaiement.do';
    if (!live) return null;

    const faults = state.faultsOf('ameli');
    if (faults.slowMs) await new Promise((resolve) => setTimeout(resolve, faults.slowMs));
    const session = state.session(request, COOKIE);
    if (faults.expired) return redirect(LOGIN);
    if (isPage) {
      state.count('ameli', 'page');
      // The demo has no login: the page opens the person's session.
      const headers = session ? {} : sessionCookie(COOKIE, state.open().id);
      return { ...html(page()), headers };
    }
    if (!session) return redirect(LOGIN);

    if (url.pathname === '/PortailAS/JavaScriptServlet') {
      if (request.method !== 'POST' || request.headers['fetch-csrf-token'] !== '1') {
        return html('<p>Requête invalide.</p>', 400);
      }
      state.count('ameli', 'token');
      return { status: 200, contentType: 'text/plain; charset=utf-8', body: `_ct:${session.token}` };
    }
    // CSRFGuard: every other request carries the session's token, or is refused.
    if (request.headers['_ct'] !== session.token || faults.refuseToken) {
      state.count('ameli', 'refused');
      return html('<!doctype html><title>Accès refusé</title><p>Accès refusé.</p>', 403);
    }
    const busy = state.rateLimited('ameli');
    if (busy) return busy;

    const action = url.searchParams.get('actionEvt');
    if (url.pathname === '/PortailAS/relevemensuelpaiement.do' && action === 'afficherPlusReleves') {
      state.count('ameli', 'statements');
      return json({
        listeDecomptes: account.statements.map((statement) => ({
          montant: statement.montant,
          urlPDF: `/PortailAS/PDFServletReleveMensuel.dopdf?idReleve=${statement.id}`,
          mois: statement.mois,
        })),
      });
    }
    if (action === 'afficherPaiementsComplementaires') {
      const from = isoDay(url.searchParams.get('DateDebut'));
      const to = isoDay(url.searchParams.get('DateFin'));
      if (!from || !to) return json({ erreur: 'Dates invalides' }, 400);
      state.count('ameli', 'list');
      const start = from < account.window.min ? account.window.min : from;
      const end = to > account.window.max ? account.window.max : to;
      const shown = account.payments.filter((payment) => payment.date >= start && payment.date <= end);
      return json({ tableauPaiement: listFragment(shown) });
    }
    if (action === 'chargerDetailPaiements') {
      state.count('ameli', 'detail');
      const id = url.searchParams.get('idPaiement') ?? '';
      if (state.failsDetail('ameli', id)) {
        return html('<!doctype html><title>Service indisponible</title><p>Service indisponible.</p>', 503);
      }
      const payment = byId.get(id);
      if (!payment) return html('<p>Paiement introuvable.</p>', 404);
      return html(payment.detail);
    }
    return html('<p>Action inconnue.</p>', 404);
  };
  return { id: 'ameli', host: HOST, handle };
}
