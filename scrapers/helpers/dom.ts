/**
 * Reading tables by their header text and label/value pairs, the two shapes most portal pages
 * use. Header text is matched after folding (case, accents, spacing), never by position alone,
 * so a column moved by the portal is still found and a column removed is reported.
 *
 * No DOM globals (`Node`, `HTMLTableElement`): the CLI runs these on a happy-dom document in
 * Node, where those constructors are not globals. Node types are compared by number instead.
 */
import { PageLayoutError } from '../contract';
import { cleanText, foldText } from './text';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** Elements that start a new line when displayed. */
const BLOCKS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'DD',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'TBODY',
  'TD',
  'TFOOT',
  'TH',
  'THEAD',
  'TR',
  'UL',
]);
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);

/**
 * The lines of an element's text as displayed: `<br>` and block elements break lines; each line
 * is cleaned and empty ones dropped. `textContent` would glue `label<br>05/03/2024` together.
 */
export function linesOf(element: Element | null | undefined): string[] {
  const lines: string[] = [];
  let current = '';
  const flush = (): void => {
    const line = cleanText(current);
    if (line !== '') lines.push(line);
    current = '';
  };
  const walk = (node: Node): void => {
    for (let child = node.firstChild; child !== null; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE) current += child.nodeValue ?? '';
      if (child.nodeType !== ELEMENT_NODE) continue;
      const tag = (child as Element).tagName.toUpperCase();
      if (SKIPPED.has(tag)) continue;
      if (tag === 'BR') flush();
      else if (BLOCKS.has(tag)) {
        flush();
        walk(child);
        flush();
      } else walk(child);
    }
  };
  if (element) walk(element);
  flush();
  return lines;
}

/** How header and label texts are compared: folded, without a trailing `:` or `*`. */
export function headerKey(text: string): string {
  return foldText(text).replace(/\s*[:*]+$/, '');
}

/** The table's own rows, not those of tables nested in its cells. */
function rowsOf(table: Element): Element[] {
  const rows: Element[] = [];
  for (const row of table.querySelectorAll('tr')) {
    const parent = row.parentElement;
    // Nearly always `table > tbody > tr`: then no need to look upwards for the nearest table.
    const own =
      parent === table ||
      (parent !== null && parent.parentElement === table && tagOf(parent) !== 'TABLE') ||
      row.closest('table') === table;
    if (own) rows.push(row);
  }
  return rows;
}

function cellsOf(row: Element): Element[] {
  const cells: Element[] = [];
  for (let cell = row.firstElementChild; cell !== null; cell = cell.nextElementSibling) {
    const tag = tagOf(cell);
    if (tag === 'TD' || tag === 'TH') cells.push(cell);
  }
  return cells;
}

/** Upper case in HTML documents already; not in XHTML ones. */
function tagOf(element: Element): string {
  return element.tagName.toUpperCase();
}

function hasDataCell(row: Element): boolean {
  for (let cell = row.firstElementChild; cell !== null; cell = cell.nextElementSibling) {
    if (tagOf(cell) === 'TD') return true;
  }
  return false;
}

function spanOf(cell: Element): number {
  const span = Number.parseInt(cell.getAttribute('colspan') ?? '1', 10);
  return Number.isFinite(span) && span > 0 ? span : 1;
}

/** The header row: the last row of `<thead>`, else the first row made only of `<th>`. */
function headerRow(table: Element): Element | null {
  const rows = rowsOf(table);
  const inHead = rows.filter((row) => row.parentElement?.tagName.toUpperCase() === 'THEAD');
  const last = inHead[inHead.length - 1];
  if (last) return last;
  return (
    rows.find((row) => {
      const cells = cellsOf(row);
      return cells.length > 0 && cells.every((cell) => cell.tagName.toUpperCase() === 'TH');
    }) ?? null
  );
}

/**
 * Header key → column index (colspans counted). A header cell written on two lines
 * (`Nature de la prestation<br>Date des soins`) reads as one, its lines joined by a space.
 */
