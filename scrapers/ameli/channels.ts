/**
 * ameli's in-session requests, in the order its own page makes them (docs/channels.md, « ameli »):
 * the CSRF token, the payments of a date window, then each payment's detail; with « Tout
 * enregistrer », the whole window the page offers and the monthly statements. After
 * konnectors/cozy-konnector-ameli src/index.js (client-side, 2025) and rbignon/woob
 * modules/ameli/browser.py.
 */
import type { ScrapedRecord } from '../../storage/schemas';
import { defineChannels, type ChannelContext, type ChannelRequest } from '../channels';
import { PageLayoutError } from '../contract';
import { textOf } from '../helpers/text';
import { readDetailAnswer, readList, readStatements, readToken } from './answers';
import type { PaymentRow } from './read';
import { dateWindow, END, START } from './window';

/** The account holder, in the page header: the statements are theirs. */
const HOLDER = '.NomEtPrenomLabel';

const SERVLET = '/PortailAS/JavaScriptServlet';
const PAYMENTS = '/PortailAS/paiements.do';
const STATEMENTS = '/PortailAS/relevemensuelpaiement.do';
/** The login page (and its form): what every request answers once the session has ended. */
const LOGIN_PAGE = /[?&]_pageLabel=as_login_page\b/;
const LOGIN_FORM = /<form[^>]+id=["']connexion(?:_form)?["']/i;

function listRequest(window: { start: string; end: string }): ChannelRequest {
  return {
    path: PAYMENTS,
    query: {
      actionEvt: 'afficherPaiementsComplementaires',
      DateDebut: window.start,
      DateFin: window.end,
      Beneficiaire: 'tout_selectionner',
      afficherReleves: 'false',
      afficherIJ: 'true',
      afficherInva: 'false',
      afficherRentes: 'false',
      afficherRS: 'false',
      indexPaiement: '',
      idNotif: '',
    },
    expect: 'json',
    what: `la liste des paiements du ${window.start} au ${window.end}`,
  };
}

function detailRequest(payment: PaymentRow): ChannelRequest {
  return {
    path: PAYMENTS,
    query: {
      actionEvt: 'chargerDetailPaiements',
      idPaiement: payment.id ?? '',
      naturePaiement: payment.nature ?? '',
      indexGroupe: payment.group ?? '',
      indexPaiement: payment.index ?? '',
    },
    expect: 'html',
    cacheable: true,
    what: `le détail du paiement du ${payment.shown}`,
  };
}

async function run(ctx: ChannelContext): Promise<ScrapedRecord[]> {
  const window = dateWindow(ctx.doc, ctx.scope);
  if (window === null) throw new PageLayoutError(`dates de la période introuvables (${START}, ${END})`);
  ctx.step('list');
  const list = listRequest(window);
  const payments = readList((await ctx.client.fetch(list)).json, ctx.parseHtml, list.what);
  const care = payments.filter((payment) => !payment.allowance);
  ctx.step('details');
  const details = await ctx.each(
    care,
    (payment) => `le détail du paiement du ${payment.shown}`,
    async (payment) => {
      const request = detailRequest(payment);
      const answer = await ctx.client.fetch(request);
      return readDetailAnswer(answer.text, payment, ctx.url.href, ctx.parseHtml, ctx);
    },
  );
  const records = details.flatMap((acts) => acts ?? []);
  if (ctx.scope === 'all') {
    ctx.step('documents');
    const request: ChannelRequest = {
      path: STATEMENTS,
      query: { actionEvt: 'afficherPlusReleves' },
      expect: 'json',
      what: 'la liste des relevés mensuels',
    };
    const holder = textOf(ctx.doc.querySelector(HOLDER));
    const statements = await ctx.attempt(request.what, async () =>
      readStatements((await ctx.client.fetch(request)).json, { url: ctx.url, holder }, request.what, ctx),
    );
    records.push(...(statements ?? []));
  }
  return records;
}

export default defineChannels({
  id: 'ameli',
  token: {
    header: '_ct',
    async get({ client }) {
      const request: ChannelRequest = {
        method: 'POST',
        path: SERVLET,
        headers: { 'FETCH-CSRF-TOKEN': '1' },
        expect: 'text',
        what: 'le jeton de session (JavaScriptServlet)',
      };
      return readToken((await client.fetch(request)).text, request.what);
    },
  },
  loggedOut: ({ url, text }) => LOGIN_PAGE.test(url.search) || LOGIN_FORM.test(text),
  run,
});
