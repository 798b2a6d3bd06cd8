/**
 * What the parsing helpers share: the page's number and date conventions, and the error they
 * throw on text that is not what it claims to be.
 */

/**
 * `fr`: `1 234,56`, day first (`05/03/2024`). `en`: US, `1,234.56`, month first (`03/05/2024`).
 * Passed explicitly because the same text means different things (`05/03/2024`, `1,234`).
 */
export type Locale = 'fr' | 'en';

/**
 * The text is present but unreadable as the expected value (`"12,x4 €"`, `"31/02/2024"`).
 * It carries the offending text so a scraper can report the row with what it showed, rather
 * than guessing or silently storing null.
 */
export class ParseError extends Error {
  override readonly name = 'ParseError';

  constructor(
    /** What was expected, in words: "montant", "date", "taux"… */
    readonly expected: string,
    /** The text as found on the page. */
    readonly text: string,
  ) {
    super(`${expected} illisible : « ${text} »`);
  }
}

/**
 * A value the record cannot do without is not shown at all (an empty date cell): reported like
 * an unreadable one, with a message that says it is missing rather than quoting empty text.
 */
export class MissingValueError extends ParseError {
  constructor(expected: string) {
    super(expected, '');
    this.message = `${expected} : valeur absente`;
  }
}
