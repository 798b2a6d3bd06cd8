import { afterEach, describe, expect, it } from 'vitest';
import { setUiLanguage } from '../tests/unit/fake-i18n';
import { formatAgo, formatDayHeading, formatMonth, localToday, timeOf } from './dates';
import { saveNudge } from './retention';

afterEach(() => setUiLanguage('fr'));

const now = new Date('2026-11-28T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();

describe('save reminders', () => {
  it('reminds to save ameli once half of its six months of history have gone by', () => {
    expect(saveNudge('ameli', daysAgo(80), now)).toBeNull();
    expect(saveNudge('ameli', daysAgo(95), now)).toEqual({ days: 95, historyMonths: 6 });
  });

  it('reminds after three months where the history length is unknown, and when no save ever worked', () => {
    expect(saveNudge('labo', daysAgo(60), now)).toBeNull();
    expect(saveNudge('labo', daysAgo(100), now)).toEqual({ days: 100, historyMonths: null });
    expect(saveNudge('labo', null, now)).toEqual({ days: null, historyMonths: null });
  });
});

describe('dates', () => {
  it('writes days, months and ages in the interface language', () => {
    expect(formatDayHeading('2024-05-09')).toBe('jeudi 9 mai 2024');
    expect(formatMonth('2024-03')).toBe('mars 2024');
    expect(formatAgo(95)).toBe('il y a 3 mois');
    expect(timeOf('2024-03-05T08:12')).toBe('08:12');
    expect(timeOf('2024-03-05')).toBeNull();
    expect(localToday(new Date(2026, 10, 28, 23, 30))).toBe('2026-11-28');
    setUiLanguage('en');
    expect(formatDayHeading('2024-05-09')).toBe('Thursday, May 9, 2024');
    expect(formatAgo(1)).toBe('yesterday');
  });
});
