import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { handleMessage } from '../lib/background-handlers';
import { watchPortalTabs } from '../lib/portal-injection';
import { scrapers } from '../scrapers/registry';
import { getDb } from '../storage/db';

export default defineBackground(() => {
  browser.runtime.onMessage.addListener((message, sender) => handleMessage(getDb(), message, sender));
  watchPortalTabs(browser, scrapers);
});
