/**
 * PDF lab reports (« compte rendu d'analyses de biologie médicale »), as the labs' software prints
 * them: a header (lab, patient, file number, collection date, prescriber) and tables of result
 * lines under column headers, in one or two columns per page, sections running over page breaks.
 * The text comes from pdf.js with its positions; lines and columns are found from them
 * (./layout.ts). What cannot be read with confidence is not guessed: too many unreadable lines, no
 * result, or no date, and the whole document is refused (« lecture automatique impossible »), the
 * file kept. Structure and decisions: docs/documents.md.
 */
import type { ScrapedRecord } from '../../storage/schemas';
import { DocumentLayoutError, defineDocumentReader, type DocumentOutput } from '../documents';
import { parseDateOrDateTime } from '../helpers/dates';
import { distinctRecords } from '../helpers/distinct';
import { ParseError } from '../helpers/parse-error';
import { parseReference } from '../helpers/ranges';
import { cleanText, foldText } from '../helpers/text';
import { parseResultValue } from '../helpers/values';
import { type Cell, type Line, linesOf, roleOf, type Table, tablesOf } from './layout';

/** Labels of the header, on folded text without their colon. */
const LABELS = {
  patient: /^(patient|patiente|nom|nom du patient|nom et prenom|beneficiaire)$/,
  reportId:
    /^(dossier|dossier n°|n° de dossier|n° dossier|demande n°|n° de demande|n° d'enregistrement|numero de dossier)$/,
  collected:
    /^(preleve le|prelevement du|prelevement le|date de prelevement|prelevement|date du prelevement)$/,
  edited: /^(edite le|date d'edition|compte rendu du|imprime le)$/,
  prescriber: /^(prescripteur|prescrit par|medecin prescripteur|demande par)$/,
} as const;
type Label = keyof typeof LABELS;

/** A page's footer or running header: not a line of the tables. */
const FOOTER = /(page\s+\d+\s*\/\s*\d+|\bvalid[ée]|biologiste responsable|^edit[ée] le|^imprim[ée] le)/i;
/** A flag printed after a value, or alone in its own column. */
const FLAG = /^(\*+|HH?|BB?|LL?|\+\+?|--?)$/;
const CIVILITY = /^(mme|mlle|m\.|mr|madame|monsieur|mademoiselle)\s+/i;

interface Header {
  lab: string | null;
  patient: string | null;
  reportId: string | null;
  date: string | null;
  prescriber: string | null;
}

export default defineDocumentReader({
  id: 'pdf-labo',
  version: '1.0.0',
  label: 'Compte rendu de laboratoire (PDF)',
  format: 'pdf',
  produces: ['lab-result'],

  detect(input) {
    if (input.format !== 'pdf') return false;
    return input.pages.some((page, i) => tablesOf(linesOf(page, i), page.width).length > 0);
  },

  read(input, from, ctx): DocumentOutput {
    if (input.format !== 'pdf') throw new DocumentLayoutError("ce n'est pas un PDF");
    const pages = input.pages.map((page, i) => ({ page, lines: linesOf(page, i) }));
    const tables = pages.flatMap(({ page, lines }) => tablesOf(lines, page.width));
    if (tables.length === 0) throw impossible("aucun tableau de résultats n'est reconnu");
    const first = tables[0]!;
    const header = readHeader(
      pages[0]?.lines.filter((line) => line.page !== first.page || line.y < first.y) ?? [],
    );
    if (header.date === null) throw impossible("la date du prélèvement n'est pas trouvée");

    const reading = {
      panel: null as string | null,
      analyte: null as string | null,
      unreadable: [] as string[],
    };
    const records: ScrapedRecord[] = [];
    let lines = 0;
    for (const table of tables) {
      for (const line of bodyOf(table, tables, pages[table.page]!)) {
        const cells = line.cells.filter((cell) => cell.x >= table.left && cell.x < table.right);
        if (cells.length === 0 || FOOTER.test(cells.map((cell) => cell.text).join(' '))) continue;
        lines++;
        const record = readLine(cells, table, reading);
        if (record) {
          records.push({
            kind: 'lab-result',
            source: from.source,
            patient: from.patient ?? header.patient,
            date: header.date,
            sourceUrl: from.sourceUrl,
            ...record,
            panel: reading.panel,
            reportId: header.reportId,
            lab: header.lab,
            prescriber: header.prescriber,
            fromDocument: null,
          });
        }
      }
    }
    if (records.length === 0) throw impossible('aucun résultat ne se lit avec certitude');
    const tolerated = Math.max(2, Math.floor(records.length * 0.2));
    if (reading.unreadable.length > tolerated) {
      throw impossible(`${reading.unreadable.length} lignes sur ${lines} ne se lisent pas avec certitude`);
    }
    for (const text of reading.unreadable) {
      ctx.problem({ level: 'warning', message: `Ligne du compte rendu non lue : « ${text} »` });
    }
    return {
      about: {
        title: `Compte rendu d'analyses du ${header.date.slice(8, 10)}/${header.date.slice(5, 7)}/${header.date.slice(0, 4)}`,
        date: header.date.slice(0, 10),
        docType: 'lab-report',
        author: header.lab,
        patient: header.patient,
      },
      records: distinctRecords(records, ctx),
      rendition: null,
    };
  },
});

function impossible(reason: string): DocumentLayoutError {
  return new DocumentLayoutError(`lecture automatique impossible : ${reason}`);
}

/** The table's lines: below its header, above the next table of the same column on its page. */
function bodyOf(table: Table, tables: readonly Table[], page: { lines: Line[] }): Line[] {
  const below = tables
    .filter(
      (other) =>
        other.page === table.page &&
        other.y > table.y &&
        other.left < table.right &&
        table.left < other.right,
    )
    .map((other) => other.y);
  const end = Math.min(...below, Infinity);
  return page.lines.filter((line) => line.y > table.y && line.y < end);
}

type LineFacts = Pick<
  Extract<ScrapedRecord, { kind: 'lab-result' }>,
  | 'analyte'
  | 'code'
  | 'value'
  | 'valueText'
  | 'comparator'
  | 'unit'
  | 'refLow'
  | 'refHigh'
  | 'refText'
  | 'flag'
>;

/**
 * One line of a table: a section title (one cell in the analyte column, no figure), a result
 * (an analyte and a value; without analyte, the previous analyte in another unit), or nothing
 * readable (counted, and reported).
 */
function readLine(
  cells: readonly Cell[],
  table: Table,
  reading: { panel: string | null; analyte: string | null; unreadable: string[] },
): LineFacts | null {
  const byRole = new Map<string, Cell[]>();
  let flag: LineFacts['flag'] = null;
  for (const cell of cells) {
    if (FLAG.test(cell.text) && cell !== cells[0]) {
      flag = flagOf(cell.text);
      continue;
    }
    const role = roleOf(cell, table.anchors);
    byRole.set(role, [...(byRole.get(role) ?? []), cell]);
  }
  const text = (role: string) => {
    const found = byRole.get(role);
    return found ? cleanText(found.map((cell) => cell.text).join(' ')) : null;
  };
  const analyte = text('analyte');
  const shown = text('value');
  const whole = cells.map((cell) => cell.text).join(' ');

  if (shown === null) {
    const title = analyte?.replace(/\s*\(suite\)\s*$/i, '') ?? null;
    if (title !== null && cells.length === 1 && !/\d/.test(title) && title === title.toUpperCase()) {
      reading.panel = cleanText(title);
      reading.analyte = null;
      return null;
    }
    // A sentence under a result (a comment of the biologist) is no result.
    if (analyte !== null && cells.length === 1 && (analyte.length > 50 || /[.:]$/.test(analyte))) return null;
    reading.unreadable.push(whole);
    return null;
  }
  const name = analyte ?? reading.analyte;
  if (name === null) {
    reading.unreadable.push(whole);
    return null;
  }
  reading.analyte = name;

  // The value may carry its flag (`13,4 *`, `11,2 H`) and, without a unit column, its unit.
  let valueText = shown;
  const flagged = /^(.*\S)\s+(\*+|HH?|BB?|LL?|\+\+?|--?)$/.exec(valueText);
  if (flagged && /\d/.test(flagged[1]!)) {
    valueText = flagged[1]!;
    flag = flag ?? flagOf(flagged[2]!);
  }
  let unit = text('unit');
  const withUnit = /^((?:[<>≤≥]=?\s*)?[-+]?\d[\d\s]*(?:[.,]\d+)?)\s+([^\d\s].*)$/.exec(valueText);
  if (unit === null && withUnit) {
    valueText = withUnit[1]!;
    unit = withUnit[2]!;
  }
  const value = parseResultValue(valueText);
  if (value === null) {
    reading.unreadable.push(whole);
    return null;
  }
  const refText = text('range');
  let reference: ReturnType<typeof parseReference> = null;
  try {
    reference = parseReference(refText);
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
  }
  return {
    analyte: name,
    code: null,
    value: value.value,
    valueText: value.valueText,
    comparator: value.comparator,
    unit,
    refLow: reference?.low ?? null,
    refHigh: reference?.high ?? null,
    refText,
    flag,
  };
}

function flagOf(mark: string): LineFacts['flag'] {
  if (/^(HH?|\+\+?)$/.test(mark)) return 'H';
  if (/^(BB?|LL?|--?)$/.test(mark)) return 'L';
  return 'A';
}

/**
 * The header of the first page: `Label : value` pairs, in one cell or two; the lab is the first
 * line that names itself one, else the first line of the page.
 */
function readHeader(lines: readonly Line[]): Header {
  const found: Partial<Record<Label, string>> = {};
  for (const line of lines) {
    line.cells.forEach((cell, i) => {
      const [label, rest] = splitLabel(cell.text);
      const key = (Object.keys(LABELS) as Label[]).find((name) => LABELS[name].test(foldText(label)));
      if (!key || found[key] !== undefined) return;
      const value = rest ?? line.cells[i + 1]?.text ?? null;
      if (value) found[key] = cleanText(value);
    });
  }
  const labLine =
    lines.find((line) => /laboratoire|biolog|\blabo\b/i.test(line.cells[0]?.text ?? '')) ?? lines[0];
  return {
    lab: labLine?.cells[0]?.text ?? null,
    patient: found.patient ? cleanText(found.patient.replace(CIVILITY, '')) : null,
    reportId: found.reportId ?? null,
    date: dateOf(found.collected) ?? dateOf(found.edited),
    prescriber: found.prescriber ?? null,
  };
}

/** `Patient : Mme X` → [`Patient`, `Mme X`]; `Patient :` → [`Patient`, null]; `X` → [`X`, null]. */
function splitLabel(text: string): [string, string | null] {
  const colon = text.indexOf(':');
  if (colon < 0) return [text, null];
  const rest = text.slice(colon + 1).trim();
  return [text.slice(0, colon).trim(), rest === '' ? null : rest];
}

/** `14/10/2025 à 08:10` → `2025-10-14T08:10`; `14/10/2025` → `2025-10-14`; else null. */
function dateOf(text: string | undefined): string | null {
  if (!text) return null;
  const match = /(\d{1,2}\/\d{1,2}\/\d{2,4})(?:\s*(?:à|a)?\s*(\d{1,2}\s*[h:]\s*\d{2}))?/.exec(text);
  if (!match) return null;
  try {
    return parseDateOrDateTime(match[2] ? `${match[1]} à ${match[2].replace(/\s/g, '')}` : match[1]);
  } catch (error) {
    if (error instanceof ParseError) return null;
    throw error;
  }
}
