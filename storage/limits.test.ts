import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeLimit, LIMITS, type LimitName } from './limits';

const README = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

describe('limits', () => {
  it('each has a reason', () => {
    for (const [name, limit] of Object.entries(LIMITS)) {
      expect(limit.reason.length, name).toBeGreaterThan(20);
      expect(limit.value, name).toBeGreaterThan(0);
    }
  });

  it('are all listed in the README’s privacy section, by name', () => {
    const privacy = README.slice(
      README.indexOf('## Privacy promise'),
      README.indexOf('## What `npm start` does'),
    );
    for (const name of Object.keys(LIMITS)) expect(privacy, name).toContain(`\`${name}\``);
  });

  it('are said as a person reads them', () => {
    const said = (name: LimitName) => describeLimit(name).replace(/\s/g, ' ');
    expect(said('pageBytes')).toBe('20 Mo');
    expect(said('archiveBytes')).toBe('4 Go');
    expect(said('pbkdf2MinIterations')).toBe('600 000');
    expect(describeLimit('fileBytes', 'en')).toBe('20 MB');
  });
});
