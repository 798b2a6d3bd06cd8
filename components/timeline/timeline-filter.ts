/** The timeline's filters as they stand in the address (`type`, `portail`, `du`, `au`, `q`). */
import type { Route } from '../../lib/route';
import { RECORD_KINDS, type RecordKind } from '../../storage/schemas';
import type { PersonScope } from '../../storage/views/persons';
import type { RecordFilter } from '../../storage/views/timeline';

export const FILTER_PARAMS = ['type', 'portail', 'du', 'au', 'q'] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function filterFromRoute(route: Route, scope: PersonScope): RecordFilter {
  const { params } = route;
  const kind = params.get('type');
  const source = params.get('portail');
  const from = params.get('du');
  const to = params.get('au');
  return {
    kinds: kind && (RECORD_KINDS as readonly string[]).includes(kind) ? [kind as RecordKind] : [],
    sources: source ? [source] : [],
    persons: scope,
    from: from && DAY.test(from) ? from : null,
    to: to && DAY.test(to) ? to : null,
    text: params.get('q')?.trim() || null,
  };
}

export function hasFilters(route: Route): boolean {
  return FILTER_PARAMS.some((name) => route.params.get(name));
}
