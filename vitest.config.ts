import { configDefaults, defineConfig } from 'vitest/config';

// Tests that start Chromium or the real CLI do in one test what takes a person minutes; on a
// busy machine they need far longer than the rest, which keep a tight limit to catch hangs.
const BROWSER_TESTS = ['test/browser/**/*.test.ts'];
const CLI_TESTS = ['test/cli.test.ts'];
// The embedded database's own machinery (its seeded image, backup, the data folder's lock,
// crashes), and a real process's memory while it takes a large upload: PGlite whatever
// TEST_DATABASE_URL says, so CI runs them once.
const EMBEDDED_TESTS = [
  'test/streamed-uploads.test.ts',
  'test/seed-image.test.ts',
  'test/seed-image-wal.test.ts',
  'test/backup.test.ts',
  'test/crash.test.ts',
  'test/data-lock.test.ts',
];
const PROCESS_LIMITS = { testTimeout: 300_000, hookTimeout: 300_000 };
// Several portal processes on one PostgreSQL (a load balancer, a streaming replica, shared
// rate limits): only with a PostgreSQL server to share, so only when TEST_DATABASE_URL is set.
const SCALE_OUT_TESTS = ['test/scale-out/**/*.test.ts'];
const scaleOut = process.env.TEST_DATABASE_URL
  ? [{ test: { name: 'scale-out', include: SCALE_OUT_TESTS, ...PROCESS_LIMITS } }]
  : [];

export default defineConfig({
  test: {
    // Runs once, for the root project; the projects below receive what it provides.
    globalSetup: ['test/global-setup.ts'],
    // Browser tests start Chromium and a server each; two files at once suit a 2-core CI.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit-and-http',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
          exclude: [
            ...configDefaults.exclude,
            ...BROWSER_TESTS,
            ...CLI_TESTS,
            ...EMBEDDED_TESTS,
            ...SCALE_OUT_TESTS,
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'embedded',
          include: EMBEDDED_TESTS,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      { test: { name: 'cli', include: CLI_TESTS, ...PROCESS_LIMITS } },
      {
        test: {
          // CI runs these on the embedded database only (docs/adr/0019-browser-journeys-on-one-database.md).
          name: 'browser',
          include: BROWSER_TESTS,
          ...PROCESS_LIMITS,
          // What a page does after a click or a keystroke (suggestions, autosave) may take
          // seconds there, not the one second expect.poll waits by default.
          expect: { poll: { timeout: 30_000 } },
        },
      },
      ...scaleOut,
    ],
  },
});
