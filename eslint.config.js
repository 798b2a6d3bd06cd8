// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const pageGlobals = [
  'document',
  'window',
  'location',
  'navigator',
  'browser',
  'chrome',
  'fetch',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'XMLHttpRequest',
  // The same globals reached another way: `globalThis.document`, `self.location`.
  'globalThis',
  'self',
].map((name) => ({
  name,
  message:
    'A scraper is a pure function of (doc, url): read the `doc` it is given, and get anything else through `ctx`.',
}));

export default tseslint.config(
  {
    ignores: [
      '.output/**',
      '.wxt/**',
      '.tmp/**',
      'node_modules/**',
      'demo/portals/**',
      'coverage/**',
      'bench-results/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        // Browser and Node globals used by entrypoints, components, tools and tests.
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        navigator: 'readonly',
        console: 'readonly',
        process: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-undef': 'off', // TypeScript checks names better than this rule can.
    },
  },
  {
    // Scrapers run unchanged in the content script, under vitest and in the Node CLI.
    files: ['scrapers/**/*.ts'],
    ignores: ['scrapers/**/*.test.ts', 'scrapers/fixtures.ts'],
    rules: {
      'no-restricted-globals': ['error', ...pageGlobals],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              // WXT's auto-import module re-exports `browser` and `storage`. A `paths` entry, as a
              // leading `#` starts a comment in the gitignore-style `patterns` below.
              name: '#imports',
              message: 'Scrapers never reach the browser APIs or the database.',
            },
          ],
          patterns: [
            {
              group: ['wxt', 'wxt/*', 'webextension-polyfill', 'dexie', 'dexie/*'],
              message: 'Scrapers never reach the browser APIs or the database.',
            },
            {
              group: ['**/storage/db', '**/storage/save-capture'],
              message: 'Scrapers never write storage: the runner hands records on.',
            },
          ],
        },
      ],
    },
  },
  {
    // Code under content/ runs in a portal page's content script: the page's DOM and the person's
    // session, never the database (the background stores what the page sends it).
    files: ['content/**/*.{ts,tsx}'],
    ignores: ['content/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['dexie', 'dexie/*', '**/storage/db', '**/storage/save-capture', '**/background/*'],
              message:
                'content/ runs in the portal page: it reaches the database only through messages to the background.',
            },
          ],
        },
      ],
    },
  },
  {
    // Code under background/ runs in the extension's service worker: no page, no DOM.
    files: ['background/**/*.ts'],
    ignores: ['background/**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['document', 'window', 'localStorage', 'sessionStorage', 'XMLHttpRequest', 'DOMParser'].map(
          (name) => ({
            name,
            message: 'background/ runs in the service worker, which has no page and no DOM.',
          }),
        ),
      ],
    },
  },
);
