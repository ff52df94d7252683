import { afterAll } from 'vitest';

const cleanups: (() => unknown)[] = [];

/**
 * Stops or removes, after the test file's last test, something a hook or a test started.
 * Vitest runs only the afterAll hooks registered while it collects a file: one registered from
 * inside a beforeAll or a test is silently dropped. The one below is registered when the test
 * file imports this module, which is while vitest collects it.
 */
export function afterFile(cleanup: () => unknown): void {
  cleanups.push(cleanup);
}

afterAll(async () => {
  const errors: unknown[] = [];
  // Last started, first stopped: the browser before the server, the server before its database.
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, 'cleaning up after the test file');
});
