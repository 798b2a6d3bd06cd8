import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHtml, urlComment, type ParsedPage } from '../tools/parse-html';
import { PageTables } from '../lib/messages';
import { readPageTables, TABLE_LIMITS, type TableLimits } from './table-reader';

const FIXTURE = readFileSync(join(import.meta.dirname, '../demo/other-sites/exemple-clinique.html'), 'utf8');
const URL_ = 'https://www.exemple-clinique.fr/patient/mes-resultats';

const opened: ParsedPage[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((page) => page.close()));
});

function page(body: string, url = URL_): Document {
  const parsed = parseHtml(
    `<!doctype html><html><head><title>Page</title></head><body>${body}</body></html>`,
    url,
  );
  opened.push(parsed);
  return parsed.document;
}

function read(body: string, limits: Partial<TableLimits> = {}) {
  return readPageTables(page(body), { ...TABLE_LIMITS, ...limits });
}

describe('reading the tables of a page', () => {
  it('reads the simulated clinic page: named tables, headers, text only, layout, empty and repeated tables left out', () => {
    const parsed = parseHtml(FIXTURE, urlComment(FIXTURE)!);
    opened.push(parsed);
    const result = readPageTables(parsed.document);
    expect(result.title).toBe('Mes résultats – Clinique Exemple (page simulée, données fictives)');
    expect(result.truncated).toBe(false);
    expect(result.tables).toEqual([
      {
        name: 'Bilan sanguin du 12 mars 2024',
        headers: ['Analyse', 'Résultat', 'Unité', 'Valeurs de référence'],
        rows: [
          ['Hémoglobine', '13,8', 'g/dL', '12,0 – 16,0'],
          // U+00A0 and U+202F collapse to plain spaces.
          ['Glycémie à jeun', '1,12', 'g/L', '0,70 – 1,10'],
          // Escaped markup is the literal text it shows; a <br> separates words.
          ['Commentaire <img src=x onerror="document.title=\'pwned\'">', 'voir compte rendu', '', '-'],
        ],
        rowCount: 3,
        truncated: false,
        hidden: false,
      },
      {
        name: 'Prochains rendez-vous',
        headers: ['Date', 'Service'],
        // The date spans two rows: it belongs to both.
        rows: [
          ['02/04/2024', 'Cardiologie'],
          ['02/04/2024', 'Radiologie'],
        ],
        rowCount: 2,
        truncated: false,
        // Its copy for small screens, hidden, is not offered again.
        hidden: false,
      },
      {
        name: 'Anciens bilans',
        headers: ['Analyse', 'Résultat', 'Date'],
        rows: [['Hémoglobine', '13,1', '04/09/2023']],
        rowCount: 1,
        truncated: false,
        hidden: true,
      },
    ]);
    // What crosses back from the page fits the schema the extension checks it against.
    expect(PageTables.safeParse({ ...result, url: URL_ }).success).toBe(true);
  });

  it('names a table by its caption, else the nearest heading above, else « Tableau N », each name once', () => {
    const row = '<tr><th>A</th></tr><tr><td>1</td></tr>';
    const { tables } = read(`
      <table>${row}</table>
      <div><h3>Examens</h3><p>texte</p></div>
      <div><div><table>${row}</table></div></div>
      <table><caption> Vaccins </caption>${row}</table>
      <table>${row}</table>
      <h2 role="heading"></h2>`);
    expect(tables.map((table) => table.name)).toEqual(['Tableau 1', 'Examens', 'Vaccins', 'Examens (2)']);
  });

  it('takes headers from <thead>, else from a first row of <th>, else « Colonne N », never twice the same', () => {
    const { tables } = read(`
      <table><thead><tr><th>Date</th><th>Montant</th><th>Montant</th><th></th></tr></thead>
        <tbody><tr><td>05/03/2024</td><td>25</td><td>17,5</td><td>x</td></tr></tbody></table>
      <table><tr><th>Nom</th><th>Dose</th></tr><tr><td>Vaccin</td><td>1</td></tr></table>
      <table><tr><th>Poids</th><td>70 kg</td></tr><tr><th>Taille</th><td>1,75 m</td></tr></table>`);
    expect(tables.map((table) => table.headers)).toEqual([
      ['Date', 'Montant', 'Montant (2)', 'Colonne 4'],
      ['Nom', 'Dose'],
      ['Colonne 1', 'Colonne 2'],
    ]);
    expect(tables[2]!.rows).toEqual([
      ['Poids', '70 kg'],
      ['Taille', '1,75 m'],
    ]);
  });

  it('expands column and row spans, in the header rows as in the data', () => {
    const { tables } = read(`
      <table>
        <thead>
          <tr><th rowspan="2">Analyse</th><th colspan="2">Résultat</th></tr>
          <tr><th>Valeur</th><th>Unité</th></tr>
        </thead>
        <tbody>
          <tr><td>Glucose</td><td colspan="2">Non dosé</td></tr>
          <tr><td rowspan="2">Sodium</td><td>140</td><td>mmol/L</td></tr>
          <tr><td>139</td><td>mmol/L</td></tr>
        </tbody>
      </table>`);
    expect(tables[0]).toMatchObject({
      headers: ['Analyse', 'Résultat – Valeur', 'Résultat – Unité'],
      rows: [
        ['Glucose', 'Non dosé', 'Non dosé'],
        ['Sodium', '140', 'mmol/L'],
        ['Sodium', '139', 'mmol/L'],
      ],
    });
  });

  it('leaves out empty rows, repeated header rows, empty tables, lone cells and layout wrappers', () => {
    const { tables } = read(`
      <table role="none"><tr><td>Menu</td><td>Aide</td></tr></table>
      <table><tr><td>Une boîte dessinée avec un tableau</td></tr></table>
      <table><thead><tr><th>A</th></tr></thead><tbody><tr><td> </td></tr></tbody></table>
      <table hidden><tr><th>Caché</th></tr><tr><td>1</td></tr></table>
      <table><tr><td>
        <table><tr><th>Acte</th><th>Prix</th></tr><tr><td>Consultation</td><td>30</td></tr>
          <tr><th>Acte</th><th>Prix</th></tr><tr><td></td><td></td></tr><tr><td>Radio</td><td>45</td></tr></table>
      </td></tr></table>`);
    expect(tables).toEqual([
      {
        name: 'Tableau 1',
        headers: ['Acte', 'Prix'],
        rows: [
          ['Consultation', '30'],
          ['Radio', '45'],
        ],
        rowCount: 2,
        truncated: false,
        hidden: false,
      },
    ]);
  });

  it('keeps cells as text: no script or style text, markup never kept', () => {
    const { tables } = read(`
      <table><tr><th>Résultat</th></tr>
        <tr><td><script>alert(1)</script><style>td{}</style><i>Négatif</i><img src="x" onerror="alert(2)"></td></tr>
      </table>`);
    expect(tables[0]!.rows).toEqual([['Négatif']]);
  });

  it('stops at its limits and says so', () => {
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => `<tr><td>${i}</td><td>x</td></tr>`).join('');
    const table = (n: number) => `<table><tr><th>N</th><th>X</th></tr>${rows(n)}</table>`;

    const byRows = read(table(5), { rowsPerTable: 3 }).tables[0]!;
    expect(byRows).toMatchObject({ rowCount: 5, truncated: true });
    expect(byRows.rows).toHaveLength(3);

    const byTables = read(table(1).repeat(4), { tables: 2 });
    expect(byTables.tables).toHaveLength(2);
    expect(byTables.truncated).toBe(true);

    const wide = read(
      '<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>d</td><td>e</td><td>f</td></tr></table>',
      {
        columns: 2,
      },
    ).tables[0]!;
    expect(wide).toMatchObject({
      headers: ['Colonne 1', 'Colonne 2'],
      rows: [
        ['a', 'b'],
        ['d', 'e'],
      ],
      truncated: true,
    });

    const long = read(`<table><tr><th>Texte</th></tr><tr><td>${'a'.repeat(50)}</td></tr></table>`, {
      textLength: 10,
    }).tables[0]!;
    expect(long.rows).toEqual([['aaaaaaaaa…']]);
    expect(long.truncated).toBe(true);

    const budget = read(table(10).repeat(2), { totalChars: 12 });
    expect(budget.tables).toHaveLength(1);
    expect(budget.tables[0]!.rows.length).toBeLessThan(10);
    expect(budget).toMatchObject({ truncated: true, tables: [{ truncated: true }] });
  });

  it('marks a table the page’s style hides, and offers a hidden copy of another table once', () => {
    const grid = (first: string) =>
      `<table><tr><th>Analyse</th><th>Résultat</th></tr><tr><td>${first}</td><td>1</td></tr></table>`;
    const result = read(`
      <style>.mobile { display: none } .cache { visibility: hidden }</style>
      <div class="mobile"><h2>Bilan (mobile)</h2>${grid('Hémoglobine')}</div>
      <h2>Bilan</h2>${grid('Hémoglobine')}
      <h2>Archives</h2><div class="mobile">${grid('Ferritine')}</div>
      <h2>Ancien</h2><div class="cache">${grid('Sodium')}</div>
      <h2>Bilan bis</h2>${grid('Hémoglobine')}
    `);
    expect(result.tables.map(({ name, rows, hidden }) => [name, rows[0]![0], hidden])).toEqual([
      // The hidden copy came first: it stands for both, as shown.
      ['Bilan (mobile)', 'Hémoglobine', false],
      ['Archives', 'Ferritine', true],
      ['Ancien', 'Sodium', true],
      // Two shown tables alike are two tables.
      ['Bilan bis', 'Hémoglobine', false],
    ]);
    expect(PageTables.safeParse({ ...result, url: URL_ }).success).toBe(true);
  });

  it('reads nothing from a page without tables', () => {
    expect(read('<h1>Accueil</h1><p>Bienvenue</p>')).toMatchObject({ tables: [], truncated: false });
  });
});
