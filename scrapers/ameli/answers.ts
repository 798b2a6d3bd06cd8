/**
 * ameli's in-session answers, one reader per shape (docs/channels.md, « ameli »): the token of
 * the JavaScriptServlet, the payments list (JSON around an HTML fragment), a payment's detail
 * (an HTML fragment) and the monthly statements (JSON). Pure functions of an answer, tested on
 * saved answers (fixtures/answers/).
 */
import * as z from 'zod/mini';
import type { ScrapedRecord } from '../../storage/schemas';
import { checkAnswer, malformedAnswer } from '../channels';
import type { ScrapeContext } from '../contract';
import { frenchMonth } from '../helpers/dates';
import { absoluteUrl } from '../helpers/links';
import { cleanText, foldText } from '../helpers/text';
import { hasActs, paymentRows, readDetail, type PaymentRow } from './read';

/**
 * OWASP CSRFGuard's JavaScriptServlet, asked with `FETCH-CSRF-TOKEN: 1`, answers `name:value`
 * (`_ct:ABCD-…`). The value goes in the `_ct` header of every later request.
 */
export function readToken(text: string, what: string): string {
  const match = /^\s*[\w-]+\s*:\s*([\w.~+/=-]{8,512})\s*$/.exec(text);
  if (!match?.[1]) return malformedAnswer(what, 'jeton attendu sous la forme nom:valeur');
  return match[1];
}

const ListAnswer = z.object({ tableauPaiement: z.string() });

/** The payments of the list answer, in its order (allowances included: they are marked). */
export function readList(json: unknown, parseHtml: (html: string) => Document, what: string): PaymentRow[] {
  const { tableauPaiement } = checkAnswer(ListAnswer, json, what);
  const fragment = parseHtml(tableauPaiement);
  const rows = paymentRows(fragment);
  // A non-empty fragment without a single payment is not an empty history: its shape changed.
  if (
    rows.length === 0 &&
    fragment.querySelector('li, tr') !== null &&
    !/aucun paiement/.test(foldText(fragment.body?.textContent ?? ''))
  ) {
    return malformedAnswer(what, 'aucun paiement reconnu dans tableauPaiement');
  }
  for (const row of rows) {
    if (!row.id) return malformedAnswer(what, `paiement du ${row.shown} sans identifiant`);
  }
  return rows;
}

/** The care acts of a payment's detail answer (an HTML fragment). */
export function readDetailAnswer(
  html: string,
  payment: PaymentRow,
  sourceUrl: string,
  parseHtml: (html: string) => Document,
  ctx: ScrapeContext,
): ScrapedRecord[] {
  const detail = parseHtml(html);
  if (!hasActs(detail)) {
    ctx.problem({
      level: 'warning',
      message: `Paiement du ${payment.shown} : détail sans acte, aucun acte lu`,
    });
    return [];
  }
  return readDetail(detail, payment, sourceUrl, ctx);
}

const StatementsAnswer = z.object({
  listeDecomptes: z.array(
    z.object({
      mois: z.string(),
      urlPDF: z.string(),
      montant: z.optional(z.nullable(z.union([z.string(), z.number()]))),
    }),
  ),
});

/** "mars 2024", "03/2024", "2024-03": the first day of that month; null otherwise. */
export function monthStart(text: string): string | null {
  const folded = foldText(text);
  const named = /^([a-z]+)\s+(\d{4})$/.exec(folded);
  const slash = /^(\d{1,2})\/(\d{4})$/.exec(folded);
  const dash = /^(\d{4})-(\d{1,2})$/.exec(folded);
  const [year, month] = named
    ? [named[2], frenchMonth(named[1] ?? '')]
    : slash
      ? [slash[2], Number(slash[1])]
      : dash
        ? [dash[1], Number(dash[2])]
        : [null, null];
  if (!year || !month || month < 1 || month > 12) return null;
  return `${year}-${String(month).padStart(2, '0')}-01`;
}

/** One `document` per monthly statement, its PDF on the portal; the holder is its patient. */
export function readStatements(
  json: unknown,
  page: { url: URL; holder: string | null },
  what: string,
  ctx: ScrapeContext,
): ScrapedRecord[] {
  const { listeDecomptes } = checkAnswer(StatementsAnswer, json, what);
  const records: ScrapedRecord[] = [];
  for (const statement of listeDecomptes) {
    const month = cleanText(statement.mois);
    const date = monthStart(month);
    const url = absoluteUrl(statement.urlPDF, page.url);
    if (date === null || url === null) {
      ctx.problem({
        level: 'warning',
        message: `Relevé mensuel ignoré : ${date === null ? `mois illisible « ${month} »` : 'lien vers le PDF illisible'}`,
        detail: JSON.stringify(statement).slice(0, 500),
      });
      continue;
    }
    records.push({
      kind: 'document',
      source: 'ameli',
      patient: page.holder,
      date,
      sourceUrl: page.url.href,
      title: `Relevé mensuel de paiements — ${month}`,
      docType: 'other',
      author: null,
      url,
      mimeType: 'application/pdf',
      fileId: null,
      sha256: null,
    });
  }
  return records;
}
