/**
 * Reads a page's HTML tables into plain data for the generic capture (issue #6): on a page no
 * scraper knows, the popup injects this reader (bundled alone as `/page-tables.js`, see
 * entrypoints/page-tables.ts) and gets back strings only, which it validates with zod before use.
 *
 * It runs inside a page the extension does not trust, so it stays small, imports no zod and no
 * browser API, never keeps markup (text only), and stops at fixed limits so that a hostile or huge
 * page cannot make the popup or the archive swell. Names follow docs/records.md
 * (`table-row`): the caption, else the nearest heading above, else « Tableau N ».
 */
import { normalizeSpace } from '../storage/text';

export interface TableLimits {
  /** Tables offered from one page. */
  tables: number;
  /** Tables looked at (layout tables included) before giving up on the rest. */
  scanned: number;
  rowsPerTable: number;
  columns: number;
  /** Characters of one cell, header or table name; longer text is cut and ends with « … ». */
  textLength: number;
  /** Characters of every cell of every table together: the size of what crosses back. */
  totalChars: number;
}

export const TABLE_LIMITS: TableLimits = {
  tables: 50,
  scanned: 1_000,
  rowsPerTable: 1_000,
  columns: 40,
  textLength: 500,
  totalChars: 2_000_000,
};

export interface PageTable {
  name: string;
  /** One per column, unique (they key a row's `cells`). */
  headers: string[];
  /** The first data rows, each as long as `headers`. */
  rows: string[][];
  /** Data rows the table has on the page; more than `rows.length` when it was cut. */
  rowCount: number;
  /** Rows, columns or text were left out to stay within the limits. */
  truncated: boolean;
  /**
   * Not shown by the page's style (`display: none`, `visibility: hidden`, a closed section), on
   * the table or around it: the person may not know it is there.
   */
  hidden: boolean;
}

export interface PageTables {
  url: string;
  title: string;
  tables: PageTable[];
  /** Tables were left out to stay within the limits. */
  truncated: boolean;
}

/** Tags whose text is not content a person reads. */
const UNREAD_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);
/** Tags that break a line: their text must not run into the neighbours' (`12,5<br>mmol/L`). */
const BREAKING_TAGS = new Set(['BR', 'P', 'DIV', 'LI', 'UL', 'OL', 'DL', 'DT', 'DD']);
const HEADINGS = 'h1, h2, h3, h4, h5, h6, [role="heading"]';
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

export function readPageTables(doc: Document, limits: TableLimits = TABLE_LIMITS): PageTables {
  const tables: PageTable[] = [];
  const candidates = Array.from(doc.querySelectorAll('table'));
  let truncated = candidates.length > limits.scanned;
  let chars = 0;
  // Pages often hold a second copy of a table for another screen size, hidden by their style:
  // a hidden table with the content of another is offered once, as shown if either copy is.
  const offered = new Map<string, PageTable>();
  for (const element of candidates.slice(0, limits.scanned)) {
    if (isLayoutTable(element)) continue;
    const grid = readGrid(element, limits);
    if (grid.rows.length === 0) continue;
    const hidden = hiddenByStyle(element);
    const content = JSON.stringify([grid.headers, grid.rows]);
    const copy = offered.get(content);
    if (copy && (copy.hidden || hidden)) {
      copy.hidden &&= hidden;
      continue;
    }
    if (tables.length === limits.tables || chars >= limits.totalChars) {
      truncated = true;
      break;
    }
    const table = withinBudget(grid, limits.totalChars - chars);
    chars += sizeOf([table.headers, ...table.rows]);
    const read = { name: tableName(element, tables, limits), ...table, hidden };
    tables.push(read);
    if (!offered.has(content)) offered.set(content, read);
  }
  return { url: doc.URL, title: normalizeSpace(doc.title).slice(0, 1_000), tables, truncated };
}

/** Presentation tables, hidden ones, and wrappers of other tables (those are read themselves). */
function isLayoutTable(table: Element): boolean {
  const role = table.getAttribute('role');
  return (
    role === 'presentation' ||
    role === 'none' ||
    table.closest('[hidden], [aria-hidden="true"]') !== null ||
    table.querySelector('table') !== null
  );
}

