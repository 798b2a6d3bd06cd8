import { useEffect, useRef } from 'preact/hooks';
import { t, tCount } from '../lib/i18n';
import { PERSON_PARAM, useRoute } from '../lib/route';
import { useArchiveQuery } from './hooks/use-archive-query';
import type { MesDonneesDb } from '../storage/db';
import { totalRecords } from '../storage/stats';
import { listPersons } from '../storage/views/persons';
import { ArchiveSearch } from './ArchiveSearch';
import { DashboardNav } from './DashboardNav';
import { DocumentReading } from './documents/DocumentReading';
import { LoadState } from './LoadState';
import { PersonsContext } from './PersonName';
import { PersonSelector } from './PersonSelector';
import { viewFor } from './views/registry';

/**
 * The viewer's shell: title, archive size, person selector and navigation; the view named by the
 * address (`#/chronologie`…) fills `<main>`. Each view reads only what it shows, through the
 * query modules of storage/views.
 */
export function Dashboard({ db }: { db: MesDonneesDb }) {
  const route = useRoute();
  const count = useArchiveQuery(db, () => totalRecords(db), []);
  const persons = useArchiveQuery(db, () => listPersons(db), []);
  const view = viewFor(route.view);
  const people = persons.status === 'ready' ? persons.value : [];
  const selected = people.find((person) => person.key === route.params.get(PERSON_PARAM));
  const scope = selected ? selected.names : null;

  const firstView = useRef(true);
  useEffect(() => {
    document.title = `${t(view.label)} — ${t('dashTitle')}`;
    // Moving to another view moves the focus to its title, so a screen reader announces it.
    if (firstView.current) firstView.current = false;
    else document.getElementById('view-title')?.focus();
  }, [view.id]);

  return (
    <>
      {/* The first stop of the keyboard: past the header and the navigation, to the view. */}
      <a
        class="skip-link"
        // A same-page target, as assistive tools know skip links; the click never reaches the router.
        href="#contenu"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('view-title')?.focus();
        }}
      >
        {t('skipToContent')}
      </a>
      <header class="top">
        <h1>{t('dashTitle')}</h1>
        <p class="privacy">{t('privacyNote')}</p>
        {count.status === 'ready' && (
          <p data-testid="record-count" data-count={count.value}>
            {tCount('dashRecordCount', count.value)}
          </p>
        )}
        <PersonSelector persons={people} route={route} />
        <ArchiveSearch route={route} />
        <DocumentReading db={db} />
      </header>
      <DashboardNav route={route} current={view.id} />
      <main id="contenu" data-testid="view" data-view={view.id} data-person={selected?.key ?? ''}>
        {/* Views are drawn once the people are known: the Aperçu has a card per person, and a
            person in the address needs the list to resolve. */}
        {persons.status !== 'loading' ? (
          <PersonsContext.Provider value={people}>
            <view.Component db={db} route={route} scope={scope} persons={people} />
          </PersonsContext.Provider>
        ) : (
          <LoadState state={persons} />
        )}
      </main>
    </>
  );
}
