import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seeded } from '../tests/trust/mutations';
import { scraperById, scrapers } from '../scrapers/registry';
import { runScraper } from '../scrapers/runner';
import { validateRecords } from '../storage/validate';
import { parseHtml, urlComment } from '../tools/parse-html';
import { anonymisePage } from './anonymise';
import { personalTexts } from './page-report';

const SCRAPERS = join(import.meta.dirname, '../scrapers');

const fixtures = scrapers.flatMap((scraper) =>
  readdirSync(join(SCRAPERS, scraper.id, 'fixtures'))
    .filter((file) => file.endsWith('.html') && !file.endsWith('.spa.html'))
    .map((file) => {
      const html = readFileSync(join(SCRAPERS, scraper.id, 'fixtures', file), 'utf8');
      return { scraper: scraper.id, file, html, url: urlComment(html)! };
    }),
);

/** People's names; a provider counts when it is a person ("Dr FAURE Olivier"), not a shop's sign. */
const NAME_FIELDS = ['patient', 'practitioner', 'author', 'prescriber'];
const PERSON = /^(Dr|Pr|M\.|Mme|Mlle)\s/;
const ID_FIELDS = ['ref', 'reportId'];

/** What identifies the person on the original page, as the scraper read it and as the page wrote it. */
function secrets(html: string, url: string, records: Record<string, unknown>[]) {
  const text = parseHtml(html, url).document.body.textContent ?? '';
  const words = records
    .flatMap((record) => [
      ...NAME_FIELDS.map((field) => record[field]),
      ...[record.provider, record.performer].filter((v) => typeof v === 'string' && PERSON.test(v)),
    ])
    .filter((value): value is string => typeof value === 'string')
    .flatMap((name) => name.replace(PERSON, '').match(/[\p{L}]{3,}/gu) ?? []);
  const dates =
    text.match(/\d{1,2}\/\d{1,2}\/\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}(?:er)? \p{L}+\.? \d{4}/gu) ?? [];
  const amounts = (text.match(/\d[\d\s\u00a0\u202f]*[.,]\d{2}\b/g) ?? []).filter(
    (a) => a.replace(/\D/g, '').length >= 3,
  );
  const ids = [
    ...records.flatMap((record) => ID_FIELDS.map((field) => record[field])),
    ...[url, ...records.map((record) => record.url)].flatMap((link) => {
      if (typeof link !== 'string') return [];
      const parsed = new URL(link);
      return [...parsed.searchParams.values(), ...parsed.pathname.split('/').filter((s) => /\d/.test(s))];
    }),
  ].filter((value): value is string => typeof value === 'string' && value.length >= 6 && /\d/.test(value));
  return {
    words: [...new Set(words)],
    dates: [...new Set(dates)],
    amounts: [...new Set(amounts)],
    ids: [...new Set(ids)],
  };
}

describe('anonymised page', () => {
  it.each(fixtures.map((f) => [`${f.scraper}/${f.file}`, f] as const))(
    '%s keeps the scraper’s result shape and nothing that identifies',
    (_name, fixture) => {
      const scraper = scraperById(fixture.scraper)!;
      const original = parseHtml(fixture.html, fixture.url).document;
      const before = runScraper(scraper, original, new URL(fixture.url), validateRecords);
      // As the page's button makes it: with what the scraper read of the page's people and places.
      const anonymised = anonymisePage(
        original,
        fixture.url,
        seeded(fixture.file.length * 7919),
        personalTexts(before.records),
      );
      const copy = parseHtml(anonymised.html, anonymised.url).document;
      const after = runScraper(scraper, copy, new URL(anonymised.url), validateRecords);

      expect(after.status).toBe(before.status);
      expect(after.records.map((r) => r.kind)).toEqual(before.records.map((r) => r.kind));

      const leaked = secrets(
        fixture.html,
        fixture.url,
        before.records as unknown as Record<string, unknown>[],
      );
      const output = `${anonymised.html}\n${anonymised.url}`;
      const survivors = {
        words: leaked.words.filter((word) =>
          new RegExp(`(?<![\\p{L}])${word}(?![\\p{L}])`, 'u').test(output),
        ),
        dates: leaked.dates.filter((date) => output.includes(date)),
        // Whole amounts: "962,48" made up for another amount does not give "2,48" away.
        amounts: leaked.amounts.filter((amount) =>
          new RegExp(`(?<![\\d])${amount.replace(/[.\\s]/g, '\\$&')}(?![\\d])`).test(output),
        ),
        ids: leaked.ids.filter((id) => output.includes(id) || output.includes(encodeURIComponent(id))),
      };
      expect(survivors).toEqual({ words: [], dates: [], amounts: [], ids: [] });
    },
  );

  it('drops scripts, event handlers, comments, hidden inputs, form values and external styles', () => {
    const html = `<!DOCTYPE html><html><head><meta name="csrf" content="tok3n"><link rel="stylesheet" href="https://cdn.example/x.css">
      <style>body{background:url(https://t.example/p.png)}</style></head><body>
      <!-- user 4242 --><script>alert(1)</script><input type="hidden" name="token" value="s3cret">
      <input name="q" value="Camille MARTIN"><textarea>note privée</textarea>
      <a href="/dossier/240305-0412?patient=ABC123" onclick="steal()" data-token="A1B2C3D4E5">Voir</a></body></html>`;
    const { html: out } = anonymisePage(
      parseHtml(html, 'https://p.example/').document,
      'https://p.example/',
      seeded(1),
    );
    for (const gone of [
      'alert(1)',
      'steal()',
      's3cret',
      'tok3n',
      'cdn.example',
      't.example',
      'user 4242',
      'note privée',
      'Camille',
      'MARTIN',
      '240305-0412',
      'ABC123',
      'A1B2C3D4E5',
    ]) {
      expect(out, gone).not.toContain(gone);
    }
    expect(out).toContain('Voir');
  });

  it('scrubs the people and places its scraper read, even where they look like labels', () => {
    const url = 'https://p.example/documents';
    const html = `<p><span class="lbl">Auteur :</span> <span class="auteur">Centre de vaccination municipal</span></p>
      <h2>Vaccinations</h2><p>Laboratoire de l'Étoile</p>`;
    const read = (personal: string[]) =>
      anonymisePage(parseHtml(html, url).document, url, seeded(3), personal).html;
    // Sentence case and no digit: alone, the heuristics keep them as labels.
    expect(read([])).toContain('Centre de vaccination municipal');
    const out = read(['Centre de vaccination municipal', "Laboratoire de l'Étoile"]);
    for (const gone of ['Centre', 'vaccination', 'municipal', 'Laboratoire', 'Étoile']) {
      expect(out, gone).not.toMatch(new RegExp(`(?<!\\p{L})${gone}(?!\\p{L})`, 'u'));
    }
    expect(out).toContain('Auteur :');
    expect(out).toContain('<h2>Vaccinations</h2>');
  });

  it('turns the page address into one of the same shape on the same host', () => {
    const url = 'https://resultats.laboratoire-bioclair.fr/mes-resultats/dossier/240305-0412?q=scanner';
    const out = anonymisePage(parseHtml('<p>x</p>', url).document, url, seeded(2)).url;
    expect(out).toMatch(
      /^https:\/\/resultats\.laboratoire-bioclair\.fr\/mes-resultats\/dossier\/\d{6}-\d{4}\?q=[a-z]{7}$/,
    );
    expect(out).not.toContain('240305-0412');
  });
});
