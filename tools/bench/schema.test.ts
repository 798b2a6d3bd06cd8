import { describe, expect, it } from 'vitest';
import { SCHEMA_HISTORY } from '../../storage/migrations';
import { currentSchema, DEXIE_VERSION_SCALE, storeSpec } from './schema';

describe('Dexie schema as IndexedDB stores', () => {
  it('reads primary keys, compound, unique and multi-entry indexes', () => {
    expect(storeSpec('records', 'id, [kind+date], &code, *tags')).toEqual({
      name: 'records',
      keyPath: 'id',
      autoIncrement: false,
      indexes: [
        { name: '[kind+date]', keyPath: ['kind', 'date'], unique: false, multiEntry: false },
        { name: 'code', keyPath: 'code', unique: true, multiEntry: false },
        { name: 'tags', keyPath: 'tags', unique: false, multiEntry: true },
      ],
    });
    expect(storeSpec('log', '++')).toMatchObject({ keyPath: null, autoIncrement: true });
    expect(storeSpec('log', '++id')).toMatchObject({ keyPath: 'id', autoIncrement: true });
  });

  it('gives the latest version of every store, at the IndexedDB version Dexie opens', () => {
    const { version, stores } = currentSchema();
    const latest = Math.max(...SCHEMA_HISTORY.map((entry) => entry.version));
    expect(version).toBe(latest * DEXIE_VERSION_SCALE);
    expect(stores.map((store) => store.name)).toContain('records');
    expect(stores.find((store) => store.name === 'records')?.keyPath).toBe('id');
  });
});
