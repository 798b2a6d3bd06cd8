import { describe, expect, it } from 'vitest';
import {
  englishMonth,
  frenchMonth,
  parseDate,
  parseDateOrDateTime,
  parseDateTime,
  parseTime,
  parseTimeRange,
  parseTimeSpan,
} from './dates';
import { ParseError } from './parse-error';

describe('frenchMonth', () => {
  it.each([
    ['janvier', 1],
    ['Janv.', 1],
    ['janv', 1],
    ['JAN', 1],
    ['février', 2],
    ['fevrier', 2],
    ['févr.', 2],
    ['fevr', 2],
    ['fév', 2],
    ['FÉVR.', 2],
    ['mars', 3],
    ['mar', 3],
    ['avril', 4],
    ['avr.', 4],
    ['mai', 5],
    ['juin', 6],
    ['juillet', 7],
    ['juil.', 7],
    ['juill', 7],
    ['août', 8],
    ['aout', 8],
    ['AOÛT', 8],
    ['septembre', 9],
    ['sept', 9],
    ['sept.', 9],
    ['sep', 9],
    ['octobre', 10],
    ['oct.', 10],
    ['novembre', 11],
    ['nov', 11],
    ['décembre', 12],
    ['déc.', 12],
    ['dec', 12],
    [' Mars ', 3],
  ])('%j → %i', (name, month) => {
    expect(frenchMonth(name)).toBe(month);
  });

  it.each([['jui'], ['ju'], ['ma'], [''], ['march'], ['lundi'], ['mars2']])('%j is not a month', (name) => {
    expect(frenchMonth(name)).toBeNull();
  });
});

describe('englishMonth', () => {
  it.each([
    ['March', 3],
    ['Mar', 3],
    ['mar.', 3],
    ['Sept.', 9],
    ['sep', 9],
    ['May', 5],
    ['December', 12],
    ['jun', 6],
  ])('%j → %i', (name, month) => {
    expect(englishMonth(name)).toBe(month);
  });

  it.each([['ju'], ['mars'], ['février']])('%j is not an English month', (name) => {
    expect(englishMonth(name)).toBeNull();
  });
});

describe('parseDate, French', () => {
  it.each([
    ['05/03/2024', '2024-03-05'],
    ['5/3/2024', '2024-03-05'],
    ['05/03/24', '2024-03-05'],
    ['31/12/99', '2099-12-31'],
    ['05.03.2024', '2024-03-05'],
    ['05-03-2024', '2024-03-05'],
    ['2024-03-05', '2024-03-05'],
    ['29/02/2024', '2024-02-29'],
    ['5 mars 2024', '2024-03-05'],
    ['05 mars 2024', '2024-03-05'],
    ['1er mars 2024', '2024-03-01'],
    ['1 mars 2024', '2024-03-01'],
    ['5 janv. 2024', '2024-01-05'],
    ['5 janv 2024', '2024-01-05'],
    ['12 févr. 2024', '2024-02-12'],
    ['12 fevrier 2024', '2024-02-12'],
    ['3 sept 2023', '2023-09-03'],
    ['3 SEPT. 2023', '2023-09-03'],
    ['15 août 2023', '2023-08-15'],
    ['15 aout 2023', '2023-08-15'],
    ['22 DÉCEMBRE 2023', '2023-12-22'],
    ['mardi 5 mars 2024', '2024-03-05'],
    ['le 5 mars 2024', '2024-03-05'],
    ['Mardi, 5 mars 2024', '2024-03-05'],
    ['  05/03/2024\u00a0', '2024-03-05'],
  ])('%j → %s', (text, iso) => {
    expect(parseDate(text, 'fr')).toBe(iso);
  });

  it('defaults to French, day first', () => {
    expect(parseDate('03/05/2024')).toBe('2024-05-03');
  });

  it.each([[''], ['-'], ['Non renseigné'], [null], [undefined]])('reads %j as null', (text) => {
    expect(parseDate(text, 'fr')).toBeNull();
  });

  it.each([
    ['31/02/2024'],
    ['29/02/2023'],
    ['32/01/2024'],
    ['00/01/2024'],
    ['05/13/2024'],
    ['2024-02-30'],
    ['31 avril 2024'],
    ['5 jui 2024'],
    ['5 march 2024'],
    ['March 5, 2024'],
    ['05/03'],
    ['05/03/202'],
    ['hier'],
    ['05/03/2024 08:15'],
  ])('refuses %j with a ParseError', (text) => {
    expect(() => parseDate(text, 'fr')).toThrow(ParseError);
  });

  it('carries the offending text', () => {
    expect(() => parseDate('31/02/2024')).toThrow('date illisible : « 31/02/2024 »');
  });
});

