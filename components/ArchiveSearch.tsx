import { useState } from 'preact/hooks';
import { t } from '../lib/i18n';
import { goTo, viewHref, type Route } from '../lib/route';

/**
 * « Rechercher dans mes données », from every view: the words are looked for in the timeline,
 * which searches every record's text (its filters then narrow it).
 */
export function ArchiveSearch({ route }: { route: Route }) {
  const [text, setText] = useState(route.view === 'chronologie' ? (route.params.get('q') ?? '') : '');
  return (
    <form
      role="search"
      class="archive-search"
      data-testid="archive-search"
      onSubmit={(event) => {
        event.preventDefault();
        const words = text.trim();
        if (words) goTo(viewHref(route, 'chronologie', { q: words }));
      }}
    >
      <label for="archive-search-text">{t('searchLabel')}</label>{' '}
      <input
        id="archive-search-text"
        type="search"
        value={text}
        maxLength={200}
        onInput={(event) => setText(event.currentTarget.value)}
      />{' '}
      <button type="submit">{t('searchButton')}</button>
    </form>
  );
}
