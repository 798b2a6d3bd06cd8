// The mgen portal's content script: on its hosts only, with its scraper only.
import { defineContentScript } from 'wxt/utils/define-content-script';
import { runOnPortalPage } from '../lib/portal-content';
import portal from '../scrapers/mgen';

export default defineContentScript({
  matches: [...portal.matches],
  runAt: 'document_idle',
  main: (ctx) => runOnPortalPage(ctx, [portal]),
});
