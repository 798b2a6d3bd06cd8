/**
 * The bench pages: index.json's `bench[]` (served by the demo server with `bench: true`), and
 * ameli payment pages of other sizes, cut from or repeated after the 2 000-row one, for the
 * scaling figure. Each is served at page 1's URL plus a `bench` parameter of its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PORTALS_DIR, loadPortalIndex, type BenchPage } from '../../demo/server';

export function benchPage(portal: string): BenchPage {
  const page = loadPortalIndex().bench?.find((entry) => entry.portal === portal);
  if (!page) throw new Error(`demo/portals/index.json has no bench page for ${portal}`);
  return page;
}

export function readBenchHtml(page: BenchPage): string {
  return readFileSync(join(DEFAULT_PORTALS_DIR, page.file), 'utf8');
}

/** A repeated payment is moved back 28 years per copy: same weekdays and leap days, new ids. */
export const YEARS_PER_COPY = 28;
const LIST_OPEN = /<ul id="unordered_list"[^>]*>/;
const MONTH_BLOCK = /<li class="blocParMois"[\s\S]*?<\/ul><\/li>/g;
const PAYMENT_START = '<li class="rowitem"';
const ACT_CELL = /id="Nature/g;

interface MonthBlock {
  heading: string;
  payments: { html: string; acts: number }[];
}

function monthBlocks(list: string): MonthBlock[] {
  return Array.from(list.matchAll(MONTH_BLOCK), ([block]) => {
    const body = block.slice(0, -'</ul></li>'.length);
    const [heading = '', ...payments] = body.split(PAYMENT_START);
    return {
      heading,
      payments: payments.map((rest) => {
        const html = PAYMENT_START + rest;
        return { html, acts: html.match(ACT_CELL)?.length ?? 0 };
      }),
    };
  });
}

export function shiftYears(html: string, years: number): string {
  if (years === 0) return html;
  return html
    .replace(
      /(\d{2}\/\d{2}\/)(\d{4})/g,
      (_, dayMonth: string, year: string) => `${dayMonth}${Number(year) - years}`,
    )
    .replace(
      /(class="mois">[^<]*?)(\d{4})/g,
      (_, before: string, year: string) => `${before}${Number(year) - years}`,
    );
}

/**
 * The ameli bench page with its payments list cut after the payment that reaches `acts` care
 * acts, repeating the whole list (years moved back) when it holds fewer. Returns the page and
 * the number of acts it holds (a payment is never split, so it can be a few more than asked).
 */
export function resizeAmeliPage(html: string, acts: number): { html: string; acts: number } {
  const open = LIST_OPEN.exec(html);
  if (!open) throw new Error('ameli bench page: no #unordered_list');
  const start = open.index + open[0].length;
  const end = html.lastIndexOf('</ul></li>') + '</ul></li>'.length;
  const blocks = monthBlocks(html.slice(start, end));
  const perCopy = blocks.reduce((sum, block) => sum + block.payments.reduce((n, p) => n + p.acts, 0), 0);
  if (perCopy === 0) throw new Error('ameli bench page: no care act found');
  let total = 0;
  let list = '';
  for (let copy = 0; total < acts; copy++) {
    for (const block of blocks) {
      if (total >= acts) break;
      let kept = '';
      for (const payment of block.payments) {
        if (total >= acts) break;
        kept += payment.html;
        total += payment.acts;
      }
      list += shiftYears(`${block.heading}${kept}</ul></li>`, copy * YEARS_PER_COPY);
    }
  }
  return { html: html.slice(0, start) + list + html.slice(end), acts: total };
}

/** Where a resized page is served: page 1's URL and a parameter the scraper never reads. */
export function resizedUrl(baseUrl: string, acts: number): string {
  const url = new URL(baseUrl);
  url.searchParams.set('bench', `rows-${acts}`);
  return url.href;
}
