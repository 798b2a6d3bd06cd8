import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { handleMessage } from '../lib/background-handlers';
import { getDb } from '../storage/db';

export default defineBackground(() => {
  browser.runtime.onMessage.addListener((message, sender) => handleMessage(getDb(), message, sender));
});
