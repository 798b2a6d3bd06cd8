import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import preact from '@preact/preset-vite';

// Unit tests: scrapers, helpers, storage and components, in happy-dom with an in-memory
// IndexedDB and WXT's fake browser. Browser (e2e) tests have their own config.
export default defineConfig({
  // WxtVitest does not apply the `vite` option of wxt.config.ts, so Preact is added again here.
  plugins: [WxtVitest(), preact()],
  test: {
    environment: 'happy-dom',
    setupFiles: ['fake-indexeddb/auto', './tests/unit/fake-i18n.ts'],
    include: ['**/*.test.{ts,tsx}'],
    exclude: ['node_modules/**', '.output/**', '.tmp/**', 'tests/e2e/**'],
    restoreMocks: true,
  },
});
