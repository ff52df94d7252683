import type { Config } from './config.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { Database } from './platform/db.js';
import { createBaseApp } from './platform/http.js';
import { createCatalogModule } from './modules/catalog/index.js';
import { createIdentityModule } from './modules/identity/index.js';

export interface AppDependencies {
  config: Config;
  db: Database;
  clock?: Clock;
  logger?: boolean;
}

/** The modules of the portal, wired to one database. */
export function createModules(db: Database, clock: Clock, config: Config) {
  const catalog = createCatalogModule(db, clock);
  const identity = createIdentityModule(db, clock, config);
  return { catalog, identity, jobs: [...catalog.jobs] };
}

export async function createApp({ config, db, clock = systemClock, logger }: AppDependencies) {
  const modules = createModules(db, clock, config);
  const app = await createBaseApp({ config, db, ...(logger === undefined ? {} : { logger }) });
  await modules.identity.routes(app);
  modules.catalog.routes(app);
  await app.ready();
  return { app, modules };
}
