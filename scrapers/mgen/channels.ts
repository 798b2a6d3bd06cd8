/**
 * MGEN's in-session requests (docs/channels.md, « MGEN »), after konnectors/cozy-konnector-mgen
 * (src/index.js): the list page itself, asked for the window wanted (its filters
 * `#remboursementDateDebut` / `#remboursementDateFin`): the page the server sends holds every
 * line, which its script then pages in the browser; each line's acts by a POST of
 * `#formDetailsRemboursement`, its hidden fields (the form's own token among them) and the line's
 * index; with « Tout enregistrer », the widest window and the statements page.
 */
import type { ScrapedRecord } from '../../storage/schemas';
import {
  ChannelError,
  defineChannels,
  malformedAnswer,
  type ChannelContext,
  type ChannelRequest,
} from '../channels';
import { PageLayoutError } from '../contract';
import { listLines, readActTable, readStatements, type ListLine } from './read';

const TABLE = '#tableDernierRemboursement';
const EMPTY = '#noRembFocus';
const FORM = '#formDetailsRemboursement';
/** The form's field that names the line asked for (TYPO3's plugin namespace before it). */
const LINE_FIELD = /\[indexLigne\]$/;
const DETAIL_TABLE = 'table';
/** The window's filters: `type="date"` inputs whose `min`/`max` are the bounds the portal allows. */
const START = '#remboursementDateDebut';
const END = '#remboursementDateFin';
const STATEMENTS_PAGE = '/mon-espace-perso/mes-releves/';
/** The login page, or its form in an answer: the session has ended. */
const LOGIN_PATH = /^\/connexion\b|\/identification\b/;
const LOGIN_FORM = /<form[^>]+id=["']form-connexion["']/i;

/** The list's address for the window wanted: the page as it is, or its widest window. */
export function listAddress(doc: Document, url: URL, scope: 'page' | 'all'): URL {
  const address = new URL(url.href);
  if (scope === 'page') return address;
  for (const [selector, bound] of [
    [START, 'min'],
    [END, 'max'],
  ] as const) {
    const input = doc.querySelector(selector);
    const name = input?.getAttribute('name');
    const value = input?.getAttribute(bound);
    if (!name || !value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      throw new PageLayoutError(`filtre de dates sans borne (${selector}[${bound}])`);
    }
    address.searchParams.set(name, value);
  }
  return address;
}

/** The details form of the list the server sent: where it posts, and its fields. */
function detailsForm(
  page: Document,
  what: string,
): { action: string; fields: Record<string, string>; line: string } {
  const form = page.querySelector(FORM);
  const action = form?.getAttribute('action');
  if (!form || !action) return malformedAnswer(what, `formulaire ${FORM} introuvable`);
  const fields: Record<string, string> = {};
  let line: string | null = null;
  for (const input of Array.from(form.querySelectorAll('input[name]'))) {
    const name = input.getAttribute('name') ?? '';
    fields[name] = input.getAttribute('value') ?? '';
    if (LINE_FIELD.test(name)) line = name;
  }
  if (line === null) return malformedAnswer(what, `champ [indexLigne] introuvable dans ${FORM}`);
  return { action, fields, line };
}

async function run(ctx: ChannelContext): Promise<ScrapedRecord[]> {
  const address = listAddress(ctx.doc, ctx.url, ctx.scope);
  ctx.step('list');
  const list: ChannelRequest = {
    path: address.pathname + address.search,
    expect: 'html',
    what: 'la liste des remboursements',
  };
  const page = ctx.parseHtml((await ctx.client.fetch(list)).text);
  const table = page.querySelector(TABLE);
  const records: ScrapedRecord[] = [];
  if (!table && !page.querySelector(EMPTY)) return malformedAnswer(list.what, `tableau ${TABLE} introuvable`);
  const lines = table ? listLines(table) : [];
  if (lines.length > 0) {
    const form = detailsForm(page, list.what);
    ctx.step('details');
    const acts = await ctx.each(
      lines,
      (line) => `le détail du remboursement du ${line.shown}`,
      async (line: ListLine) => {
        const request: ChannelRequest = {
          method: 'POST',
          path: form.action,
          form: { ...form.fields, [form.line]: line.index ?? '' },
          expect: 'html',
          what: `le détail du remboursement du ${line.shown}`,
        };
        const detail = ctx.parseHtml((await ctx.client.fetch(request)).text).querySelector(DETAIL_TABLE);
        if (!detail) return malformedAnswer(request.what, 'tableau des actes introuvable');
        return readActTable(detail, ctx.url.href, ctx, line, `Remboursement du ${line.shown}, acte`);
      },
    );
    records.push(...acts.flatMap((found) => found ?? []));
    // The portal names a line by its index in the list the session last showed: the person's own
    // page must find its list again, for its next « Détails ».
    // Nothing is read from it: a failure loses nothing of this save.
    if (address.href !== ctx.url.href) {
      await ctx.client
        .fetch({
          path: ctx.url.pathname + ctx.url.search,
          expect: 'html',
          what: 'la liste affichée sur la page',
        })
        .catch((error: unknown) => {
          if (error instanceof ChannelError && error.fatal) throw error;
        });
    }
  }
  if (ctx.scope === 'all') {
    ctx.step('documents');
    const request: ChannelRequest = { path: STATEMENTS_PAGE, expect: 'html', what: 'la liste des relevés' };
    const statements = await ctx.attempt(request.what, async () => {
      const answer = await ctx.client.fetch(request);
      return readStatements(ctx.parseHtml(answer.text), answer.url, ctx);
    });
    records.push(...(statements ?? []));
  }
  return records;
}

export default defineChannels({
  id: 'mgen',
  loggedOut: ({ url, text }) => LOGIN_PATH.test(url.pathname) || LOGIN_FORM.test(text),
  run,
});
