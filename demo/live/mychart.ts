/**
 * The simulated MyChart (Lakeside Health, fictional), answering as an Epic MyChart instance does
 * (docs/channels.md, « MyChart »): its pages are shells its script fills from in-session JSON
 * answers; `GET /MyChart/Home/CSRFToken` gives the antiforgery token every `POST /MyChart/api/…`
 * must carry in its `__RequestVerificationToken` header. Fictional data:
 * demo/portals/mychart/compte.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml, html, json, redirect, sessionCookie, type LivePortal, type LiveRequest } from './live';

const HOST = 'mychart.lakesidehealth.org';
const PREFIX = '/MyChart';
const COOKIE = 'ASP.NET_SessionId';
const LOGIN = `${PREFIX}/Authentication/Login`;

interface Order {
  key: string;
  name: string;
  date: string;
  provider: string;
  unread: boolean;
  detail: unknown;
}

interface Account {
  patient: string;
  orders: Order[];
  immunizations: unknown[];
  medications: unknown[];
}

const LOGIN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MyChart - Login Page</title></head>
<body><main><h1>MyChart</h1><p>Your session has expired. Please log in again.</p>
<form id="loginForm" method="post" action="${LOGIN}"><label>Username <input name="Login"></label>
<label>Password <input type="password" name="Password"></label><button>Sign in</button></form>
<p class="simulation">Simulated portal: reload a MyChart page to open a new session.</p></main></body></html>`;

export function mychartPortal(portalsDir: string): LivePortal {
  const account = JSON.parse(readFileSync(join(portalsDir, 'mychart/compte.json'), 'utf8')) as Account;
  const shells = {
    list: readFileSync(join(portalsDir, 'mychart/test-results.html'), 'utf8'),
    detail: readFileSync(join(portalsDir, 'mychart/test-result-detail.html'), 'utf8'),
  };
  const byKey = new Map(account.orders.map((order) => [order.key, order]));
  const page = (shell: string, token: string) =>
    shell.replaceAll('{{PATIENT}}', escapeHtml(account.patient)).replaceAll('{{JETON}}', escapeHtml(token));

  const handle: LivePortal['handle'] = async (request: LiveRequest, state) => {
    const { url } = request;
    const path = url.pathname;
    if (path === LOGIN) return html(LOGIN_PAGE);
    const pageShell =
      path === `${PREFIX}/app/test-results`
        ? shells.list
        : path === `${PREFIX}/app/test-results/details`
          ? shells.detail
          : null;
    const api = path.startsWith(`${PREFIX}/api/`);
    if (!pageShell && !api && path !== `${PREFIX}/Home/CSRFToken`) return null;

    const faults = state.faultsOf('mychart');
    if (faults.slowMs) await new Promise((resolve) => setTimeout(resolve, faults.slowMs));
    if (faults.expired) return redirect(LOGIN);
    const session = state.session(request, COOKIE);
    if (pageShell) {
      state.count('mychart', 'page');
      // The demo has no login: a page opens the person's session.
      const opened = session ?? state.open();
      return {
        ...html(page(pageShell, opened.token)),
        headers: session ? {} : sessionCookie(COOKIE, opened.id),
      };
    }
    if (!session) return redirect(LOGIN);
    if (path === `${PREFIX}/Home/CSRFToken`) {
      state.count('mychart', 'token');
      return html(
        `<input name="__RequestVerificationToken" type="hidden" value="${escapeHtml(session.token)}" />`,
      );
    }
    if (request.method !== 'POST') return html('<p>Method not allowed.</p>', 405);
    if (request.headers['__requestverificationtoken'] !== session.token || faults.refuseToken) {
      state.count('mychart', 'refused');
      return html('<!doctype html><title>Forbidden</title><p>The request could not be verified.</p>', 403);
    }
    const busy = state.rateLimited('mychart');
    if (busy) return busy;
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body || '{}') as Record<string, unknown>;
    } catch {
      return json({ error: 'Bad request' }, 400);
    }
    switch (path.slice(`${PREFIX}/api/`.length)) {
      case 'test-results/GetList':
        state.count('mychart', 'list');
        return json({
          newResultGroups: account.orders.map((order) => ({
            key: order.key,
            name: order.name,
            formattedDate: order.date,
            orderingProviderName: order.provider,
            isUnread: order.unread,
          })),
        });
      case 'test-results/GetDetails': {
        state.count('mychart', 'detail');
        const key = String(body['orderId'] ?? '');
        if (state.failsDetail('mychart', key)) return json({ error: 'Service unavailable' }, 503);
        const order = byKey.get(key);
        return order ? json(order.detail) : json({ error: 'Not found' }, 404);
      }
      case 'immunizations/LoadImmunizations':
        state.count('mychart', 'immunizations');
        return json({ immunizations: account.immunizations });
      case 'medications/LoadMedicationsPage':
        state.count('mychart', 'medications');
        return json({ medications: account.medications });
      default:
        return json({ error: 'Not found' }, 404);
    }
  };
  return { id: 'mychart', host: HOST, handle };
}
