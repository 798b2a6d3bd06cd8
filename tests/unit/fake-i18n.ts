/**
 * WXT's fake browser has no `i18n`: this one reads the real catalogues and substitutes
 * placeholders as Chrome does, so components are tested with the words people will read.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import en from '../../public/_locales/en/messages.json';
import fr from '../../public/_locales/fr/messages.json';

type Catalogue = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const catalogues: Record<string, Catalogue> = { fr, en };

let language = 'fr';

/** Switches the language the fake browser speaks (tests of the English interface). */
export function setUiLanguage(lang: 'fr' | 'en'): void {
  language = lang;
}

function getMessage(name: string, substitutions?: string | string[]): string {
  const entry = catalogues[language]?.[name];
  if (!entry) return '';
  const subs =
    substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const fill = (text: string) => text.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
  return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (match, key: string) => {
    const placeholder = entry.placeholders?.[key.toLowerCase()];
    return placeholder ? fill(placeholder.content) : match;
  });
}

Object.assign(fakeBrowser, {
  i18n: { getMessage, getUILanguage: () => language, getAcceptLanguages: async () => [language] },
});
