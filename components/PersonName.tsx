import { createContext } from 'preact';
import { useContext, useMemo } from 'preact/hooks';
import { personKey, type Person } from '../storage/views/persons';

/**
 * The people of the archive, given by the dashboard to every view: portals write one person's
 * name in several ways (« Claire DUPONT », « DUPONT Claire »), and the dashboard writes it one way
 * everywhere, the way the person selector shows it.
 */
export const PersonsContext = createContext<readonly Person[]>([]);

/** How the dashboard writes `name`: its person's label, or the name itself if nobody has it. */
export function personLabelOf(persons: readonly Person[], name: string | null): string {
  if (name === null) return '—';
  const key = personKey(name);
  return persons.find((person) => person.key === key)?.label ?? name;
}

/** `(name) => label` for the people of the archive; one lookup table per list of people. */
export function usePersonLabel(): (name: string | null) => string {
  const persons = useContext(PersonsContext);
  return useMemo(() => {
    const labels = new Map(persons.flatMap((person) => person.names.map((name) => [name, person.label])));
    return (name: string | null) =>
      name === null ? '—' : (labels.get(name) ?? personLabelOf(persons, name));
  }, [persons]);
}

/** A person's name, written as the dashboard writes it. */
export function PersonName({ name }: { name: string | null }) {
  return <>{usePersonLabel()(name)}</>;
}
