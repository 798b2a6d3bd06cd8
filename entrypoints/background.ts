import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { handleMessage } from '../background/background-handlers';
import { watchPortalTabs } from '../background/portal-injection';
import { scrapers } from '../scrapers/registry';
import { getDb } from '../storage/db';

export default defineBackground(() => {
  browser.runtime.onMessage.addListener((message, sender) => handleMessage(getDb(), message, sender));
  watchPortalTabs(browser, scrapers);
});
