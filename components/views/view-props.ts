import type { Route } from '../../lib/route';
import type { MesDonneesDb } from '../../storage/db';
import type { Person, PersonScope } from '../../storage/views/persons';

/** What every view is given by the dashboard shell. */
export interface ViewProps {
  db: MesDonneesDb;
  route: Route;
  /** The person selected, as every spelling of their name; `null` for everyone. */
  scope: PersonScope;
  persons: readonly Person[];
}
