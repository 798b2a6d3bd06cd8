/** The views' registry stays consistent with the files and the catalogues. */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import en from '../../public/_locales/en/messages.json';
import fr from '../../public/_locales/fr/messages.json';
import { VIEWS, viewFor } from './registry';

const folder = dirname(fileURLToPath(import.meta.url));

describe('views registry', () => {
  it('registers every view file once, under a unique address, with a title in both languages', () => {
    const files = readdirSync(folder).filter((file) => /^[A-Z]\w*View\.tsx$/.test(file));
    const registered = VIEWS.map((view) => `${view.Component.name}.tsx`);
    expect([...registered].sort()).toEqual([...files].sort());
    expect(new Set(VIEWS.map((view) => view.id)).size).toBe(VIEWS.length);
    for (const view of VIEWS) {
      expect(fr, view.id).toHaveProperty(view.label);
      expect(en, view.id).toHaveProperty(view.label);
    }
  });

  it('opens the overview for an empty or unknown address', () => {
    expect(viewFor('').id).toBe('apercu');
    expect(viewFor('inconnue').id).toBe('apercu');
    expect(viewFor('depenses').id).toBe('depenses');
  });
});