describe('parseDate, English (US)', () => {
  it.each([
    ['03/05/2024', '2024-03-05'],
    ['3/5/2024', '2024-03-05'],
    ['12/31/23', '2023-12-31'],
    ['March 5, 2024', '2024-03-05'],
    ['March 5 2024', '2024-03-05'],
    ['Mar 5, 2024', '2024-03-05'],
    ['Mar. 5, 2024', '2024-03-05'],
    ['Sept 21, 2023', '2023-09-21'],
    ['March 1st, 2024', '2024-03-01'],
    ['Tuesday, March 5, 2024', '2024-03-05'],
    ['Tue, Mar 5, 2024', '2024-03-05'],
    ['5 March 2024', '2024-03-05'],
    ['2024-03-05', '2024-03-05'],
  ])('%j → %s', (text, iso) => {
    expect(parseDate(text, 'en')).toBe(iso);
  });

  it.each([['31/12/2023'], ['02/30/2024'], ['5 mars 2024'], ['Smarch 5, 2024']])('refuses %j', (text) => {
    expect(() => parseDate(text, 'en')).toThrow(ParseError);
  });
});

describe('parseDate, read again', () => {
  it('gives the same day every time, per locale, and refuses a bad date every time', () => {
    for (let i = 0; i < 3; i++) {
      expect(parseDate('03/05/2024', 'fr')).toBe('2024-05-03');
      expect(parseDate('03/05/2024', 'en')).toBe('2024-03-05');
      expect(() => parseDate('31/02/2024')).toThrow(ParseError);
    }
  });

  it('stays right past the number of dates it keeps', () => {
    const day = new Date(Date.UTC(2000, 0, 1));
    for (let i = 0; i < 5_000; i++) {
      const iso = day.toISOString().slice(0, 10);
      const [y, m, d] = iso.split('-');
      expect(parseDate(`${d}/${m}/${y}`)).toBe(iso);
      day.setUTCDate(day.getUTCDate() + 1);
    }
    expect(parseDate('01/01/2000')).toBe('2000-01-01');
  });
});

describe('parseTime', () => {
  it.each([
    ['08h15', '08:15'],
    ['8h15', '08:15'],
    ['8h', '08:00'],
    ['14 h 30', '14:30'],
    ['08:15', '08:15'],
    ['08:15:42', '08:15'],
    ['0h05', '00:05'],
    ['23:59', '23:59'],
    ['8:15 AM', '08:15'],
    ['8:15 PM', '20:15'],
    ['8:15 p.m.', '20:15'],
    ['8:15pm', '20:15'],
    ['12:00 AM', '00:00'],
    ['12:30 AM', '00:30'],
    ['12:00 PM', '12:00'],
    ['12:45 PM', '12:45'],
    ['11 PM', '23:00'],
  ])('%j → %s', (text, time) => {
    expect(parseTime(text)).toBe(time);
  });

  it.each([['24:00'], ['12:60'], ['13:00 PM'], ['0:30 AM'], ['8'], ['8:'], ['midi'], ['le 8h15']])(
    'refuses %j',
    (text) => {
      expect(() => parseTime(text)).toThrow(ParseError);
    },
  );
});

