import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

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
    // evict the archive under storage pressure.
    permissions: ['unlimitedStorage'],
    action: { default_title: '__MSG_extName__' },
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