export function tableColumns(table: Element): Map<string, number> {
  const columns = new Map<string, number>();
  const row = headerRow(table);
  let index = 0;
  for (const cell of row ? cellsOf(row) : []) {
    const key = headerKey(linesOf(cell).join(' '));
    if (key !== '' && !columns.has(key)) columns.set(key, index);
    index += spanOf(cell);
  }
  return columns;
}

/** The index of the first of the accepted header names the table has, or null. */
export function findColumn(columns: ReadonlyMap<string, number>, names: readonly string[]): number | null {
  for (const name of names) {
    const index = columns.get(headerKey(name));
    if (index !== undefined) return index;
  }
  return null;
}

/** `findColumn`, where a missing column means the page changed: throws `PageLayoutError`. */
export function requireColumn(columns: ReadonlyMap<string, number>, names: readonly string[]): number {
  const index = findColumn(columns, names);
  if (index === null) throw new PageLayoutError(`colonne « ${names[0] ?? '?'} » introuvable`);
  return index;
}

/** The table's data rows: its own rows that hold at least one `<td>`, outside `<thead>`. */
export function dataRows(table: Element): Element[] {
  return rowsOf(table).filter(
    (row) => (row.parentElement === null || tagOf(row.parentElement) !== 'THEAD') && hasDataCell(row),
  );
}

/** The cell of a row that covers column `index` (colspans counted), or null when the row is short. */
export function cellAt(row: Element, index: number): Element | null {
  let start = 0;
  for (const cell of cellsOf(row)) {
    const end = start + spanOf(cell);
    if (index >= start && index < end) return cell;
    start = end;
  }
  return null;
}

/**
 * Label/value pairs under `root`: `<dt>`/`<dd>` and table rows of one `<th>` then `<td>`.
 * Keys are `headerKey`s; values cleaned text (empty string when the value is empty). The first
 * occurrence of a label wins.
 */
export function labelValues(root: ParentNode): Map<string, string> {
  const pairs = new Map<string, string>();
  const add = (label: Element, value: Element | null): void => {
    const key = headerKey(linesOf(label).join(' '));
    if (key !== '' && value && !pairs.has(key)) pairs.set(key, cleanText(linesOf(value).join(' ')));
  };
  for (const term of Array.from(root.querySelectorAll('dt'))) {
    let next = term.nextElementSibling;
    while (next && next.tagName.toUpperCase() === 'DT') next = next.nextElementSibling;
    add(term, next && next.tagName.toUpperCase() === 'DD' ? next : null);
  }
  for (const row of Array.from(root.querySelectorAll('tr'))) {
    const [label, value, ...rest] = cellsOf(row);
    if (label?.tagName.toUpperCase() === 'TH' && value?.tagName.toUpperCase() === 'TD' && rest.length === 0) {
      add(label, value);
    }
  }
  return pairs;
}

/** The value of the first accepted label present, or null. */
export function findLabelValue(pairs: ReadonlyMap<string, string>, names: readonly string[]): string | null {
  for (const name of names) {
    const value = pairs.get(headerKey(name));
    if (value !== undefined) return value;
  }
  return null;
}

/** `"Date du document : 05/03/2024"` → `['Date du document', '05/03/2024']`; null without a colon. */
export function splitLabel(text: string): [string, string] | null {
  const match = /^([^:]+?)\s*:\s*(.*)$/.exec(cleanText(text));
  return match ? [match[1] ?? '', match[2] ?? ''] : null;
}

/**
 * A row that carries a message rather than data: a single cell spanning several columns
 * ("Aucune vaccination enregistrée", "Chargement…"), the way tables show an empty state.
 */
export function isMessageRow(row: Element): boolean {
  const cells = cellsOf(row);
  return cells.length === 1 && cells[0] !== undefined && spanOf(cells[0]) > 1;
}

/**
 * `requireColumn` for every column a scraper reads, by name:
 * `{ date: ['Date'], lot: ['N° de lot', 'Lot'] }` → `{ date: 1, lot: 3 }`.
 */
export function requireColumns<K extends string>(
  columns: ReadonlyMap<string, number>,
  names: Record<K, readonly string[]>,
): Record<K, number> {
  const found = {} as Record<K, number>;
  for (const key of Object.keys(names) as K[]) found[key] = requireColumn(columns, names[key]);
  return found;
}
