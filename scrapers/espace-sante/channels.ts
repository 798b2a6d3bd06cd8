/**
 * Mon espace santé's in-session requests (docs/channels.md, « Mon espace santé »): the web app's
 * GraphQL endpoint, `POST /api/graphql`, with the operations the official app's schema names
 * (assurance-maladie-mesdmp/ens-mobile, lib/graphql/ens/schema-ens.graphql): the documents list,
 * page after page; each document's attachment (its file, in base64); the vaccines; the measures
 * of each code. Every request carries the page's `csrf-token` in `X-CSRF-Token`.
 */
import type { ScrapedRecord } from '../../storage/schemas';
import { defineChannels, type ChannelContext, type ChannelRequest } from '../channels';
import { textOf } from '../helpers/text';
import {
  documentIdOf,
  readAttachment,
  readDocumentsPage,
  readMeasures,
  readVaccines,
  type Common,
} from './answers';

const ENDPOINT = '/api/graphql';
/** The profile being viewed (a parent may view a child's), in the header. */
const PROFILE = '#profil-actif .profil-nom';
/** The token in the page's head, sent as a header on every request. */
const CSRF_TOKEN = 'meta[name="csrf-token"]';
const TOKEN_HEADER = 'X-CSRF-Token';
/** The login page, or GraphQL's own "not logged in" error: the session has ended. */
const LOGIN_PATH = /^\/connexion\b/;
const UNAUTHENTICATED = /"code"\s*:\s*"UNAUTHENTICATED"/;
/** Documents asked for per page (the portal may give fewer: its page info says what follows). */
const PAGE_SIZE = 50;
/** The measures the web app shows, by their code in the schema. */
const MEASURE_CODES = ['WEIGHT', 'HEIGHT', 'BLOOD_PRESSURE', 'HEART_RATE'];

const QUERIES = {
  documents:
    'query documents($first: Int!, $after: String) { documents(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id title documentDate category { code label } author { name } addedBy format } } } }',
  get_document_attachment:
    'query get_document_attachment($documentId: ID!) { get_document_attachment(documentId: $documentId) { content mimeType } }',
  vaccines: 'query vaccines { vaccines { id name date dose lotNumber vaccinator } }',
  measuresByCode:
    'query measuresByCode($code: MeasureCode!) { measuresByCode(code: $code) { code label unit measures { date value systolic diastolic } } }',
} as const;

function graphql(
  operationName: keyof typeof QUERIES,
  variables: Record<string, unknown>,
  what: string,
  cacheable = false,
): ChannelRequest {
  return {
    method: 'POST',
    path: ENDPOINT,
    json: { operationName, query: QUERIES[operationName], variables },
    expect: 'json',
    cacheable,
    what,
  };
}

/** What the page shows: its section of the web app, from its address. */
type Section = 'documents' | 'vaccinations' | 'measurements';
function sectionOf(url: URL): Section | null {
  if (url.pathname.startsWith('/documents')) return 'documents';
  if (url.pathname.startsWith('/profil-medical/vaccinations')) return 'vaccinations';
  if (url.pathname.startsWith('/profil-medical/mesures')) return 'measurements';
  return null;
}

async function documents(ctx: ChannelContext, common: Common): Promise<ScrapedRecord[]> {
  ctx.step('list');
  const records: ScrapedRecord[] = [];
  const seen = new Set<string>();
  let after: string | null = null;
  for (let page = 1; ; page++) {
    const request = graphql(
      'documents',
      { first: PAGE_SIZE, after },
      `la page ${page} de la liste des documents`,
    );
    const read = readDocumentsPage(
      (await ctx.client.fetch(request)).json,
      { origin: ctx.url.origin, common },
      request.what,
      ctx,
    );
    records.push(...read.records);
    // A cursor seen before would make the list go round for ever.
    if (read.next === null || seen.has(read.next)) return records;
    seen.add(read.next);
    after = read.next;
  }
}

async function run(ctx: ChannelContext): Promise<ScrapedRecord[]> {
  const common: Common = {
    source: 'espace-sante',
    patient: textOf(ctx.doc.querySelector(PROFILE)),
    sourceUrl: ctx.url.href,
  };
  const shown = sectionOf(ctx.url);
  const wanted = (section: Section) => ctx.scope === 'all' || shown === section;
  const records: ScrapedRecord[] = [];
  if (wanted('documents')) {
    // The list is the page's own content: without it, nothing is saved; on another page, it is one more item.
    if (shown === 'documents') records.push(...(await documents(ctx, common)));
    else records.push(...((await ctx.attempt('la liste des documents', () => documents(ctx, common))) ?? []));
  }
  if (wanted('vaccinations')) {
    ctx.step('documents');
    const request = graphql('vaccines', {}, 'la liste des vaccinations');
    const read = await ctx.attempt(request.what, async () =>
      readVaccines((await ctx.client.fetch(request)).json, common, request.what, ctx),
    );
    records.push(...(read ?? []));
  }
  if (wanted('measurements')) {
    ctx.step('details');
    const found = await ctx.each(
      MEASURE_CODES,
      (code) => `les mesures ${code}`,
      async (code) => {
        const request = graphql('measuresByCode', { code }, `les mesures ${code}`);
        return readMeasures((await ctx.client.fetch(request)).json, common, request.what, ctx);
      },
    );
    records.push(...found.flatMap((measures) => measures ?? []));
  }
  return records;
}

export default defineChannels({
  id: 'espace-sante',
  token: {
    header: TOKEN_HEADER,
    // The page the person is on, asked again: a token that is refused is replaced by the current one.
    async get({ client, url, parseHtml }) {
      const request: ChannelRequest = {
        path: url.pathname + url.search,
        expect: 'html',
        what: 'le jeton de session (page)',
      };
      const page = parseHtml((await client.fetch(request)).text);
      const token = page.querySelector(CSRF_TOKEN)?.getAttribute('content')?.trim() ?? '';
      if (!/^[\w.~+/=-]{8,1024}$/.test(token))
        throw new Error(`${request.what} : jeton introuvable (${CSRF_TOKEN})`);
      return token;
    },
  },
  loggedOut: ({ url, text }) => LOGIN_PATH.test(url.pathname) || UNAUTHENTICATED.test(text),
  run,
  // A document's file is its attachment, in a GraphQL answer.
  file: ({ client }, url) => {
    const id = documentIdOf(url);
    if (id === null) return null;
    const request = graphql(
      'get_document_attachment',
      { documentId: id },
      `le fichier du document ${id}`,
      true,
    );
    return client.fetch(request).then((answer) => readAttachment(answer.json, request.what));
  },
});
