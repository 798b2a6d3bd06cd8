/**
 * MyChart's in-session answers, one reader per shape (docs/channels.md, « MyChart »): the
 * anti-forgery token of `Home/CSRFToken`, the results list (`GetList`), an order's detail
 * (`GetDetails`), the immunizations and the medications. Pure functions of an answer, tested on
 * saved sessions (sessions/).
 */
import * as z from 'zod/mini';
import type { ScrapedRecord } from '../../storage/schemas';
import { checkAnswer, malformedAnswer } from '../channels';
import type { ScrapeContext } from '../contract';
import { parseDateOrDateTime } from '../helpers/dates';
import { ParseError } from '../helpers/parse-error';
import { jsonDetail, readRows } from '../helpers/rows';
import { nullIfBlank } from '../helpers/text';
import { componentResult, resultDocument, type Common } from './read';

/** The hidden input the token page holds (ASP.NET's antiforgery field). */
const TOKEN_INPUT = 'input[name="__RequestVerificationToken"]';

export function readToken(page: Document, what: string): string {
  const value = page.querySelector(TOKEN_INPUT)?.getAttribute('value')?.trim() ?? '';
  if (!/^[\w.~+/=-]{8,1024}$/.test(value)) return malformedAnswer(what, `champ ${TOKEN_INPUT} introuvable`);
  return value;
}

const text = z.optional(z.nullable(z.string()));

const ListAnswer = z.object({
  newResultGroups: z.array(
    z.object({
      key: z.string(),
      name: text,
      formattedDate: text,
      orderingProviderName: text,
    }),
  ),
});

export interface ListedResult {
  key: string;
  record: ScrapedRecord | null;
}

/** The results of the list, each with its `document` (null when unreadable: reported). */
export function readList(json: unknown, common: Common, what: string, ctx: ScrapeContext): ListedResult[] {
  const { newResultGroups } = checkAnswer(ListAnswer, json, what);
  return newResultGroups.map((group, index) => {
    const shown = {
      title: group.name ?? null,
      date: group.formattedDate ?? null,
      provider: group.orderingProviderName ?? null,
    };
    try {
      return { key: group.key, record: resultDocument(common, shown) };
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      ctx.problem({
        level: 'warning',
        message: `Résultat n°${index + 1} ignoré : ${error.message}`,
        detail: jsonDetail(group),
      });
      return { key: group.key, record: null };
    }
  });
}

const DetailsAnswer = z.object({
  orderName: z.string(),
  results: z.array(
    z.object({
      orderMetadata: z.object({
        orderProviderName: text,
        collectionTimestampsDisplay: text,
        resultTimestampDisplay: text,
        resultingLab: z.optional(z.nullable(z.object({ name: text }))),
      }),
      resultComponents: z.optional(
        z.nullable(
          z.array(
            z.object({
              componentInfo: z.object({ name: text, units: text }),
              componentResultInfo: z.object({
                value: text,
                referenceRange: z.optional(z.nullable(z.object({ formattedReferenceRange: text }))),
                abnormalFlagCategoryValue: text,
              }),
            }),
          ),
        ),
      ),
    }),
  ),
});

/** The `lab-result` records of an order's detail (an imaging order has none). */
export function readDetails(
  json: unknown,
  common: Common,
  what: string,
  ctx: ScrapeContext,
): ScrapedRecord[] {
  const details = checkAnswer(DetailsAnswer, json, what);
  const panel = nullIfBlank(details.orderName);
  if (panel === null) return malformedAnswer(what, 'orderName vide');
  return details.results.flatMap((result) => {
    const components = result.resultComponents ?? [];
    if (components.length === 0) return [];
    const meta = result.orderMetadata;
    const shown = meta.collectionTimestampsDisplay || meta.resultTimestampDisplay || null;
    let date: string | null;
    try {
      date = parseDateOrDateTime(shown, 'en');
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      date = null;
    }
    if (date === null) return malformedAnswer(what, `date de prélèvement illisible : « ${shown ?? ''} »`);
    const order = {
      date,
      panel,
      lab: nullIfBlank(meta.resultingLab?.name),
      prescriber: nullIfBlank(meta.orderProviderName),
    };
    return readRows(
      components,
      'Composant',
      ctx,
      (component) =>
        componentResult(common, order, {
          name: component.componentInfo.name ?? null,
          value: component.componentResultInfo.value ?? null,
          units: component.componentInfo.units ?? null,
          range: component.componentResultInfo.referenceRange?.formattedReferenceRange ?? null,
          flag: component.componentResultInfo.abnormalFlagCategoryValue ?? null,
        }),
      jsonDetail,
    );
  });
}

const ImmunizationsAnswer = z.object({
  immunizations: z.array(
    z.object({ name: text, administeredDates: z.optional(z.nullable(z.array(z.string()))) }),
  ),
});

/** One `immunization` per dose given (a vaccine lists the dates it was given). */
export function readImmunizations(
  json: unknown,
  common: Common,
  what: string,
  ctx: ScrapeContext,
): ScrapedRecord[] {
  const { immunizations } = checkAnswer(ImmunizationsAnswer, json, what);
  const doses = immunizations.flatMap((vaccine) =>
    (vaccine.administeredDates ?? []).map((date) => ({ name: vaccine.name ?? null, date })),
  );
  return readRows(
    doses,
    'Vaccination',
    ctx,
    (dose): ScrapedRecord => {
      const vaccine = nullIfBlank(dose.name);
      const date = parseDateOrDateTime(dose.date, 'en');
      if (vaccine === null || date === null)
        throw new ParseError('vaccination', `${dose.name ?? ''} ${dose.date}`);
      return {
        kind: 'immunization',
        ...common,
        date,
        vaccine,
        dose: null,
        lot: null,
        performer: null,
        fromDocument: null,
      };
    },
    jsonDetail,
  );
}

const MedicationsAnswer = z.object({
  medications: z.array(z.object({ name: text, startDate: text, prescriberName: text, pharmacyName: text })),
});

/** One `medication` per prescription the list shows (dated by its start). */
export function readMedications(
  json: unknown,
  common: Common,
  what: string,
  ctx: ScrapeContext,
): ScrapedRecord[] {
  const { medications } = checkAnswer(MedicationsAnswer, json, what);
  return readRows(
    medications,
    'Médicament',
    ctx,
    (medication): ScrapedRecord => {
      const name = nullIfBlank(medication.name);
      const date = parseDateOrDateTime(medication.startDate, 'en');
      if (name === null || date === null)
        throw new ParseError('médicament', `${medication.name ?? ''} ${medication.startDate ?? ''}`);
      return {
        kind: 'medication',
        ...common,
        date,
        name,
        code: null,
        quantity: null,
        prescriber: nullIfBlank(medication.prescriberName),
        pharmacy: nullIfBlank(medication.pharmacyName),
        fromDocument: null,
      };
    },
    jsonDetail,
  );
}