describe('parseDateTime', () => {
  it.each([
    ['05/03/2024 à 08h15', 'fr', '2024-03-05T08:15'],
    ['05/03/2024 08:15', 'fr', '2024-03-05T08:15'],
    ['05/03/2024 - 08h15', 'fr', '2024-03-05T08:15'],
    ['05/03/2024, 8h', 'fr', '2024-03-05T08:00'],
    ['5 mars 2024 à 8h05', 'fr', '2024-03-05T08:05'],
    ['mardi 5 mars 2024 à 14 h 30', 'fr', '2024-03-05T14:30'],
    ['05/03/24 23:59', 'fr', '2024-03-05T23:59'],
    ['2024-03-05T08:15', 'fr', '2024-03-05T08:15'],
    ['03/05/2024 8:15 AM', 'en', '2024-03-05T08:15'],
    ['03/05/2024 8:15 PM', 'en', '2024-03-05T20:15'],
    ['03/05/2024 12:05 AM', 'en', '2024-03-05T00:05'],
    ['03/05/2024 12:05 PM', 'en', '2024-03-05T12:05'],
    ['3/5/2024, 8:15 PM', 'en', '2024-03-05T20:15'],
    ['March 5, 2024 at 8:15 AM', 'en', '2024-03-05T08:15'],
    ['Mar 5, 2024 13:40', 'en', '2024-03-05T13:40'],
  ] as const)('%j (%s) → %s', (text, locale, iso) => {
    expect(parseDateTime(text, locale)).toBe(iso);
  });

  it('reads blanks as null', () => {
    expect(parseDateTime('', 'fr')).toBeNull();
    expect(parseDateTime('—', 'en')).toBeNull();
  });

  it.each([
    ['05/03/2024', 'fr'],
    ['31/02/2024 08h15', 'fr'],
    ['05/03/2024 25h00', 'fr'],
    ['05/03/2024 à', 'fr'],
    ['13/05/2024 8:15 AM', 'en'],
    ['03/05/2024 13:15 PM', 'en'],
    ['08h15', 'fr'],
  ] as const)('refuses %j (%s)', (text, locale) => {
    expect(() => parseDateTime(text, locale)).toThrow(ParseError);
  });
});

describe('parseDateOrDateTime', () => {
  it('keeps the time only when the page shows one', () => {
    expect(parseDateOrDateTime('05/03/2024', 'fr')).toBe('2024-03-05');
    expect(parseDateOrDateTime('05/03/2024 à 08h15', 'fr')).toBe('2024-03-05T08:15');
    expect(parseDateOrDateTime('03/05/2024 8:15 AM', 'en')).toBe('2024-03-05T08:15');
    expect(parseDateOrDateTime('', 'fr')).toBeNull();
    expect(() => parseDateOrDateTime('31/02/2024', 'fr')).toThrow('date illisible');
    expect(() => parseDateOrDateTime('05/03/2024 à 26h00', 'fr')).toThrow(ParseError);
  });
});

describe('parseTimeRange', () => {
  it.each([
    ['14h30 – 15h00', { start: '14:30', end: '15:00' }],
    ['14h30-15h00', { start: '14:30', end: '15:00' }],
    ['14h30 — 15h', { start: '14:30', end: '15:00' }],
    ['de 14h30 à 15h00', { start: '14:30', end: '15:00' }],
    ['9h à 9h30', { start: '09:00', end: '09:30' }],
    ['14:30 - 15:00', { start: '14:30', end: '15:00' }],
    ['2:30 PM - 3:00 PM', { start: '14:30', end: '15:00' }],
    ['11:30 AM to 12:15 PM', { start: '11:30', end: '12:15' }],
  ])('%j', (text, range) => {
    expect(parseTimeRange(text)).toEqual(range);
  });

  it('reads blanks as null and refuses the rest', () => {
    expect(parseTimeRange('')).toBeNull();
    expect(() => parseTimeRange('14h30')).toThrow(ParseError);
    expect(() => parseTimeRange('14h30 – 15h00 – 16h00')).toThrow(ParseError);
    expect(() => parseTimeRange('matin')).toThrow(ParseError);
    expect(() => parseTimeRange('14h30 – 25h00')).toThrow(ParseError);
  });
});

describe('parseTimeSpan', () => {
  it.each([
    ['14h30', { start: '14:30', end: null }],
    ['à 9h', { start: '09:00', end: null }],
    ['12:05 AM', { start: '00:05', end: null }],
    ['14h30 – 15h00', { start: '14:30', end: '15:00' }],
    ['de 8h à 8h30', { start: '08:00', end: '08:30' }],
    ['11:30 AM - 12:15 PM', { start: '11:30', end: '12:15' }],
  ])('%j', (text, span) => {
    expect(parseTimeSpan(text)).toEqual(span);
  });
  it('reads blanks as null and refuses the rest', () => {
    expect(parseTimeSpan('')).toBeNull();
    expect(parseTimeSpan('—')).toBeNull();
    expect(() => parseTimeSpan('matin')).toThrow(ParseError);
    expect(() => parseTimeSpan('25h00')).toThrow(ParseError);
    expect(() => parseTimeSpan('14h30 – 25h00')).toThrow(ParseError);
  });
});
