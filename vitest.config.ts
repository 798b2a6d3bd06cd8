import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';

// Unit tests: scrapers, helpers, storage and components, in happy-dom with an in-memory
// IndexedDB and WXT's fake browser. Browser (e2e) tests have their own config.
export default defineConfig({
  // WxtVitest does not apply the `vite` option of wxt.config.ts, so Preact is added again here.
  plugins: [WxtVitest(), preact()],
  // A worktree's node_modules may be a link to another checkout's install, and Vite serves only
  // files under the project: without this the setup files (fake-indexeddb) are refused.
  server: {
    fs: { allow: [import.meta.dirname, realpathSync(join(import.meta.dirname, 'node_modules'))] },
  },
  test: {
    environment: 'happy-dom',
    setupFiles: ['fake-indexeddb/auto', './tests/unit/fake-i18n.ts'],
    include: ['**/*.test.{ts,tsx}'],
    exclude: ['node_modules/**', '.output/**', '.tmp/**', 'tests/e2e/**'],
    restoreMocks: true,
  },
});
