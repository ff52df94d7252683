import { configDefaults, defineConfig } from 'vitest/config';

// Tests that start Chromium or the real CLI do in one test what takes a person minutes; on a
// busy machine they need far longer than the rest, which keep a tight limit to catch hangs.
const PROCESS_TESTS = ['test/browser/**/*.test.ts', 'test/cli.test.ts'];

export default defineConfig({
  test: {
    // Runs once, for the root project; both projects below receive what it provides.
    globalSetup: ['test/global-setup.ts'],
    // Browser tests start Chromium and a server each; two files at once suit a 2-core CI.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit-and-http',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...PROCESS_TESTS],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser-and-cli',
          include: PROCESS_TESTS,
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // What a page does after a click or a keystroke (suggestions, autosave) may take
          // seconds there, not the one second expect.poll waits by default.
          expect: { poll: { timeout: 30_000 } },
        },
      },
    ],
  },
});
