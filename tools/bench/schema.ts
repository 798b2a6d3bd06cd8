/**
 * The extension's database schema (storage/migrations.ts) as plain IndexedDB store specs, so the
 * bench can create the database exactly as Dexie would, and give the baseline the same indexes.
 */
import { SCHEMA_HISTORY } from '../../storage/migrations';
import type { StoreSpec } from './in-page-idb';

/** Dexie opens version `v` of a schema as IndexedDB version `v × 10`. */
export const DEXIE_VERSION_SCALE = 10;

/** One Dexie key spec: `id`, `++id`, `&email`, `*tags`, `[kind+date]`. */
function parseKey(spec: string): {
  name: string;
  keyPath: string | string[];
  unique: boolean;
  multiEntry: boolean;
  autoIncrement: boolean;
} {
  const autoIncrement = spec.startsWith('++');
  const unique = spec.startsWith('&');
  const multiEntry = spec.startsWith('*');
  const name = spec.replace(/^(\+\+|&|\*)/, '');
  const keyPath = name.startsWith('[') ? name.slice(1, -1).split('+') : name;
  return { name, keyPath, unique, multiEntry, autoIncrement };
}

export function storeSpec(name: string, spec: string): StoreSpec {
  const [primary = '', ...indexes] = spec.split(',').map((part) => part.trim());
  const key = parseKey(primary);
  return {
    name,
    // Dexie's outbound keys (`++` alone, or an empty spec) have no key path.
    keyPath: key.name === '' ? null : key.keyPath,
    autoIncrement: key.autoIncrement,
    indexes: indexes
      .filter((index) => index !== '')
      .map((index) => {
        const { name: indexName, keyPath, unique, multiEntry } = parseKey(index);
        return { name: indexName, keyPath, unique, multiEntry };
      }),
  };
}

/** The schema after every version of the history: the latest spec of each store still there. */
export function currentSchema(): { version: number; stores: StoreSpec[] } {
  const stores = new Map<string, string>();
  let version = 0;
  for (const entry of SCHEMA_HISTORY) {
    version = Math.max(version, entry.version);
    for (const [name, spec] of Object.entries(entry.stores)) {
      if (spec === null) stores.delete(name);
      else stores.set(name, spec);
    }
  }
  return {
    version: version * DEXIE_VERSION_SCALE,
    stores: [...stores].map(([name, spec]) => storeSpec(name, spec)),
  };
}
