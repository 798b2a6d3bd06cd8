import { t } from '../lib/i18n';
import { PERSON_PARAM, goTo, withParams, type Route } from '../lib/route';
import type { Person } from '../storage/views/persons';

/**
 * Whose data every view shows, when the archive is about several people (a family account).
 * The choice is in the address, so it stays when moving between views.
 */
export function PersonSelector({ persons, route }: { persons: readonly Person[]; route: Route }) {
  if (persons.length < 2) return null;
  const selected = route.params.get(PERSON_PARAM) ?? '';
  return (
    <p class="person-selector">
      <label for="person-select">{t('personLabel')}</label>{' '}
      <select
        id="person-select"
        data-testid="person-select"
        value={selected}
        onChange={(event) => goTo(withParams(route, { [PERSON_PARAM]: event.currentTarget.value }))}
      >
        <option value="">{t('personEveryone')}</option>
        {persons.map((person) => (
          <option key={person.key} value={person.key}>
            {person.label}
          </option>
        ))}
      </select>
    </p>
  );
}
