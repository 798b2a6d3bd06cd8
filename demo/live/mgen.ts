/**
 * The simulated MGEN member area (docs/channels.md, « MGEN »): "Mes remboursements" is sent with
 * every line of the window its filters ask for, which its script pages in the browser; a line's
 * acts come from a POST of `#formDetailsRemboursement` naming the line's index in the list the
 * session last showed, with the form's token among its fields. Fictional data:
 * demo/portals/mgen/compte.json. The statements page and the statements' PDFs are the set's
 * static files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml, html, redirect, sessionCookie, type LivePortal, type LiveRequest } from './live';

const HOST = 'www.mgen.fr';
const COOKIE = 'fe_typo_user';
const PAGE = '/mon-espace-perso/mes-remboursements/';
const STATEMENTS = '/mon-espace-perso/mes-releves/';
const LOGIN = '/connexion/';
const NAMESPACE = 'tx_mtechremboursement_mtechremboursementsante';
const TOKEN_FIELD = `${NAMESPACE}[__trustedProperties]`;
const LINE_FIELD = `${NAMESPACE}[indexLigne]`;

interface Decompte {
  ref: string;
  careDate: string;
  patient: string;
  act: string;
  provider: string | null;
  paymentDate: string;
  charged: string | null;
  primary: string | null;
  complementary: string | null;
  outOfPocket: string | null;
  statement: string;
}

interface Account {
  member: string;
  window: { min: string; max: string; shownFrom: string };
  decomptes: Decompte[];
}

const iso = (day: string) => day.split('/').reverse().join('-');
const frenchDay = (isoDay: string) => isoDay.split('-').reverse().join('/');
const euros = (amount: string | null) =>
  amount === null ? '' : `<span class="valeur">${escapeHtml(amount)}</span> <abbr title="euros">€</abbr>`;

function lines(decomptes: readonly Decompte[]): string {
  if (decomptes.length === 0) {
    return '<p id="noRembFocus" tabindex="-1">Vous n’avez pas de remboursement sur la période demandée.</p>';
  }
  const rows = decomptes.map(
    (d, index) =>
      `<tr class="ligne-remboursement" data-index-ligne="${index}">` +
      `<td class="date-soins">${d.careDate}</td><td class="beneficiaire">${escapeHtml(d.patient)}</td>` +
      `<td class="releve"><a class="pdf_download" href="${escapeHtml(d.statement)}" data-url-releve="${escapeHtml(d.statement)}" title="Télécharger le relevé du ${d.paymentDate}"><span class="sr-only">Relevé PDF</span></a></td>` +
      `<td class="date-paiement">${d.paymentDate}</td><td class="montant">${euros(d.complementary)}</td>` +
      `<td><button type="button" class="btn-detail">Détails</button></td></tr>`,
  );
  return (
    '<div class="table-responsive"><table id="tableDernierRemboursement" class="table table-striped">' +
    '<caption class="sr-only">Vos remboursements santé</caption>' +
    '<thead><tr><th scope="col">Date des soins</th><th scope="col">Bénéficiaire</th><th scope="col">Relevé</th><th scope="col">Date de paiement</th><th scope="col">Remboursement MGEN</th><th scope="col"><span class="sr-only">Détail</span></th></tr></thead>' +
    `<tbody>${rows.join('\n')}</tbody></table>` +
    '<div class="dataTables_paginate"><button type="button" id="tableDernierRemboursement_previous" class="paginate_button previous">Précédent</button> ' +
    '<span id="tableDernierRemboursement_info" aria-live="polite"></span> ' +
    '<button type="button" id="tableDernierRemboursement_next" class="paginate_button next">Suivant</button></div></div>'
  );
}

function detail(d: Decompte): string {
  return (
    '<div class="detail-remboursement"><table class="table detail-actes"><thead><tr>' +
    '<th scope="col">N° de décompte</th><th scope="col">Nature des soins</th><th scope="col">Dépense</th>' +
    '<th scope="col">Remb. Sécurité sociale</th><th scope="col">Remb. MGEN</th><th scope="col">Reste à charge</th></tr></thead><tbody>' +
    `<tr><td class="num-decompte">${escapeHtml(d.ref)}</td><td class="nature"><span class="libelle">${escapeHtml(d.act)}</span>` +
    (d.provider ? `<br><small class="ps">${escapeHtml(d.provider)}</small>` : '') +
    `</td><td class="montant">${euros(d.charged)}</td><td class="montant">${euros(d.primary)}</td>` +
    `<td class="montant">${euros(d.complementary)}</td><td class="montant">${euros(d.outOfPocket)}</td></tr></tbody></table></div>`
  );
}

const LOGIN_PAGE = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Connexion - MGEN</title></head>
<body><main><h1>Connexion à mon espace perso</h1><p>Votre session a expiré.</p>
<form id="form-connexion" method="post" action="${LOGIN}"><label>Identifiant <input name="user"></label>
<label>Mot de passe <input type="password" name="pass"></label><button>Se connecter</button></form>
<p class="simulation">Portail simulé : rechargez « Mes remboursements » pour ouvrir une nouvelle session.</p></main></body></html>`;

export function mgenPortal(portalsDir: string): LivePortal {
  const account = JSON.parse(readFileSync(join(portalsDir, 'mgen/compte.json'), 'utf8')) as Account;
  const shell = readFileSync(join(portalsDir, 'mgen/mes-remboursements.html'), 'utf8');
  const statements = readFileSync(join(portalsDir, 'mgen/mes-releves.html'), 'utf8');

  const page = (from: string, to: string, shown: readonly Decompte[], token: string) =>
    shell
      .replaceAll('{{ADHERENT}}', escapeHtml(account.member))
      .replaceAll(
        '{{CHAMPS}}',
        `<input type="hidden" name="${LINE_FIELD}" value=""><input type="hidden" name="${TOKEN_FIELD}" value="${escapeHtml(token)}">`,
      )
      .replaceAll('{{DEBUT}}', from)
      .replaceAll('{{FIN}}', to)
      .replaceAll('{{MIN}}', account.window.min)
      .replaceAll('{{MAX}}', account.window.max)
      .replaceAll('{{DEBUT_FR}}', frenchDay(from))
      .replaceAll('{{FIN_FR}}', frenchDay(to))
      .replaceAll('{{TABLEAU}}', lines(shown));

  const handle: LivePortal['handle'] = async (request: LiveRequest, state) => {
    const { url } = request;
    if (url.pathname === LOGIN) return html(LOGIN_PAGE);
    // The statements' PDFs, under the same address, are the set's static files.
    const isStatements =
      url.pathname === STATEMENTS && request.method === 'GET' && !url.searchParams.has('action');
    if ((url.pathname !== PAGE && !isStatements) || url.search.includes('telechargerReleve')) return null;
    const faults = state.faultsOf('mgen');
    if (faults.slowMs) await new Promise((resolve) => setTimeout(resolve, faults.slowMs));
    if (faults.expired) return redirect(LOGIN);
    const session = state.session(request, COOKIE);
    if (isStatements) {
      state.count('mgen', 'statements');
      // The demo has no login: a page opens the person's session.
      return { ...html(statements), headers: session ? {} : sessionCookie(COOKIE, state.open().id) };
    }

    if (request.method === 'GET') {
      state.count('mgen', 'list');
      const opened = session ?? state.open();
      const day = (name: string, fallback: string) => {
        const value = url.searchParams.get(name) ?? '';
        return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : fallback;
      };
      const from = day('dateDebut', account.window.shownFrom);
      const to = day('dateFin', account.window.max);
      const start = from < account.window.min ? account.window.min : from;
      const shown = account.decomptes.filter((d) => iso(d.paymentDate) >= start && iso(d.paymentDate) <= to);
      // The details request names a line by its index in the list the session last showed.
      state.remember(opened.id, 'lines', shown);
      return {
        ...html(page(from, to, shown, opened.token)),
        headers: session ? {} : sessionCookie(COOKIE, opened.id),
      };
    }
    if (!session) return redirect(LOGIN);
    if (request.method !== 'POST' || !url.search.includes('%5Baction%5D=details'))
      return html('<p>Requête invalide.</p>', 400);
    const form = new URLSearchParams(request.body);
    if (form.get(TOKEN_FIELD) !== session.token || faults.refuseToken) {
      state.count('mgen', 'refused');
      return html(
        '<!doctype html><title>Accès refusé</title><p>Votre demande n’a pas pu être vérifiée.</p>',
        403,
      );
    }
    const busy = state.rateLimited('mgen');
    if (busy) return busy;
    state.count('mgen', 'detail');
    const shown = (state.recall(session.id, 'lines') ?? []) as Decompte[];
    const line = shown[Number(form.get(LINE_FIELD))];
    if (!line) return html('<p>Ligne introuvable.</p>', 404);
    if (state.failsDetail('mgen', line.ref)) return html('<p>Service momentanément indisponible.</p>', 503);
    return html(detail(line));
  };
  return { id: 'mgen', host: HOST, handle };
}
