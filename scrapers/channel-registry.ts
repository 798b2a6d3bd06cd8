/**
 * The portals that declare in-session requests, one line each (their `scrapers/<id>/channels.ts`).
 * The consistency test fails when a scraper that says it has some (`scopes`) is missing here, or
 * has no `entrypoints/<id>-channels.content.ts` to load them into its pages.
 */
import ameli from './ameli/channels';
import mgen from './mgen/channels';
import type { PortalChannels } from './channels';
import espaceSante from './espace-sante/channels';
import mychart from './mychart/channels';

export const portalChannels: readonly Readonly<PortalChannels>[] = [ameli, mgen, mychart, espaceSante];

/** The in-session requests of the portal `id`, or null. */
export function channelsById(id: string): Readonly<PortalChannels> | null {
  return portalChannels.find((channels) => channels.id === id) ?? null;
}
