/**
 * The dashboard's address: `#/<view>?<params>`, e.g. `#/chronologie?type=lab-result&personne=…`.
 * Views and their filters live in the URL so that Back works, a reload keeps the screen, and a
 * test (or a person) can open a view directly.
 */
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  view: string;
  params: URLSearchParams;
}

/** The person selector's parameter: every view keeps it. */
export const PERSON_PARAM = 'personne';

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  return { view: decodeURIComponent(path), params: new URLSearchParams(query) };
}

export type ParamChanges = Record<string, string | null | undefined>;

export function routeHref(view: string, params: URLSearchParams | ParamChanges = {}): string {
  const search =
    params instanceof URLSearchParams
      ? new URLSearchParams(params)
      : new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => !!entry[1]));
  const query = search.toString();
  return `#/${view}${query ? `?${query}` : ''}`;
}

/** Another view, keeping the person selected. */
export function viewHref(route: Route, view: string, params: ParamChanges = {}): string {
  return routeHref(view, { [PERSON_PARAM]: route.params.get(PERSON_PARAM), ...params });
}

/** The same view with some parameters changed (`null` or `''` removes one). */
export function withParams(route: Route, changes: ParamChanges): string {
  const params = new URLSearchParams(route.params);
  for (const [name, value] of Object.entries(changes)) {
    if (value) params.set(name, value);
    else params.delete(name);
  }
  return routeHref(route.view, params);
}

const ROUTE_CHANGED = 'mdms-route';

/**
 * Goes to `href`. `replace` rewrites the current history entry instead of adding one: typing in a
 * search box should not make Back step through every letter.
 */
export function goTo(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) {
    history.replaceState(history.state, '', href);
    window.dispatchEvent(new Event(ROUTE_CHANGED));
  } else {
    location.hash = href;
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', update);
    window.addEventListener(ROUTE_CHANGED, update);
    return () => {
      window.removeEventListener('hashchange', update);
      window.removeEventListener(ROUTE_CHANGED, update);
    };
  }, []);
  return route;
}
