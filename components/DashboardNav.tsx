import { t } from '../lib/i18n';
import { viewHref, type Route } from '../lib/route';
import { NAV_VIEWS } from './views/registry';

/** The views, as links: Tab moves between them, Enter opens one, the current one is announced. */
export function DashboardNav({ route, current }: { route: Route; current: string }) {
  return (
    <nav aria-label={t('navLabel')} class="views-nav">
      <ul>
        {NAV_VIEWS.map((view) => (
          <li key={view.id}>
            <a
              href={viewHref(route, view.id)}
              aria-current={view.id === current ? 'page' : undefined}
              data-testid={`nav-${view.id}`}
            >
              {t(view.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
