import { defineConfig } from 'vitest/config';

// Browser tests: each file drives one Chromium with the built extension (.output/chrome-mv3,
// built by `npm run test:e2e`) against the demo server. One browser at a time: they are heavy,
// and the tests inside a file build on the records saved by the previous ones.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    maxWorkers: 1,
    sequence: { concurrent: false, shuffle: false },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 120_000,
  },
});
