import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import { ConfigError, startupWarnings, type Config } from './config.js';
import { createApp, createModules, seedModules } from './app.js';
import { shareAcrossProcesses } from './cross-process.js';
import { openBroadcast } from './platform/broadcast.js';
import { systemClock } from './platform/clock.js';
import type { Database } from './platform/db.js';
import { startJobs } from './platform/jobs.js';

/*
 * The two roles a long-running process plays (docs/scaling.md): `serve`, the portal's pages
 * and API (and, on the embedded database, its jobs), and `worker`, the jobs alone; and how
 * each stops: drained, what is under way finished, then the database closed.
 */

/** `--role serve|worker` after the command (`npm start -- --role worker`), else ROLE. */
export function roleOf(config: Config): 'serve' | 'worker' {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: { role: { type: 'string' } },
    strict: false,
  });
  const role = values.role ?? config.ROLE;
  if (role !== 'serve' && role !== 'worker') {
    throw new ConfigError([`--role: serve or worker (got ${JSON.stringify(role)})`]);
  }
  return role;
}

/** Background jobs only, on PostgreSQL, beside any number of `serve` processes. */
export async function work(config: Config, db: Database, log: Logger) {
  const modules = await createModules(db, systemClock, config);
  // What the jobs change (the catalog's versions taking effect, accounts, messages) is told
  // to the web processes, which keep it in memory.
  const broadcast = await openBroadcast(
    { redisUrl: config.REDIS_URL, databaseUrl: config.DATABASE_URL },
    log,
  );
  shareAcrossProcesses(modules, broadcast);
  const boss = await startJobs(db, config.DATABASE_URL, modules.jobs, (msg, err) =>
    log.error({ err }, msg),
  );
  log.info({ jobs: modules.jobs.map((j) => j.name) }, 'worker started');
  shutdownOn(log, stopWithin(config), async () => {
    await boss.stop({ graceful: true, wait: true, timeout: stopWithin(config) });
    await broadcast.close();
    await db.close();
  });
}

/** The portal: pages, the API and (on the embedded database) the jobs, until stopped. */
export async function serve(
  config: Config,
  db: Database,
  options: { jobsInProcess: boolean; fromImage: boolean },
) {
  const { app, modules } = await createApp({ config, db });
  if (options.fromImage) {
    app.log.info('database made from the seeded image (migrated and seeded at install)');
    // Made days ago maybe: versions that took effect since then start now, as a seed's would.
    await modules.catalog.service.activateDueVersions();
  }
  if (config.SEED_ON_START) {
    // Each seed adds only what is missing: after the image, the demo officers, little else.
    for (const line of await seedModules(modules, { demoAccounts: true })) app.log.info(line);
  }
  for (const warning of startupWarnings(config)) app.log.warn(warning);
  await app.listen({ port: config.PORT, host: config.HOST });
  // The address to open: pages asked for at any other host are sent there.
  app.log.info(`Một Cửa is ready: open ${config.PUBLIC_URL}`);
  void modules.catalog.warm();
  void modules.feedback.warm();
  // The index's figures catch up with what was filed while the portal was stopped (or
  // seeded), where the jobs run (one ingest at a time: docs/monitoring.md).
  if (options.jobsInProcess) {
    void modules.monitoring
      .ingest()
      .catch((error: unknown) => app.log.error({ err: error }, 'monitoring'));
  }
  // The job queue starts once people can be served: nobody's request waits for its setup.
  // Should it fail, the portal stops as it would have at start.
  const boss = options.jobsInProcess
    ? startJobs(db, config.DATABASE_URL, modules.jobs, (msg, err) => app.log.error({ err }, msg))
    : null;
  boss?.catch((error: unknown) => {
    app.log.error({ err: error }, 'the background jobs did not start: stopping');
    process.kill(process.pid, 'SIGTERM');
  });
  const drainMs = config.DRAIN_SECONDS * 1000;
  shutdownOn(app.log, drainMs + stopWithin(config), async () => {
    // The load balancer sees /readyz fail and stops sending; what it sent meanwhile is served.
    app.startDraining();
    if (drainMs > 0) await new Promise((resolve) => setTimeout(resolve, drainMs));
    await app.close();
    const jobs = await boss?.catch(() => null);
    await jobs?.stop({ graceful: true, wait: true, timeout: stopWithin(config) });
    await db.close();
  });
}

/** What a stopping process has to finish its requests and jobs in. */
const stopWithin = (config: Config) => config.SHUTDOWN_TIMEOUT_SECONDS * 1000;

/**
 * On Ctrl+C or SIGTERM: `stop` drains, finishes what runs and closes the database (which
 * gives up the data folder's lock) before the process exits. If that takes longer than
 * `withinMs` (and a few seconds for the database), the process exits anyway, with the lock
 * still there: the next start finds its holder dead and takes it over.
 */
function shutdownOn(
  log: Pick<Logger, 'info' | 'error'>,
  withinMs: number,
  stop: () => Promise<void>,
) {
  const limitMs = withinMs + CLOSING_MS;
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info(`${signal}: stopping (draining, requests in progress, jobs, then the database)`);
      setTimeout(() => {
        log.error(`not stopped after ${limitMs / 1000} s: exiting anyway`);
        process.exit(1);
      }, limitMs).unref();
      stop().then(
        () => {
          log.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          log.error({ err: error }, 'stopping failed');
          process.exit(1);
        },
      );
    });
  }
}

/** Beyond the requests' and jobs' time: closing the pool and the database. */
const CLOSING_MS = 5_000;
