/**
 * An anonymised copy of a portal page, for researchers: the page's structure survives (tags,
 * ids, classes, table shapes, labels), so the scraper that broke on it breaks the same way, but
 * nothing identifies the person. Every piece of personal text is replaced by text of the same
 * shape: letters by letters (accented by accented), digits by digits, separators and `€` kept,
 * dates still valid dates, times still times, amounts still amounts.
 *
 * What is kept as written: labels (headers, field names, sentence-case phrases without digits
 * such as "Date du document :" or "Remboursement de soins"), unless a word of theirs is one of
 * the page's people or places as its scraper read them (`personal`: "Centre de vaccination
 * municipal" as a vaccination's performer looks like a label). What goes: scripts, event
 * handlers, comments, external style references, form values, hidden inputs, meta tags, and
 * the tokens of `data-` attributes and URLs.
 */

type Random = () => number;

const DROP = 'script, noscript, iframe, frame, object, embed, template, link, base, input[type=hidden]';
const LABEL_ELEMENTS = new Set(['TH', 'CAPTION', 'LABEL', 'LEGEND', 'DT', 'SUMMARY', 'BUTTON', 'TITLE']);
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'poster', 'cite'];
/** Attributes that describe the page's structure, never the person: kept as written. */
const STRUCTURE_ATTRIBUTES = new Set([
  'class',
  'type',
  'rel',
  'lang',
  'dir',
  'role',
  'scope',
  'colspan',
  'rowspan',
  'charset',
  'width',
  'height',
  'hidden',
  'disabled',
  'checked',
  'selected',
  'target',
  'method',
  'tabindex',
  'aria-hidden',
  'aria-expanded',
  'aria-current',
  'aria-live',
  'aria-busy',
  'aria-level',
  'aria-sort',
  'summary',
  'viewbox',
  'xmlns',
  'd',
  'fill',
]);
const ID_ATTRIBUTES = new Set([
  'id',
  'for',
  'headers',
  'aria-controls',
  'aria-labelledby',
  'aria-describedby',
]);
const LABEL_ATTRIBUTES = new Set(['title', 'aria-label', 'label', 'name']);
const CIVILITY = /\b(M\.|Mme|Mlle|Mr|Mrs|Ms|Dr|Pr|Docteur|Professeur|Madame|Monsieur)\b/;

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const ACCENTED_LOWER = 'éèêëàâîïôûùüç';
const ACCENTED_UPPER = ACCENTED_LOWER.toUpperCase();

