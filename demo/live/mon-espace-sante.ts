/**
 * The simulated Mon espace santé web app (docs/channels.md, « Mon espace santé »): its pages are
 * shells their script fills from one GraphQL endpoint, `POST /api/graphql`, whose operations
 * answer in the shapes the official app's schema names (assurance-maladie-mesdmp/ens-mobile,
 * `lib/graphql/ens/schema-ens.graphql`): the documents list (paged by cursor), a document's
 * attachment (base64 and its MIME type), the vaccines and the measures of a code. Every request
 * carries the page's `csrf-token` in `X-CSRF-Token`. Fictional data:
 * demo/portals/espace-sante/compte.json. This is a simulation: the operations are recognised by
 * their name, not by parsing GraphQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml, html, json, redirect, sessionCookie, type LivePortal, type LiveRequest } from './live';

const HOST = 'www.monespacesante.fr';
const COOKIE = 'MES_SESSION';
const LOGIN = '/connexion';
/** Documents per page of the list: small, so that reading it takes several pages. */
const PAGE_SIZE = 4;

interface Document {
  id: string;
  title: string;
  category: string;
  categoryCode: string;
  documentDate: string;
  author: string | null;
  addedBy: 'PATIENT' | 'PROFESSIONAL';
  creationDate: string;
  format: string;
  size: string;
  file: string | null;
}

interface Account {
  profile: string;
  documents: Document[];
  vaccines: Record<string, unknown>[];
  measures: { code: string; label: string; unit: string; measures: Record<string, unknown>[] }[];
}

const PAGES: Record<string, string> = {
  '/documents': 'espace-sante/documents.html',
  '/profil-medical/vaccinations': 'espace-sante/vaccinations.html',
  '/profil-medical/mesures': 'espace-sante/mesures.html',
};

