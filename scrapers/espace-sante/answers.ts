/**
 * Mon espace santé's GraphQL answers, one reader per operation (docs/channels.md, « Mon espace
 * santé »): a page of the documents list, a document's attachment, the vaccines, the measures of
 * a code. Each answer is `{ data, errors }`; its data is checked with zod before use. Pure
 * functions of an answer, tested on saved sessions (sessions/).
 */
import * as z from 'zod/mini';
import { fromBase64 } from '../../storage/base64';
import type { ScrapedRecord } from '../../storage/schemas';
import { checkAnswer, malformedAnswer } from '../channels';
import type { ScrapeContext } from '../contract';
import { parseDate, parseDateOrDateTime } from '../helpers/dates';
import { MissingValueError, ParseError } from '../helpers/parse-error';
import { jsonDetail, readRows } from '../helpers/rows';
import { nullIfBlank } from '../helpers/text';
import { addedByYou, docTypeOf, measurementNames } from './read';

export interface Common {
  source: 'espace-sante';
  patient: string | null;
  sourceUrl: string;
}

const text = z.optional(z.nullable(z.string()));

/** The `data` of a GraphQL answer, or the first error's message as a malformed answer. */
function dataOf(json: unknown, what: string): unknown {
  const answer = checkAnswer(
    z.object({
      data: z.optional(z.nullable(z.unknown())),
      errors: z.optional(z.array(z.object({ message: z.string() }))),
    }),
    json,
    what,
  );
  if (answer.errors?.length || answer.data == null) {
    return malformedAnswer(what, `erreur GraphQL : ${answer.errors?.[0]?.message ?? 'aucune donnée'}`);
  }
  return answer.data;
}

const DocumentsPage = z.object({
  documents: z.object({
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.optional(z.nullable(z.string())) }),
    edges: z.array(
      z.object({
        node: z.object({
          id: z.string(),
          title: text,
          documentDate: text,
          category: z.optional(z.nullable(z.object({ label: text }))),
          author: z.optional(z.nullable(z.object({ name: text }))),
          addedBy: text,
          format: text,
        }),
      }),
    ),
  }),
});

/** The link of a document: its download address in the web app, which names its id. */
export function documentUrl(origin: string, id: string): string {
  return `${origin}/documents/${encodeURIComponent(id)}/telecharger`;
}

/** The id a document's link names, or null for another address. */
export function documentIdOf(url: URL): string | null {
  const match = /^\/documents\/([^/]+)\/telecharger$/.exec(url.pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

const MIME_OF_FORMAT: Record<string, string> = {
  pdf: 'application/pdf',
  // A structured document (CDA R2): read into records in the dashboard (scrapers/cda).
  cda: 'application/xml',
  xml: 'application/xml',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  png: 'image/png',
};

/** One page of the documents list: its records, and where the next page starts (null: the last). */
export function readDocumentsPage(
  json: unknown,
  page: { origin: string; common: Common },
  what: string,
  ctx: ScrapeContext,
): { records: ScrapedRecord[]; next: string | null } {
  const { documents } = checkAnswer(DocumentsPage, dataOf(json, what), what);
  const records = readRows(
    documents.edges,
    'Document',
    ctx,
    ({ node }): ScrapedRecord => {
      const title = nullIfBlank(node.title);
      const date = parseDate(node.documentDate?.split('-').reverse().join('/'));
      if (title === null) throw new MissingValueError('titre du document');
      if (date === null) throw new MissingValueError('date du document');
      const author = nullIfBlank(node.author?.name);
      return {
        kind: 'document',
        ...page.common,
        date,
        title,
        docType: docTypeOf(node.category?.label ?? ''),
        author: node.addedBy === 'PATIENT' || (author && addedByYou(author)) ? null : author,
        url: documentUrl(page.origin, node.id),
        mimeType: MIME_OF_FORMAT[(node.format ?? '').toLowerCase()] ?? null,
        fileId: null,
        sha256: null,
      };
    },
    jsonDetail,
  );
  const next = documents.pageInfo.hasNextPage ? (documents.pageInfo.endCursor ?? null) : null;
  if (documents.pageInfo.hasNextPage && next === null)
    return malformedAnswer(what, 'page suivante sans curseur');
  return { records, next };
}

const Attachment = z.object({ get_document_attachment: z.object({ content: z.string(), mimeType: text }) });

/** The bytes of a document's attachment (base64 in the answer). */
export function readAttachment(json: unknown, what: string): Uint8Array<ArrayBuffer> {
  const { get_document_attachment: attachment } = checkAnswer(Attachment, dataOf(json, what), what);
  try {
    return fromBase64(attachment.content);
  } catch {
    return malformedAnswer(what, 'contenu base64 illisible');
  }
}

const Vaccines = z.object({
  vaccines: z.array(z.object({ name: text, date: text, dose: text, lotNumber: text, vaccinator: text })),
});

export function readVaccines(
  json: unknown,
  common: Common,
  what: string,
  ctx: ScrapeContext,
): ScrapedRecord[] {
  const { vaccines } = checkAnswer(Vaccines, dataOf(json, what), what);
  return readRows(
    vaccines,
    'Vaccination',
    ctx,
    (vaccine): ScrapedRecord => {
      const name = nullIfBlank(vaccine.name);
      const date = parseDate(vaccine.date?.split('-').reverse().join('/'));
      if (name === null) throw new MissingValueError('vaccin');
      if (date === null) throw new MissingValueError('date de vaccination');
      return {
        kind: 'immunization',
        ...common,
        date,
        vaccine: name,
        dose: nullIfBlank(vaccine.dose),
        lot: nullIfBlank(vaccine.lotNumber),
        performer: nullIfBlank(vaccine.vaccinator),
        fromDocument: null,
      };
    },
    jsonDetail,
  );
}

const Measures = z.object({
  measuresByCode: z.object({
    label: text,
    unit: text,
    measures: z.array(
      z.object({
        date: text,
        value: z.optional(z.nullable(z.number())),
        systolic: z.optional(z.nullable(z.number())),
        diastolic: z.optional(z.nullable(z.number())),
      }),
    ),
  }),
});

/** The measures of one code: one record per reading (a blood pressure is two). */
export function readMeasures(
  json: unknown,
  common: Common,
  what: string,
  ctx: ScrapeContext,
): ScrapedRecord[] {
  const { measuresByCode: quantity } = checkAnswer(Measures, dataOf(json, what), what);
  const label = nullIfBlank(quantity.label);
  if (quantity.measures.length === 0) return [];
  if (label === null) return malformedAnswer(what, 'mesure sans nom');
  return readRows(
    quantity.measures,
    `Mesure « ${label} »`,
    ctx,
    (measure): ScrapedRecord[] => {
      const pressure = [measure.systolic, measure.diastolic].filter((value) => value != null) as number[];
      // Half a blood pressure is no reading: reported, not guessed.
      if (pressure.length === 1) throw new ParseError('mesure', jsonDetail(measure));
      const readings = pressure.length === 2 ? pressure : measure.value != null ? [measure.value] : [];
      if (readings.length === 0) return [];
      const date = parseDateOrDateTime(measure.date?.split('-').reverse().join('/'));
      if (date === null) throw new MissingValueError('date de mesure');
      const names = measurementNames(label, readings.length);
      if (names === null) throw new ParseError('mesure', jsonDetail(measure));
      return readings.map((value, index) => ({
        kind: 'measurement' as const,
        ...common,
        date,
        name: names[index] ?? label,
        code: null,
        value,
        unit: nullIfBlank(quantity.unit),
      }));
    },
    jsonDetail,
  );
}