/** Where the browser can tell (`checkVisibility`: Chromium 105, Firefox 106); else shown. */
function hiddenByStyle(table: Element): boolean {
  return typeof table.checkVisibility === 'function' && !table.checkVisibility({ visibilityProperty: true });
}

type Grid = Omit<PageTable, 'name' | 'hidden'>;

/** Headers and data rows, spans expanded; no rows when the table holds no data. */
function readGrid(table: Element, limits: TableLimits): Grid {
  const sections = rowSections(table);
  let cut = false;
  const expand = (rows: Element[]): string[][] => {
    const grid = expandSpans(rows, limits);
    cut ||= grid.cut;
    return grid.rows;
  };
  const bodies = sections.body;
  // Without <thead>, a first row of <th> only is the header row (the parser put it in <tbody>).
  const firstRow = bodies[0]?.[0];
  if (sections.head.length === 0 && firstRow && isHeaderRow(firstRow)) {
    sections.head.push([firstRow]);
    bodies[0] = bodies[0]!.slice(1);
  }
  const headRows = sections.head.flatMap((rows) => expand(rows));
  const dataRows = bodies.flatMap((rows) => expand(rows));
  const width = Math.max(0, ...headRows.map((row) => row.length), ...dataRows.map((row) => row.length));
  const headers = headerNames(headRows, width);
  const data = dataRows
    .map((row) => Array.from({ length: width }, (_, i) => row[i] ?? ''))
    .filter((row) => row.some((cell) => cell !== '') && !sameCells(row, headers));
  // A lone cell with no header is a box drawn with a table, not data.
  if (headRows.length === 0 && width === 1 && data.length === 1) return emptyGrid();
  return {
    headers,
    rows: data.slice(0, limits.rowsPerTable),
    rowCount: data.length,
    truncated: cut || data.length > limits.rowsPerTable,
  };
}

function emptyGrid(): Grid {
  return { headers: [], rows: [], rowCount: 0, truncated: false };
}

/**
 * The table's own rows (not those of a nested table), by row group: spans never cross a group.
 * Rows written straight under `<table>` (tables built by script) form groups of their own.
 */
function rowSections(table: Element): { head: Element[][]; body: Element[][] } {
  const head: Element[][] = [];
  const body: Element[][] = [];
  let loose: Element[] | null = null;
  for (const child of Array.from(table.children)) {
    if (child.tagName === 'TR') {
      if (!loose) body.push((loose = []));
      loose.push(child);
      continue;
    }
    loose = null;
    const rows = Array.from(child.children).filter((row) => row.tagName === 'TR');
    if (child.tagName === 'THEAD') head.push(rows);
    else if (child.tagName === 'TBODY' || child.tagName === 'TFOOT') body.push(rows);
  }
  return { head, body };
}

function cellsOf(row: Element): Element[] {
  return Array.from(row.children).filter((cell) => cell.tagName === 'TD' || cell.tagName === 'TH');
}

function isHeaderRow(row: Element): boolean {
  const cells = cellsOf(row);
  return cells.length > 0 && cells.every((cell) => cell.tagName === 'TH');
}

/**
 * The rows as a grid of text: a cell spanning several columns or rows repeats its text in each
 * of them, as the eye reads a merged cell (« 12/03/2024 » over three analyses belongs to each).
 */
function expandSpans(rows: Element[], limits: TableLimits): { rows: string[][]; cut: boolean } {
  const grid: string[][] = [];
  /** Per column, a cell from a row above that still spans down: its text and rows left. */
  const carried: ({ text: string; left: number } | undefined)[] = [];
  let cut = false;
  const place = (row: string[], column: number, text: string): void => {
    if (column < limits.columns) row[column] = text;
    else cut = true;
  };
  const takeCarried = (row: string[], column: number): boolean => {
    const above = carried[column];
    if (!above || above.left === 0) return false;
    place(row, column, above.text);
    above.left -= 1;
    return true;
  };
  rows.forEach((tr, index) => {
    const row: string[] = [];
    let column = 0;
    for (const cell of cellsOf(tr)) {
      while (takeCarried(row, column)) column += 1;
      const text = cellText(cell, limits.textLength);
      cut ||= text.endsWith('…') && text.length === limits.textLength;
      const across = clampSpan(cell.getAttribute('colspan'), limits.columns);
      const down = clampSpan(cell.getAttribute('rowspan'), rows.length - index);
      for (let k = 0; k < across; k += 1) {
        place(row, column + k, text);
        if (down > 1) carried[column + k] = { text, left: down - 1 };
      }
      column += across;
    }
    for (let rest = column; rest < carried.length; rest += 1) takeCarried(row, rest);
    grid.push(Array.from({ length: row.length }, (_, i) => row[i] ?? ''));
  });
  return { rows: grid, cut };
}

