import { t } from '../../lib/i18n';
import { PERSON_PARAM, withParams, type Route } from '../../lib/route';
import type { Person, PersonScope } from '../../storage/views/persons';

/** The one person a view is about: the one chosen, or the only one of the archive. */
export function onePerson(scope: PersonScope, persons: readonly Person[]): Person | undefined {
  if (scope === null) return persons.length === 1 ? persons[0] : undefined;
  return persons.find((person) => person.names.some((name) => scope.includes(name)));
}

/**
 * For a view about one person (a summary, a share) when several are in the archive: who it is
 * for, each person a link to the view for them; or that the archive names nobody yet.
 */
export function ChoosePerson({
  route,
  persons,
  prompt,
  testId,
}: {
  route: Route;
  persons: readonly Person[];
  prompt: string;
  testId: string;
}) {
  if (persons.length === 0) return <p>{t('summaryNobody')}</p>;
  return (
    <>
      <p>{prompt}</p>
      <ul data-testid={testId}>
        {persons.map((person) => (
          <li key={person.key}>
            <a href={withParams(route, { [PERSON_PARAM]: person.key })}>{person.label}</a>
          </li>
        ))}
      </ul>
    </>
  );
}
