import { t } from '../../lib/i18n';
import { useArchiveQuery } from '../hooks/use-archive-query';
import type { Scraper } from '../../scrapers/contract';
import { scrapers } from '../../scrapers/registry';
import { sourcesHealth } from '../../storage/views/sources';
import { LoadState } from '../LoadState';
import { SourceCard } from '../sources/SourceCard';
import { SourcesTable } from '../sources/SourcesTable';
import type { ViewProps } from './view-props';

/**
 * Where a person starts on the portal, from its reader's first match pattern
 * (`https://www.mgen.fr/mon-espace-perso/*` → `https://www.mgen.fr/mon-espace-perso/`).
 */
export function portalHome(scraper: Scraper): string | null {
  const pattern = scraper.matches[0]?.replace(/\*.*$/, '') ?? '';
  return /^https:\/\/[^/*]+\//.test(pattern) ? pattern : null;
}

const HOMES = new Map(scrapers.map((scraper) => [scraper.id, portalHome(scraper)]));

/**
 * Every supported portal, saved or not: its reader's version, how its saves went, and what the
 * archive lacks from it. Saves read whole pages, so the person selector does not apply: the view
 * says so when someone is selected rather than quietly showing the same thing.
 */
export function SourcesView({ db, route, scope }: ViewProps) {
  const health = useArchiveQuery(db, () => sourcesHealth(db, scrapers), [db]);
  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title" tabIndex={-1}>
        {t('navSources')}
      </h2>
      <p>{t('sourcesIntro')}</p>
      {scope !== null && (
        <p class="muted" data-testid="sources-all-persons">
          {t('sourcesAllPersons')}
        </p>
      )}
      <LoadState state={health} />
      {health.status === 'ready' && (
        <>
          <SourcesTable sources={health.value} />
          <div class="source-cards">
            {health.value.map((entry) => (
              <SourceCard
                key={entry.source}
                health={entry}
                route={route}
                home={HOMES.get(entry.source) ?? null}
              />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
