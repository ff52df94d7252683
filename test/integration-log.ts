import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { loadConfig } from '../src/config.js';
import { createModules } from '../src/app.js';
import { systemClock } from '../src/platform/clock.js';
import { createBaseApp, type App } from '../src/platform/http.js';
import { webPages } from '../src/web/pages.js';
import { MessageLog } from '../src/modules/integration/message-log.js';
import { registerMessageLog } from '../src/modules/integration/message-log-http.js';
import { messageLogRoutes } from '../src/modules/integration/message-log-routes.js';
import { afterFile } from './cleanup.js';
import { openTestDatabase, TEST_SERVER_SECRET } from './helpers.js';

/** Who the tests' requests say they are: the connected systems' authentication stands in. */
export const TEST_CLIENT_HEADER = 'x-test-client';

/**
 * The portal's platform, identity (sessions and the authorization hook) and the message log
 * with its administrators' routes, on a fresh database; `routes` adds what a test calls under
 * /api/v1/integration/ and `before` hooks that answer ahead of the log's own. Built by hand rather than by createApp, so as not to depend on how
 * the integration module is wired.
 */
export async function messageLogPortal(
  options: {
    publicUrl?: string;
    /** Hooks that run before the message log's (the rate limiter's are there). */
    before?: (app: App) => unknown;
    routes?: (app: App) => unknown;
  } = {},
) {
  const { db, url } = await openTestDatabase();
  const files = await mkdtemp(join(tmpdir(), 'motcua-files-'));
  afterFile(() => rm(files, { recursive: true, force: true }));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    FILES_DIR: files,
    PUBLIC_URL: options.publicUrl ?? 'http://localhost',
    SERVER_SECRET: TEST_SERVER_SECRET,
  });
  const modules = await createModules(db, systemClock, config);
  const app = await createBaseApp({
    config,
    db,
    changes: modules.changes,
    web: webPages,
    logger: false,
  });
  await modules.identity.routes(app);
  await options.before?.(app);
  const log = new MessageLog(db, systemClock, {
    retentionDays: config.INTEGRATION_LOG_RETENTION_DAYS,
  });
  registerMessageLog(app, log, {
    clientOf: (request: FastifyRequest) => {
      const said = request.headers[TEST_CLIENT_HEADER];
      return typeof said === 'string' ? said : null;
    },
  });
  await messageLogRoutes(app, { log });
  await options.routes?.(app);
  await app.ready();
  afterFile(() => app.close());
  return { app, db, url, log, config };
}
