// The mgen portal's content script: on its hosts only, with its scraper only.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { runOnPortalPage } from '../content/portal-content';
import portal from '../scrapers/mgen';

export default defineContentScript({
  // Not in the manifest: the background injects it into the portal's pages once they have loaded
  // (background/portal-injection.ts). Its matches become the extension's host permissions.
  registration: 'runtime',
  matches: [...portal.matches],
  main: (ctx) => runOnPortalPage(ctx, [portal]),
});
