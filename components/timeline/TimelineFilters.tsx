import { useEffect, useState } from 'preact/hooks';
import { t } from '../../lib/i18n';
import { portalLabel } from '../../lib/portal-label';
import { kindLabel } from '../../lib/record-summary';
import { goTo, withParams, type Route } from '../../lib/route';
import { RECORD_KINDS } from '../../storage/schemas';
import { FILTER_PARAMS, hasFilters } from './timeline-filter';

/** Typing pauses this long before the timeline is searched again. */
const SEARCH_DELAY_MS = 300;

/**
 * The timeline's filters. Each change rewrites the address (without a new history entry), and the
 * timeline follows the address.
 */
export function TimelineFilters({ route, sources }: { route: Route; sources: readonly string[] }) {
  const set = (name: string, value: string) => goTo(withParams(route, { [name]: value }), { replace: true });
  const query = route.params.get('q') ?? '';
  const [text, setText] = useState(query);
  useEffect(() => setText(query), [query]);
  useEffect(() => {
    if (text === query) return;
    const timer = setTimeout(() => set('q', text), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <form
      class="filters"
      role="search"
      aria-label={t('filtersLabel')}
      onSubmit={(event) => event.preventDefault()}
    >
      <p>
        <label for="filter-kind">{t('colKind')}</label>
        <select
          id="filter-kind"
          data-testid="filter-kind"
          value={route.params.get('type') ?? ''}
          onChange={(e) => set('type', e.currentTarget.value)}
        >
          <option value="">{t('filterAllKinds')}</option>
          {RECORD_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kindLabel(kind)}
            </option>
          ))}
        </select>
      </p>
      <p>
        <label for="filter-source">{t('colSource')}</label>
        <select
          id="filter-source"
          data-testid="filter-source"
          value={route.params.get('portail') ?? ''}
          onChange={(e) => set('portail', e.currentTarget.value)}
        >
          <option value="">{t('filterAllSources')}</option>
          {sources.map((source) => (
            <option key={source} value={source}>
              {portalLabel(source)}
            </option>
          ))}
        </select>
      </p>
      <p>
        <label for="filter-from">{t('filterFrom')}</label>
        <input
          id="filter-from"
          data-testid="filter-from"
          type="date"
          value={route.params.get('du') ?? ''}
          onChange={(e) => set('du', e.currentTarget.value)}
        />
      </p>
      <p>
        <label for="filter-to">{t('filterTo')}</label>
        <input
          id="filter-to"
          data-testid="filter-to"
          type="date"
          value={route.params.get('au') ?? ''}
          onChange={(e) => set('au', e.currentTarget.value)}
        />
      </p>
      <p class="search">
        <label for="filter-text">{t('filterSearch')}</label>
        <input
          id="filter-text"
          data-testid="filter-text"
          type="search"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </p>
      {hasFilters(route) && (
        <p>
          <button
            type="button"
            class="more"
            onClick={() =>
              goTo(withParams(route, Object.fromEntries(FILTER_PARAMS.map((name) => [name, null]))), {
                replace: true,
              })
            }
          >
            {t('filterClear')}
          </button>
        </p>
      )}
    </form>
  );
}
