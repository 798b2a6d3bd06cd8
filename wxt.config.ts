import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

const EXTENSION_PAGES_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  // Opened document files are blob: URLs of the extension itself.
  "img-src 'self' blob: data:",
].join('; ');

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader sees where `browser` or `defineBackground` come from.
  imports: false,
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'fr',
    // IndexedDB holds years of records and document files: without this the browser may
    // evict the archive under storage pressure. `activeTab` + `scripting`: on a page no portal
    // reader knows, the popup reads its tables when the person asks, in that tab only and only
    // after their click on the toolbar button; no host permission is needed for it.
    permissions: ['unlimitedStorage', 'activeTab', 'scripting'],
    action: { default_title: '__MSG_extName__' },
    // The extension's own pages load nothing but the extension's own files: no remote code, no
    // inline script, no plugin, no framing, no form posted anywhere.
    content_security_policy:
      browser === 'firefox' ? EXTENSION_PAGES_CSP : { extension_pages: EXTENSION_PAGES_CSP },
    // Firefox keeps an extension's IndexedDB across restarts only under a stable id.
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: { id: 'mes-donnees-sante@selfdata.example', strict_min_version: '115.0' },
      },
    }),
  }),
  vite: () => ({
    plugins: [preact()],
  }),
});