const LOGIN_PAGE = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Connexion - Mon espace santé</title></head>
<body><main><h1>Connexion à Mon espace santé</h1><p>Votre session a expiré.</p>
<form id="form-connexion" method="post" action="${LOGIN}"><label>Identifiant <input name="identifiant"></label>
<button>Se connecter</button></form>
<p class="simulation">Portail simulé : rechargez une page pour ouvrir une nouvelle session.</p></main></body></html>`;

const unauthenticated = () =>
  json({ errors: [{ message: 'Session expirée', extensions: { code: 'UNAUTHENTICATED' } }], data: null });

export function monEspaceSantePortal(portalsDir: string): LivePortal {
  const account = JSON.parse(readFileSync(join(portalsDir, 'espace-sante/compte.json'), 'utf8')) as Account;
  const shells = Object.fromEntries(
    Object.entries(PAGES).map(([path, file]) => [path, readFileSync(join(portalsDir, file), 'utf8')]),
  );
  const byId = new Map(account.documents.map((document) => [document.id, document]));
  const fileOf = (document: Document) =>
    document.file ? readFileSync(join(portalsDir, document.file)) : null;
  // A structured document (CDA) is XML; the others are PDFs.
  const mimeOf = (document: Document) =>
    document.file?.endsWith('.xml') ? 'application/xml' : 'application/pdf';

  const graphql = (
    operation: string,
    variables: Record<string, unknown>,
    state: Parameters<LivePortal['handle']>[1],
  ) => {
    switch (operation) {
      case 'documents': {
        state.count('espace-sante', 'list');
        const first = Math.min(Number(variables['first'] ?? PAGE_SIZE) || PAGE_SIZE, PAGE_SIZE);
        const start = variables['after'] ? Number(String(variables['after']).replace('curseur-', '')) : 0;
        const slice = account.documents.slice(start, start + first);
        const end = start + slice.length;
        return json({
          data: {
            documents: {
              totalCount: account.documents.length,
              pageInfo: { hasNextPage: end < account.documents.length, endCursor: `curseur-${end}` },
              edges: slice.map((document) => ({
                cursor: `curseur-${account.documents.indexOf(document) + 1}`,
                node: {
                  id: document.id,
                  title: document.title,
                  documentDate: document.documentDate,
                  category: { code: document.categoryCode, label: document.category },
                  author: document.author ? { name: document.author } : null,
                  addedBy: document.addedBy,
                  creationDate: document.creationDate,
                  format: document.format,
                  size: document.size,
                },
              })),
            },
          },
        });
      }
      case 'get_document_attachment': {
        state.count('espace-sante', 'detail');
        const id = String(variables['documentId'] ?? '');
        if (state.failsDetail('espace-sante', id))
          return json({ errors: [{ message: 'Service indisponible' }] }, 503);
        const document = byId.get(id);
        const bytes = document && fileOf(document);
        if (!bytes)
          return json({
            errors: [{ message: 'Document introuvable', extensions: { code: 'NOT_FOUND' } }],
            data: null,
          });
        return json({
          data: {
            get_document_attachment: { content: bytes.toString('base64'), mimeType: mimeOf(document) },
          },
        });
      }
      case 'vaccines':
        state.count('espace-sante', 'vaccines');
        return json({ data: { vaccines: account.vaccines } });
      case 'measuresByCode': {
        state.count('espace-sante', 'measures');
        if (state.failsDetail('espace-sante', String(variables['code']))) {
          return json({ errors: [{ message: 'Service indisponible' }] }, 503);
        }
        const found = account.measures.find((measure) => measure.code === variables['code']);
        return json({
          data: { measuresByCode: found ?? { code: variables['code'], label: '', unit: '', measures: [] } },
        });
      }
      default:
        return json({ errors: [{ message: `Opération inconnue : ${operation}` }], data: null }, 400);
    }
  };

  const handle: LivePortal['handle'] = async (request: LiveRequest, state) => {
    const { url } = request;
    const path = url.pathname;
    if (path === LOGIN) return html(LOGIN_PAGE);
    const shell = shells[path];
    const download = /^\/documents\/([^/]+)\/telecharger$/.exec(path);
    if (!shell && path !== '/api/graphql' && !download) return null;

    const faults = state.faultsOf('espace-sante');
    if (faults.slowMs) await new Promise((resolve) => setTimeout(resolve, faults.slowMs));
    const session = state.session(request, COOKIE);
    if (faults.expired) return path === '/api/graphql' ? unauthenticated() : redirect(LOGIN);
    if (shell) {
      state.count('espace-sante', 'page');
      // The demo has no login: a page opens the person's session.
      const opened = session ?? state.open();
      const page = shell
        .replaceAll('{{PROFIL}}', escapeHtml(account.profile))
        .replaceAll('{{JETON}}', opened.token);
      return { ...html(page), headers: session ? {} : sessionCookie(COOKIE, opened.id) };
    }
    if (!session) return path === '/api/graphql' ? unauthenticated() : redirect(LOGIN);
    if (download) {
      const document = byId.get(download[1] ?? '');
      const bytes = document && fileOf(document);
      return bytes
        ? { status: 200, contentType: mimeOf(document), body: bytes }
        : html('<p>Introuvable.</p>', 404);
    }
    if (request.method !== 'POST') return html('<p>Méthode non permise.</p>', 405);
    if (request.headers['x-csrf-token'] !== session.token || faults.refuseToken) {
      state.count('espace-sante', 'refused');
      return json(
        { errors: [{ message: 'Jeton CSRF invalide', extensions: { code: 'FORBIDDEN' } }], data: null },
        403,
      );
    }
    const busy = state.rateLimited('espace-sante');
    if (busy) return busy;
    let body: { operationName?: string; variables?: Record<string, unknown> };
    try {
      body = JSON.parse(request.body) as typeof body;
    } catch {
      return json({ errors: [{ message: 'Requête invalide' }], data: null }, 400);
    }
    return graphql(String(body.operationName ?? ''), body.variables ?? {}, state);
  };
  return { id: 'espace-sante', host: HOST, handle };
}
