/**
 * Broken variants of a portal page, as portals break them: a column removed, columns swapped,
 * cells emptied, numbers replaced by words, rows duplicated, the page cut mid-table, elements
 * renamed. Deterministic: the same seed gives the same variants.
 */

export interface Mutation {
  name: string;
  /** Returns the mutated HTML, or null when the page has nothing this mutation applies to. */
  apply(doc: Document, html: string, random: () => number): string | null;
}

/** mulberry32: a small seeded generator, so a failing variant can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: readonly T[], random: () => number): T | undefined {
  return items[Math.floor(random() * items.length)];
}

const serialise = (doc: Document) => `<!DOCTYPE html>${doc.documentElement.outerHTML}`;

function tables(doc: Document): HTMLTableElement[] {
  return [...doc.querySelectorAll('table')].filter((table) => table.rows.length > 1);
}

export const MUTATIONS: readonly Mutation[] = [
  {
    name: 'a column removed',
    apply(doc, _html, random) {
      const table = pick(tables(doc), random);
      if (!table) return null;
      const width = table.rows[0]?.cells.length ?? 0;
      if (width < 2) return null;
      const column = Math.floor(random() * width);
      for (const row of [...table.rows]) row.cells[column]?.remove();
      return serialise(doc);
    },
  },
  {
    name: 'two columns swapped',
    apply(doc, _html, random) {
      const table = pick(tables(doc), random);
      const width = table?.rows[0]?.cells.length ?? 0;
      if (!table || width < 2) return null;
      const a = Math.floor(random() * (width - 1));
      for (const row of [...table.rows]) {
        const first = row.cells[a];
        const second = row.cells[a + 1];
        if (first && second) row.insertBefore(second, first);
      }
      return serialise(doc);
    },
  },
  {
    name: 'cells emptied',
    apply(doc, _html, random) {
      const cells = [...doc.querySelectorAll('td, dd, li span, .valeur, .value')];
      if (cells.length === 0) return null;
      for (const cell of cells) if (random() < 0.3) cell.textContent = '';
      return serialise(doc);
    },
  },
  {
    name: 'numbers replaced by words',
    apply(doc, _html, random) {
      const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
      let changed = false;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (/\d/.test(node.textContent ?? '') && random() < 0.4) {
          node.textContent = (node.textContent ?? '').replace(/\d+([,.]\d+)?/g, () =>
            pick(['douze', 'N/A', 'x', '—'], random)!,
          );
          changed = true;
        }
      }
      return changed ? serialise(doc) : null;
    },
  },
  {
    name: 'rows duplicated',
    apply(doc, _html, random) {
      const rows = tables(doc).flatMap((table) => [...table.rows].slice(1));
      const items = [...doc.querySelectorAll('li, article, .card, [class*=carte]')];
      const all = [...rows, ...items];
      if (all.length === 0) return null;
      for (const row of all) if (random() < 0.3) row.after(row.cloneNode(true));
      return serialise(doc);
    },
  },
  {
    name: 'the page cut mid-table',
    apply(_doc, html, random) {
      const starts = [...html.matchAll(/<(table|tbody|ul|ol|section)\b/g)].map((match) => match.index ?? 0);
      const start = pick(starts, random);
      if (start === undefined) return null;
      return html.slice(0, start + Math.floor(random() * (html.length - start)));
    },
  },
  {
    name: 'elements renamed',
    apply(doc, _html, random) {
      const named = [...doc.body.querySelectorAll('[id], [class]')];
      if (named.length === 0) return null;
      for (const element of named) {
        if (random() < 0.15) {
          if (element.id) element.id = `${element.id}-v2`;
          if (element.className && typeof element.className === 'string')
            element.className = `${element.className}X`;
        }
      }
      return serialise(doc);
    },
  },
];