/** A span attribute as the HTML table model reads it, kept within the table. */
function clampSpan(value: string | null, max: number): number {
  const span = Number.parseInt(value ?? '', 10);
  return Number.isFinite(span) && span > 1 ? Math.min(span, Math.max(1, max)) : 1;
}

/**
 * One name per column: the header rows' texts top to bottom (« Résultat – Valeur » under a
 * merged « Résultat »), else « Colonne N »; a repeated name gets « (2) », since names key cells.
 */
function headerNames(headRows: string[][], width: number): string[] {
  const seen = new Set<string>();
  return Array.from({ length: width }, (_, column) => {
    const parts = [...new Set(headRows.map((row) => row[column] ?? '').filter((text) => text !== ''))];
    return unique(parts.join(' – ') || `Colonne ${column + 1}`, seen);
  });
}

function unique(name: string, seen: Set<string>): string {
  let candidate = name;
  for (let n = 2; seen.has(candidate); n += 1) candidate = `${name} (${n})`;
  seen.add(candidate);
  return candidate;
}

function sameCells(row: string[], headers: string[]): boolean {
  return row.every((cell, i) => cell === headers[i]);
}

/**
 * What a person reads in the cell, as text: markup is never kept, script and style text is
 * skipped, a line break separates words, white space is collapsed (U+00A0 and U+202F too).
 */
export function cellText(cell: Element, maxLength: number): string {
  const parts: string[] = [];
  collectText(cell, parts, maxLength * 4);
  return cut(normalizeSpace(parts.join('')), maxLength);
}

function collectText(node: Node, parts: string[], budget: number): number {
  let left = budget;
  for (const child of Array.from(node.childNodes)) {
    if (left <= 0) break;
    if (child.nodeType === TEXT_NODE) {
      const text = child.nodeValue ?? '';
      parts.push(text);
      left -= text.length;
    } else if (child.nodeType === ELEMENT_NODE && !UNREAD_TAGS.has((child as Element).tagName)) {
      const breaks = BREAKING_TAGS.has((child as Element).tagName);
      if (breaks) parts.push(' ');
      left = collectText(child, parts, left);
      if (breaks) parts.push(' ');
    }
  }
  return left;
}

function cut(text: string, maxLength: number): string {
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** The rows that fit in what is left of the page's character budget. */
function withinBudget(grid: Grid, chars: number): Grid {
  let used = sizeOf([grid.headers]);
  let kept = 0;
  while (kept < grid.rows.length) {
    used += sizeOf([grid.rows[kept]!]);
    if (used > chars) break;
    kept += 1;
  }
  if (kept === grid.rows.length) return grid;
  return { ...grid, rows: grid.rows.slice(0, Math.max(1, kept)), truncated: true };
}

function sizeOf(rows: string[][]): number {
  return rows.reduce((sum, row) => sum + row.reduce((n, cell) => n + cell.length, 0), 0);
}

/** Caption, else the nearest heading above, else « Tableau N »; unique on the page. */
function tableName(table: Element, named: readonly PageTable[], limits: TableLimits): string {
  const caption = Array.from(table.children).find((child) => child.tagName === 'CAPTION');
  const text =
    (caption && cellText(caption, limits.textLength)) ||
    headingBefore(table, limits.textLength) ||
    `Tableau ${named.length + 1}`;
  return unique(text, new Set(named.map((table) => table.name)));
}

/** The text of the last heading before the table in document order, if any. */
function headingBefore(table: Element, maxLength: number): string | null {
  for (let node: Element | null = table; node && node.tagName !== 'BODY'; node = node.parentElement) {
    for (let before = node.previousElementSibling; before; before = before.previousElementSibling) {
      const headings = before.matches(HEADINGS) ? [before] : Array.from(before.querySelectorAll(HEADINGS));
      for (const heading of headings.reverse()) {
        const text = cellText(heading, maxLength);
        if (text !== '') return text;
      }
    }
  }
  return null;
}
