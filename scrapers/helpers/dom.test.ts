import { describe, expect, it } from 'vitest';
import { PageLayoutError } from '../contract';
import {
  cellAt,
  dataRows,
  findColumn,
  findLabelValue,
  headerKey,
  isMessageRow,
  labelValues,
  linesOf,
  requireColumn,
  requireColumns,
  splitLabel,
  tableColumns,
} from './dom';

function html(markup: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = markup;
  return div;
}

function table(markup: string): Element {
  const found = html(markup).querySelector('table');
  if (!found) throw new Error('no table in markup');
  return found;
}

describe('linesOf', () => {
  it('splits on <br> and keeps inline elements on their line', () => {
    const cell = html(
      '<span class="a">C  GENERALISTE</span><br><span>Dr <b>FAURE</b> Olivier</span><br>02/03/2024 ',
    );
    expect(linesOf(cell)).toEqual(['C GENERALISTE', 'Dr FAURE Olivier', '02/03/2024']);
  });

  it('breaks lines at block elements and drops empty lines', () => {
    expect(linesOf(html('<p>a</p><div> b <br><br></div>c<script>x()</script><style>p{}</style>'))).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('is empty for nothing', () => {
    expect(linesOf(null)).toEqual([]);
    expect(linesOf(html(' '))).toEqual([]);
  });

  it('keeps escaped markup as text', () => {
    expect(linesOf(html('&lt;b&gt;x&lt;/b&gt;<br>y'))).toEqual(['<b>x</b>', 'y']);
  });
});

describe('headerKey', () => {
  it.each([
    ['Montant versé', 'montant verse'],
    [' MONTANT  VERSÉ : ', 'montant verse'],
    ['Taux*', 'taux'],
    ['Base de\u00a0remboursement', 'base de remboursement'],
  ])('%j → %j', (text, key) => {
    expect(headerKey(text)).toBe(key);
  });
});

const DETAIL = `
<table>
  <tr><th>Nature de la prestation<br>Date des soins</th><th>Montant payé</th><th>Base de remboursement</th><th>Taux</th><th>Montant versé</th></tr>
  <tr><td>C GENERALISTE<br>02/03/2024</td><td>30,00 €</td><td>26,50 €</td><td>70%</td><td>18,55 €</td></tr>
  <tr><td>VACCIN<br>01/03/2024</td><td></td><td>18,82 €</td></tr>
</table>`;

describe('tableColumns and findColumn', () => {
  it('maps folded header texts to column indexes', () => {
    const columns = tableColumns(table(DETAIL));
    expect([...columns]).toEqual([
      ['nature de la prestation date des soins', 0],
      ['montant paye', 1],
      ['base de remboursement', 2],
      ['taux', 3],
      ['montant verse', 4],
    ]);
    expect(findColumn(columns, ['Montant versé'])).toBe(4);
    expect(findColumn(columns, ['Remboursé', 'MONTANT VERSE'])).toBe(4);
    expect(findColumn(columns, ['Montant'])).toBeNull();
  });

  it('reads the last row of thead and counts colspans', () => {
    const columns = tableColumns(
      table(`<table><thead><tr><th colspan="3">Résultats</th></tr>
        <tr><th>Analyse</th><th colspan="2">Résultat</th><th>Références</th></tr></thead>
        <tbody><tr><td>Glycémie</td><td>5,2</td><td>mmol/L</td><td>(4,1 - 5,9)</td></tr></tbody></table>`),
    );
    expect(findColumn(columns, ['Analyse'])).toBe(0);
    expect(findColumn(columns, ['Résultat'])).toBe(1);
    expect(findColumn(columns, ['Références'])).toBe(3);
  });

  it('is empty for a table without header', () => {
    expect(tableColumns(table('<table><tr><td>a</td></tr></table>')).size).toBe(0);
  });

  it('ignores the header of a nested table', () => {
    const columns = tableColumns(
      table('<table><tr><td><table><tr><th>Intrus</th></tr></table></td></tr><tr><th>Vrai</th></tr></table>'),
    );
    expect([...columns.keys()]).toEqual(['vrai']);
  });
});

describe('requireColumn', () => {
  it('returns the index or throws a PageLayoutError naming the column', () => {
    const columns = tableColumns(table(DETAIL));
    expect(requireColumn(columns, ['Taux'])).toBe(3);
    expect(() => requireColumn(columns, ['Montant remboursé', 'Remboursement'])).toThrow(PageLayoutError);
    expect(() => requireColumn(columns, ['Montant remboursé'])).toThrow(
      'colonne « Montant remboursé » introuvable',
    );
  });
});

describe('dataRows and cellAt', () => {
  it('lists rows with data cells and finds cells by column', () => {
    const rows = dataRows(table(DETAIL));
    expect(rows).toHaveLength(2);
    const [first, second] = rows;
    expect(cellAt(first!, 4)?.textContent).toBe('18,55 €');
    expect(cellAt(second!, 1)?.textContent).toBe('');
    expect(cellAt(second!, 4)).toBeNull();
  });

  it('skips thead rows and counts colspans', () => {
    const t = table(`<table><thead><tr><td>head</td></tr></thead>
      <tbody><tr><td colspan="2">ab</td><td>c</td></tr></tbody></table>`);
    const rows = dataRows(t);
    expect(rows).toHaveLength(1);
    expect(cellAt(rows[0]!, 1)?.textContent).toBe('ab');
    expect(cellAt(rows[0]!, 2)?.textContent).toBe('c');
  });
});

describe('labelValues', () => {
  const root = html(`
    <dl><dt>Patient :</dt><dd> Camille  MARTIN </dd><dt>Né(e) le</dt><dd>01/02/1980</dd><dt>Vide</dt></dl>
    <table><tr><th>N° de dossier</th><td>240301-0042</td></tr><tr><th>a</th><td>b</td><td>c</td></tr></table>
    <dl><dt>Patient</dt><dd>Autre</dd></dl>`);

  it('reads dt/dd and th/td pairs, first occurrence wins', () => {
    const pairs = labelValues(root);
    expect(findLabelValue(pairs, ['Patient'])).toBe('Camille MARTIN');
    expect(findLabelValue(pairs, ['né(e) le'])).toBe('01/02/1980');
    expect(findLabelValue(pairs, ['Numéro', 'N° de dossier'])).toBe('240301-0042');
    expect(findLabelValue(pairs, ['a'])).toBeNull();
    expect(findLabelValue(pairs, ['Vide'])).toBeNull();
  });
});

describe('splitLabel', () => {
  it('splits at the first colon', () => {
    expect(splitLabel('Date du document : 05/03/2024')).toEqual(['Date du document', '05/03/2024']);
    expect(splitLabel('Heure: 08:15')).toEqual(['Heure', '08:15']);
    expect(splitLabel('Sans deux-points')).toBeNull();
  });
});

describe('isMessageRow', () => {
  it('tells a spanning message row from a data row', () => {
    const t = table(
      '<table><thead><tr><th>Vaccin</th><th>Date</th></tr></thead><tbody>' +
        '<tr><td colspan="2">Aucune vaccination enregistrée</td></tr>' +
        '<tr><td>Priorix</td><td>19/09/2023</td></tr>' +
        '<tr><td>Priorix</td></tr></tbody></table>',
    );
    expect(dataRows(t).map(isMessageRow)).toEqual([true, false, false]);
  });
});

describe('requireColumns', () => {
  const columns = tableColumns(
    table('<table><tr><th>Vaccin</th><th>Date</th><th>N° de lot</th></tr><tr><td>a</td></tr></table>'),
  );
  it('finds every named column, under any of its accepted names', () => {
    expect(requireColumns(columns, { date: ['Date'], lot: ['Lot', 'N° de lot'] })).toEqual({
      date: 1,
      lot: 2,
    });
  });
  it('throws PageLayoutError naming the first missing column', () => {
    expect(() => requireColumns(columns, { date: ['Date'], dose: ['Dose', 'Rang'] })).toThrow(
      new PageLayoutError('colonne « Dose » introuvable'),
    );
  });
});
