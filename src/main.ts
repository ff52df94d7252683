import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { ConfigError, developmentStandIns, loadConfig, type Config } from './config.js';
import { createApp, createModules, seedModules } from './app.js';
import { openDatabase, type Database } from './platform/db.js';
import { systemClock } from './platform/clock.js';
import { migrate } from './platform/migrations.js';
import { startJobs } from './platform/jobs.js';
import { createLocalAccount, type LocalAccountKind } from './modules/identity/index.js';

const USAGE = `Usage: tsx src/main.ts <command>

Commands:
  serve     start the web portal (and, on the embedded database, the background jobs)
  worker    run background jobs only (needs DATABASE_URL: PostgreSQL)
  migrate   apply pending database migrations
  seed      load the real catalog into an empty database
  create-account --kind system_admin|catalog_admin|officer --email E --name N
            create a portal account and print its first password`;

function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase(
    config.DATABASE_URL
      ? { url: config.DATABASE_URL }
      : { dataDir: resolve(config.DATA_DIR, 'pgdata') },
  );
}

async function main(command: string | undefined) {
  const config = loadConfig();
  const log = pino({ level: config.LOG_LEVEL });
  const db = await openConfiguredDatabase(config);
  const jobsInProcess = config.JOBS_IN_PROCESS ?? db.kind === 'embedded';
  const applied = await migrate(db);
  if (applied.length > 0) log.info({ applied }, 'migrations applied');

  switch (command) {
    case 'migrate':
      await db.close();
      return;
    case 'seed': {
      const modules = await createModules(db, systemClock, config);
      const said = await seedModules(modules, { demoAccounts: false });
      for (const line of said.length > 0 ? said : ['everything already present: nothing to do']) {
        log.info(line);
      }
      await db.close();
      return;
    }
    case 'create-account': {
      const { values } = parseArgs({
        args: process.argv.slice(3),
        options: { kind: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' } },
      });
      const kind = values.kind ?? '';
      if (
        !['system_admin', 'catalog_admin', 'officer'].includes(kind) ||
        !values.email ||
        !values.name
      ) {
        console.error(USAGE);
        process.exitCode = 1;
      } else {
        const password = await createLocalAccount(db, {
          kind: kind as LocalAccountKind,
          name: values.name,
          email: values.email,
        });
        console.log(`Created ${kind} ${values.email}. First password: ${password}`);
      }
      await db.close();
      return;
    }
    case 'worker': {
      if (db.kind === 'embedded') {
        throw new Error(
          'The worker role needs PostgreSQL (set DATABASE_URL). On the embedded database, jobs run inside "serve".',
        );
      }
      const modules = await createModules(db, systemClock, config);
      const boss = await startJobs(db, config.DATABASE_URL, modules.jobs, (msg, err) =>
        log.error({ err }, msg),
      );
      log.info({ jobs: modules.jobs.map((j) => j.name) }, 'worker started');
      shutdownOn(async () => {
        await boss.stop({ graceful: true });
        await db.close();
      });
      return;
    }
    case 'serve': {
      const { app, modules } = await createApp({ config, db });
      if (config.SEED_ON_START) {
        for (const line of await seedModules(modules, { demoAccounts: true })) app.log.info(line);
      }
      const boss = jobsInProcess
        ? await startJobs(db, config.DATABASE_URL, modules.jobs, (msg, err) =>
            app.log.error({ err }, msg),
          )
        : null;
      if (!developmentStandIns(config) && (!config.SMTP_URL || !config.SMS_GATEWAY_URL)) {
        app.log.warn(
          'SMTP_URL or SMS_GATEWAY_URL is not set: those messages stay in the outbox unsent',
        );
      }
      if (
        !developmentStandIns(config) &&
        !config.SIGNING_P12_PATH &&
        !config.SIGNING_CERTIFICATES_DIR
      ) {
        app.log.warn(
          'Neither SIGNING_CERTIFICATES_DIR nor SIGNING_P12_PATH is set: results are signed with self-signed development certificates',
        );
      }
      await app.listen({ port: config.PORT, host: config.HOST });
      // The address to open: pages asked for at any other host are sent there.
      app.log.info(`Một Cửa is ready: open ${config.PUBLIC_URL}`);
      shutdownOn(async () => {
        await app.close();
        await boss?.stop({ graceful: true });
        await db.close();
      });
      return;
    }
    default:
      console.log(USAGE);
      await db.close();
      process.exitCode = command ? 1 : 0;
  }
}

function shutdownOn(stop: () => Promise<void>) {
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
