/**
 * The geometry of a PDF lab report: its text items put back into lines and cells, and its result
 * tables found by their column headers (« Analyse », « Résultat », « Unité », « Valeurs de
 * référence », « Antériorité »), one or two tables side by side per page. Pure functions of the
 * positioned text pdf.js gives (scrapers/documents.ts, `PdfPage`).
 */
import type { PdfPage } from '../documents';
import { cleanText, foldText } from '../helpers/text';

export interface Cell {
  text: string;
  x: number;
  right: number;
  size: number;
}

export interface Line {
  page: number;
  y: number;
  cells: Cell[];
}

/**
 * Lines of a page, top to bottom: items on one baseline (within a third of their size), left to
 * right, an item joined to the previous one into a cell when the gap is less than half a letter.
 */
export function linesOf(page: PdfPage, number: number): Line[] {
  const items = [...page.items].sort((a, b) => a.y - b.y || a.x - b.x);
  const lines: Line[] = [];
  for (const item of items) {
    const last = lines.at(-1);
    const size = item.height || 10;
    const cell: Cell = { text: item.text, x: item.x, right: item.x + item.width, size };
    if (last && Math.abs(item.y - last.y) <= Math.max(1.5, size / 3)) last.cells.push(cell);
    else lines.push({ page: number, y: item.y, cells: [cell] });
  }
  for (const line of lines) {
    line.cells.sort((a, b) => a.x - b.x);
    const merged: Cell[] = [];
    for (const cell of line.cells) {
      const previous = merged.at(-1);
      if (previous && cell.x - previous.right < Math.min(previous.size, cell.size) * 0.5) {
        const gap = cell.x - previous.right > 0.1 * cell.size ? ' ' : '';
        previous.text = `${previous.text}${gap}${cell.text}`;
        previous.right = Math.max(previous.right, cell.right);
      } else {
        merged.push({ ...cell });
      }
    }
    // pdf.js gives the micro sign as the Greek mu (NFKC): reports and pages write µ.
    line.cells = merged
      .map((cell) => ({ ...cell, text: cleanText(cell.text).replace(/\u03bc/g, '\u00b5') }))
      .filter((cell) => cell.text !== '');
  }
  return lines.filter((line) => line.cells.length > 0);
}

export type Role = 'analyte' | 'value' | 'unit' | 'range' | 'previous' | 'flag';

/** Column headers as labs word them, on folded text. */
const HEADERS: readonly [Role, RegExp][] = [
  ['analyte', /^(analyses?|examens?|parametres?|libelles?|tests?|designation)$/],
  ['value', /^(resultats?|valeurs?|resultat du jour)$/],
  ['unit', /^unites?$/],
  ['range', /(references?|normales|usuelles|^ref\.?$|^normes$|^intervalle)/],
  ['previous', /^(anteriorites?|resultats? anterieurs?|precedent)/],
  ['flag', /^(indicateur|alerte|flag)$/],
];

export function headerRole(text: string): Role | null {
  const folded = foldText(text).replace(/\s*:$/, '');
  return HEADERS.find(([, pattern]) => pattern.test(folded))?.[0] ?? null;
}

export interface Anchor {
  role: Role;
  x: number;
  right: number;
  text: string;
}

/** One result table of a page: its header's columns, between `left` and `right`. */
export interface Table {
  page: number;
  /** The header line's baseline: the table's lines are below it. */
  y: number;
  left: number;
  right: number;
  anchors: Anchor[];
}

/**
 * The result tables of the lines: a header line has an analyte column and a result column;
 * two analyte headers on one line are two tables side by side, split at the second one.
 */
export function tablesOf(lines: readonly Line[], pageWidth: number): Table[] {
  const tables: Table[] = [];
  for (const line of lines) {
    const anchors = line.cells.flatMap((cell): Anchor[] => {
      const role = headerRole(cell.text);
      return role ? [{ role, x: cell.x, right: cell.right, text: cell.text }] : [];
    });
    // Every cell of a header line is a header: a result line that names « Test » is no header.
    if (anchors.length < 2 || anchors.length !== line.cells.length) continue;
    const starts = anchors.filter((anchor) => anchor.role === 'analyte');
    if (starts.length === 0) continue;
    starts.forEach((start, i) => {
      const next = starts[i + 1];
      const left = i === 0 ? 0 : start.x - 2;
      const right = next ? next.x - 2 : pageWidth + 1;
      const own = anchors.filter((anchor) => anchor.x >= start.x && anchor.x < right);
      if (own.some((anchor) => anchor.role === 'value')) {
        tables.push({ page: line.page, y: line.y, left, right, anchors: own });
      }
    });
  }
  return tables;
}

/**
 * The column a cell sits in: the header it lines up with, by its left edge, its right edge (a
 * column of numbers is right-aligned) or its middle, whichever is closest.
 */
export function roleOf(cell: Cell, anchors: readonly Anchor[]): Role {
  let best: Anchor = anchors[0]!;
  let distance = Infinity;
  for (const anchor of anchors) {
    const d = Math.min(
      Math.abs(cell.x - anchor.x),
      Math.abs(cell.right - anchor.right),
      Math.abs((cell.x + cell.right) / 2 - (anchor.x + anchor.right) / 2),
    );
    if (d < distance) {
      distance = d;
      best = anchor;
    }
  }
  return best.role;
}
