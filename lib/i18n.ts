/**
 * The interface's words, through `browser.i18n` (French first, English second: the browser's
 * language decides). Keys are checked against the French catalogue at compile time.
 */
import { browser } from 'wxt/browser';
import type frMessages from '../public/_locales/fr/messages.json';

export type MessageKey = keyof typeof frMessages & string;

export function t(key: MessageKey, substitutions?: string | number | (string | number)[]): string {
  const subs =
    substitutions === undefined
      ? undefined
      : Array.isArray(substitutions)
        ? substitutions.map(String)
        : String(substitutions);
  // getMessage returns "" for an unknown key: show the key rather than nothing.
  // The generated overloads list every key one by one; a union of them is still one of them.
  const getMessage = browser.i18n.getMessage as (name: string, subs?: string | string[]) => string;
  return getMessage(key, subs) || key;
}

/** The language the interface speaks, for Intl formatting ("fr", "en-US"…). */
export function uiLocale(): string {
  try {
    return browser.i18n.getUILanguage() || 'fr';
  } catch {
    return 'fr';
  }
}

type PluralBase<K extends string> = K extends `${infer Base}_one` ? Base : never;
/** Message keys that exist in a `_one` and an `_other` form. */
export type PluralKey = PluralBase<MessageKey> &
  (`${PluralBase<MessageKey>}_other` extends MessageKey ? string : never);

/**
 * A counted phrase with the language's plural rule (« 1 résultat », « 2 résultats »; French
 * counts 0 and 1 as one): `base_one` or `base_other`, the count as the first substitution.
 */
export function tCount(base: PluralKey, count: number, more: (string | number)[] = []): string {
  const rule = new Intl.PluralRules(uiLocale()).select(count);
  const key = (rule === 'one' ? `${base}_one` : `${base}_other`) as MessageKey;
  return t(key, [new Intl.NumberFormat(uiLocale()).format(count), ...more]);
}