const MONTHS = {
  fr: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
  frShort: [
    'janv.',
    'févr.',
    'mars',
    'avr.',
    'mai',
    'juin',
    'juil.',
    'août',
    'sept.',
    'oct.',
    'nov.',
    'déc.',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  enShort: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};
const MONTH_NAMES = [...new Set(Object.values(MONTHS).flat())].sort((a, b) => b.length - a.length);
const MONTH = MONTH_NAMES.map((name) => name.replace('.', '\\.')).join('|');

/** Dates and times as portals write them; each is replaced whole, by a valid one. */
const TEMPORAL = new RegExp(
  [
    String.raw`\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2})?`,
    String.raw`\d{1,2}/\d{1,2}/\d{2,4}`,
    String.raw`\b\d{1,2}(?:er)?\s+(?:${MONTH})(?:\s+\d{4})?`,
    String.raw`(?:${MONTH})\s+\d{1,2},\s+\d{4}`,
    String.raw`(?<![\p{L}])(?:${MONTH})(?:\s+\d{4})?(?![\p{L}])`,
    String.raw`\b\d{1,2}\s?[h:]\s?\d{2}(?:\s?[AP]M)?`,
  ].join('|'),
  'giu',
);

export interface AnonymisedPage {
  html: string;
  url: string;
}

export class Anonymiser {
  /** Words of the page that belong to people (names), found in its data, replaced everywhere. */
  private readonly names = new Set<string>();
  /** Every number and date of the original page: no replacement may reproduce one of them. */
  private readonly originals = new Set<string>();
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly random: Random = cryptoRandom,
    personal: readonly string[] = [],
  ) {
    // Their words are names wherever they appear, in labels too; "de", "la" are grammar.
    for (const value of personal) {
      for (const word of value.match(/[\p{L}'’-]+/gu) ?? []) {
        for (const part of [word, ...word.split(/['’-]/)]) if (part.length >= 3) this.names.add(part);
      }
    }
  }

  anonymise(doc: Document, url: string): AnonymisedPage {
    const root = doc.documentElement.cloneNode(true) as HTMLElement;
    for (const element of [...root.querySelectorAll(DROP)]) element.remove();
    for (const meta of [...root.querySelectorAll('meta')]) {
      if (!meta.hasAttribute('charset') && meta.getAttribute('name') !== 'viewport') meta.remove();
    }
    const texts = textNodes(root);
    for (const node of texts) this.remember(node.data);
    for (const node of texts) if (!node.parentElement?.closest('th, caption, title')) this.collectNames(node);
    for (const node of texts) node.data = this.text(node);
    for (const element of [root, ...root.querySelectorAll('*')]) this.attributes(element);
    for (const style of [...root.querySelectorAll('style')]) {
      style.textContent = (style.textContent ?? '').replace(/@import[^;]*;|url\([^)]*\)/gi, 'none');
    }
    const html = `<!DOCTYPE html>\n${root.outerHTML}`.replace(/<!--[\s\S]*?-->/g, '');
    return { html, url: this.url(url) };
  }

  private remember(text: string): void {
    for (const match of text.matchAll(TEMPORAL)) this.originals.add(match[0]);
    for (const match of text.matchAll(/\d[\d\s.,\u00a0\u202f]*\d|\d/g)) this.originals.add(match[0].trim());
  }

  /** A person's name is written "Prénom NOM", after a civility, or in a field of its own. */
  private collectNames(node: Text): void {
    // "Remb." and the like are abbreviations of a label, not first names.
    const words = (node.data.match(/[\p{L}'’-]+\.?/gu) ?? []).map((w) => (w.endsWith('.') ? '' : w));
    const properish = (word: string) => /^\p{Lu}/u.test(word) && word.length > 1;
    const afterCivility = CIVILITY.test(node.data);
    words.forEach((word, i) => {
      const next = words[i + 1];
      const upper = word === word.toUpperCase() && /\p{Lu}{2}/u.test(word);
      const pairedWithUpper = next !== undefined && next === next.toUpperCase() && /\p{Lu}{2}/u.test(next);
      if (properish(word) && (afterCivility || (upper && i > 0) || pairedWithUpper)) this.names.add(word);
    });
  }

  private text(node: Text): string {
    const text = node.data;
    if (text.trim() === '') return text;
    const labelled = inLabelElement(node);
    // "Libellé : valeur" in one text: the label stays, the value is replaced.
    const pair = /^(\s*[^:\d]{1,40}?\s*:)(.*)$/s.exec(text);
    if (pair && this.isLabel(pair[1] ?? '')) return (pair[1] ?? '') + this.scramble(pair[2] ?? '');
    if (labelled || this.isLabel(text)) return this.scrubNames(this.scrambleTemporal(text, true));
    return this.scramble(text);
  }

  /** A label: words only, sentence case, no name of the page's people, no civility. */
  private isLabel(text: string): boolean {
    const words = text.match(/[\p{L}'’-]+/gu) ?? [];
    if (words.length === 0 || /[\d@]/.test(text) || CIVILITY.test(text)) return false;
    return words.every(
      (word, i) => !this.names.has(word) && (i === 0 || !/^\p{Lu}/u.test(word) || word.length === 1),
    );
  }

  private scrubNames(text: string): string {
    return text.replace(/[\p{L}'’-]+/gu, (word) => (this.names.has(word) ? this.letters(word) : word));
  }

  /** Everything personal in `text`: dates and times first (still valid), then every character. */
  private scramble(text: string): string {
    return this.scrambleTemporal(text, false);
  }

  private scrambleTemporal(text: string, keepWords: boolean): string {
    let out = '';
    let last = 0;
    for (const match of text.matchAll(TEMPORAL)) {
      const index = match.index ?? 0;
      const before = text.slice(last, index);
      out += keepWords ? this.digits(before) : this.characters(before);
      out += this.temporal(match[0]);
      last = index + match[0].length;
    }
    const rest = text.slice(last);
    return out + (keepWords ? this.digits(rest) : this.characters(rest));
  }

  private characters(text: string): string {
    return this.digits(this.letters(text));
  }

  /** Letters by letters; short lowercase words ("à", "de", "on") are grammar, not names. */
  private letters(text: string): string {
    return text.replace(/[\p{L}'’]+/gu, (word) =>
      word.length <= 3 && word === word.toLowerCase()
        ? word
        : word.replace(/\p{L}/gu, (c) => {
            if (ACCENTED_LOWER.includes(c)) return this.choose(ACCENTED_LOWER);
            if (ACCENTED_UPPER.includes(c)) return this.choose(ACCENTED_UPPER);
            if (c === c.toUpperCase() && c !== c.toLowerCase()) return this.choose(UPPER);
            return this.choose(LOWER);
          }),
    );
  }

  /**
   * Each number becomes another of the same shape, never one the page showed. A number of one
   * or two digits may be a day printed apart from its month: it stays between 1 and 28. A year
   * stays a recent year.
   */
  private digits(text: string): string {
    return text.replace(/\d[\d\s.,\u00a0\u202f]*\d|\d/g, (number) =>
      this.fresh(() => {
        if (/^\d{1,2}$/.test(number)) {
          const day = String(1 + Math.floor(this.random() * 28));
          return number.length === 2 ? day.padStart(2, '0') : day;
        }
        if (/^(19|20)\d\d$/.test(number)) return String(2010 + Math.floor(this.random() * 15));
        const digits = number.replace(/\d/g, () => String(Math.floor(this.random() * 10)));
        // A first digit 0 would read as a different shape ("05" is a day, "5" an amount).
        return number[0] === '0' ? digits : digits.replace(/^0/, String(1 + Math.floor(this.random() * 9)));
      }, number),
    );
  }

  private temporal(value: string): string {
    return this.fresh(() => {
      let out = value.replace(new RegExp(MONTH, 'giu'), (name) => this.month(name));
      // Day numbers stay at most 28 and months at most 12, so any date order stays valid.
      out = out.replace(/\d{4}/g, () => String(2010 + Math.floor(this.random() * 15)));
      out = out.replace(/(^|[^\d])(\d{1,2})(?!\d)/g, (_, lead: string, n: string) => {
        const max = /[h:]/i.test(lead) ? 59 : 12;
        const v = 1 + Math.floor(this.random() * max);
        return lead + (n.length === 2 ? String(v).padStart(2, '0') : String(v));
      });
      return out;
    }, value);
  }

  private month(name: string): string {
    for (const list of Object.values(MONTHS)) {
      const i = list.findIndex((m) => m.toLowerCase() === name.toLowerCase());
      if (i >= 0) return list[Math.floor(this.random() * 12)] ?? name;
    }
    return name;
  }

  private fresh(make: () => string, original: string): string {
    for (let attempt = 0; attempt < 20; attempt++) {
      const candidate = make();
      if (candidate !== original && !this.originals.has(candidate)) return candidate;
    }
    return make();
  }

  private attributes(element: Element): void {
    for (const { name, value } of [...element.attributes]) {
      if (name.startsWith('on')) {
        // The handler's code goes; the constant names it passes ("INDEMNITE_JOURNALIERE_ASSURE")
        // are the portal's vocabulary, which a scraper may read, so they stay in an inert comment.
        const constants = value.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g) ?? [];
        if (constants.length === 0) element.removeAttribute(name);
        else element.setAttribute(name, `/* ${constants.join(' ')} */`);
      } else if (name === 'srcset' || name === 'integrity' || name === 'nonce') {
        element.removeAttribute(name);
      } else if (STRUCTURE_ATTRIBUTES.has(name)) {
        continue;
      } else if (name === 'style') {
        element.setAttribute(name, value.replace(/url\([^)]*\)/gi, 'none'));
      } else if (URL_ATTRIBUTES.includes(name)) {
        element.setAttribute(name, value.startsWith('#') ? `#${this.id(value.slice(1))}` : this.url(value));
      } else if (ID_ATTRIBUTES.has(name)) {
        element.setAttribute(
          name,
          value
            .split(' ')
            .map((v) => this.id(v))
            .join(' '),
        );
      } else if (name.startsWith('data-') && /^[a-z-]{1,15}$/.test(value)) {
        // Short lowercase words are states the page's own code reads ("ouvert"); the rest are tokens.
        continue;
      } else if (LABEL_ATTRIBUTES.has(name) && this.isLabel(value)) {
        continue;
      } else {
        // Any other attribute may carry a value of the person's: a date, a name, a token.
        element.setAttribute(name, this.scramble(value));
      }
    }
    if (element.tagName === 'TEXTAREA') element.textContent = '';
  }

  /**
   * Ids that are a word and positions ("Nature0_1_0_0", "numDossier") are structure and stay;
   * any other id is a token. The same id always maps to the same id, so labels and ARIA
   * references still point right.
   */
  private id(value: string): string {
    let mapped = this.ids.get(value);
    if (mapped === undefined) {
      mapped = /^[\p{L}_-]+[\d_]*$/u.test(value) ? value : this.characters(value);
      this.ids.set(value, mapped);
    }
    return mapped;
  }

  /** Scheme, host and the words of the path stay; ids in the path and every query value go. */
  private url(value: string): string {
    const absolute = /^[a-z][a-z0-9+.-]*:|^\/\//i.test(value.trim());
    let parsed: URL;
    try {
      parsed = new URL(value, 'https://placeholder.invalid/');
    } catch {
      return '#';
    }
    if (!/^https?:$/.test(parsed.protocol)) return '#';
    const path = parsed.pathname
      .split('/')
      .map((segment) => (/\d/.test(segment) || segment.length > 24 ? this.characters(segment) : segment))
      .join('/');
    const query = [...parsed.searchParams]
      .map(([key, v]) => `${encodeURIComponent(key)}=${encodeURIComponent(this.characters(v))}`)
      .join('&');
    const local = `${path}${query ? `?${query}` : ''}`;
    return absolute ? `${parsed.protocol}//${parsed.host}${local}` : local;
  }

  private choose(alphabet: string): string {
    return alphabet[Math.floor(this.random() * alphabet.length)] ?? alphabet[0] ?? '';
  }
}

function inLabelElement(node: Text): boolean {
  return node.parentElement?.closest([...LABEL_ELEMENTS].join(', ')) != null;
}

function textNodes(root: Element): Text[] {
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement?.closest('style')) continue;
    nodes.push(node as Text);
  }
  return nodes;
}

function cryptoRandom(): number {
  const buffer = new Uint32Array(1);
  crypto.getRandomValues(buffer);
  return (buffer[0] ?? 0) / 4294967296;
}

/**
 * `personal`: the texts of the page's records that name people and places (`personalTexts` in
 * ./page-report.ts), when its scraper could read it.
 */
export function anonymisePage(
  doc: Document,
  url: string,
  random?: Random,
  personal: readonly string[] = [],
): AnonymisedPage {
  return new Anonymiser(random, personal).anonymise(doc, url);
}
