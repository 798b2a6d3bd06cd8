/**
 * How Mon espace santé's records read, wherever they come from: the page the web app draws, or
 * the GraphQL answers it draws them from. Both pass their words through these functions, so that
 * a vaccination read from the page and from the answer is one record.
 */
import type { HealthDocument } from '../../storage/schemas';
import { foldText } from '../helpers/text';

/**
 * Category headings, folded, to `docType`, first match wins ("Comptes rendus" or "Compte-rendu");
 * any other category is "other" ("Autres documents"). Imaging is named anywhere in the heading
 * ("Résultats d'imagerie") and tried before results, which are otherwise lab results ("Résultats
 * d'examens").
 */
const CATEGORIES: readonly [RegExp, HealthDocument['docType']][] = [
  [/^comptes?[\s-]rendus?/, 'report'],
  [/^(?:ordonnances?|prescriptions?)\b/, 'prescription'],
  [/\b(?:imagerie|radiologie)\b/, 'imaging'],
  [/^(?:resultats?|biologie|analyses?)\b/, 'lab-report'],
  [/^certificats?\b/, 'certificate'],
  [/^(?:lettres?|courriers?)\b/, 'letter'],
];

export function docTypeOf(category: string): HealthDocument['docType'] {
  return CATEGORIES.find(([pattern]) => pattern.test(foldText(category)))?.[1] ?? 'other';
}

/** A document the patient added: no author. */
const ADDED_BY_YOU = /^ajoute par vous/;

export function addedByYou(author: string): boolean {
  return ADDED_BY_YOU.test(foldText(author));
}

/** A blood pressure reading (`128/82`) is two records, named as the spec says. */
const BLOOD_PRESSURE = /tension|pression arterielle/;
const BLOOD_PRESSURE_NAMES = ['Tension systolique', 'Tension diastolique'];

/** The records' names for `count` readings of the quantity `label`; null when they do not fit. */
export function measurementNames(label: string, count: number): string[] | null {
  const names = count === 2 && BLOOD_PRESSURE.test(foldText(label)) ? BLOOD_PRESSURE_NAMES : [label];
  return names.length === count ? names : null;
}
