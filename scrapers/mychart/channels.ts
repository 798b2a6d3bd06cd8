/**
 * MyChart's in-session requests (docs/channels.md, « MyChart »), after jmandel/mychart-takeout
 * (packages/core/src/mc.ts, phases/*.ts): the instance's prefix is the first segment of the
 * page's path; the anti-forgery token comes from `{prefix}/Home/CSRFToken` and goes in the
 * `__RequestVerificationToken` header of every POST; the results from `api/test-results/GetList`,
 * then each order's `GetDetails`; with « Tout enregistrer », the immunizations and medications.
 */
import type { ScrapedRecord } from '../../storage/schemas';
import { defineChannels, type ChannelContext, type ChannelRequest } from '../channels';
import { textOf } from '../helpers/text';
import { readDetails, readImmunizations, readList, readMedications, readToken } from './answers';
import type { Common } from './read';

/** The logged-in patient, in the page's header. */
const PATIENT = '.user-info .patient-name';
const TOKEN_HEADER = '__RequestVerificationToken';
/** A results detail page names its order in its address. */
const ORDER_PARAM = 'orderId';
/** The login page (its address, or its form in an answer): the session has ended. */
const LOGIN_PATH = /\/Authentication\/Login\b/i;
const LOGIN_FORM = /<form[^>]+id=["']loginForm["']/i;

/** `/MyChart`, `/mychartprd`: every instance lives under its own first path segment. */
export function prefixOf(url: URL): string {
  return /^\/[^/]+/.exec(url.pathname)?.[0] ?? '';
}

function post(prefix: string, path: string, body: unknown, what: string, cacheable = false): ChannelRequest {
  return { method: 'POST', path: `${prefix}/${path}`, json: body, expect: 'json', cacheable, what };
}

async function run(ctx: ChannelContext): Promise<ScrapedRecord[]> {
  const prefix = prefixOf(ctx.url);
  const common: Common = {
    source: 'mychart',
    patient: textOf(ctx.doc.querySelector(PATIENT)),
    sourceUrl: ctx.url.href,
  };
  const details = (key: string, shown: string) => {
    const request = post(
      prefix,
      'api/test-results/GetDetails',
      { orderId: key },
      `le détail du résultat « ${shown} »`,
      true,
    );
    return async () => readDetails((await ctx.client.fetch(request)).json, common, request.what, ctx);
  };

  // On a result's page, « Enregistrer mes données » saves that result.
  const shownOrder = ctx.url.searchParams.get(ORDER_PARAM);
  if (ctx.scope === 'page' && shownOrder) {
    ctx.step('details');
    return details(shownOrder, shownOrder)();
  }

  ctx.step('list');
  const list = post(
    prefix,
    'api/test-results/GetList',
    { groupType: 1, searchString: '' },
    'la liste des résultats',
  );
  const results = readList((await ctx.client.fetch(list)).json, common, list.what, ctx);
  const records: ScrapedRecord[] = results.flatMap((result) => (result.record ? [result.record] : []));
  ctx.step('details');
  const components = await ctx.each(
    results,
    (result) =>
      `le détail du résultat « ${result.record?.kind === 'document' ? result.record.title : result.key} »`,
    (result) => details(result.key, result.record?.kind === 'document' ? result.record.title : result.key)(),
  );
  records.push(...components.flatMap((found) => found ?? []));

  if (ctx.scope === 'all') {
    ctx.step('documents');
    for (const [path, what, read] of [
      ['api/immunizations/LoadImmunizations', 'la liste des vaccinations', readImmunizations],
      ['api/medications/LoadMedicationsPage', 'la liste des médicaments', readMedications],
    ] as const) {
      const request = post(prefix, path, {}, what);
      const found = await ctx.attempt(what, async () =>
        read((await ctx.client.fetch(request)).json, common, what, ctx),
      );
      records.push(...(found ?? []));
    }
  }
  return records;
}

export default defineChannels({
  id: 'mychart',
  token: {
    header: TOKEN_HEADER,
    async get({ client, url, parseHtml }) {
      const request: ChannelRequest = {
        path: `${prefixOf(url)}/Home/CSRFToken`,
        expect: 'html',
        what: 'le jeton de session (CSRFToken)',
      };
      return readToken(parseHtml((await client.fetch(request)).text), request.what);
    },
  },
  loggedOut: ({ url, text }) => LOGIN_PATH.test(url.pathname) || LOGIN_FORM.test(text),
  run,
});
