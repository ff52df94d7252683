import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pino, type Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createModules, seedModules } from './app.js';
import { openDatabase, type Database } from './platform/db.js';
import { systemClock } from './platform/clock.js';
import { migrate } from './platform/migrations.js';
import { DataDirInUseError, lockDataDir } from './platform/data-lock.js';
import { BackupError, restoreBackup, writeBackup, type BackupManifest } from './platform/backup.js';
import {
  buildSeedImage,
  openFromSeedImage,
  seedImageKey,
  seedImageSettings,
} from './platform/seed-image.js';
import { createLocalAccount, type LocalAccountKind } from './modules/identity/index.js';
import { runMonitoringCommand } from './modules/monitoring/index.js';
import { roleOf, serve, work } from './roles.js';

const USAGE = `Usage: tsx src/main.ts <command>

Commands:
  serve [--role serve|worker]
            start the web portal (and, on the embedded database, the background jobs);
            --role worker (or ROLE=worker) runs the background jobs only, as \`worker\` does
  worker    run background jobs only (needs DATABASE_URL: PostgreSQL)
  migrate   apply pending database migrations
  seed      load the real catalog into an empty database
  create-account --kind system_admin|catalog_admin|officer --email E --name N
            create a portal account and print its first password
  backup [--out FILE]
            write the embedded database, the file store and the server secret to one
            .tar.gz (the portal must be stopped)
  restore FILE [--force]
            put a backup back into an empty DATA_DIR (--force: delete what is there first)
  seed-image
            make the seeded database image a first embedded start loads (npm install runs it)
  monitoring ingest|check|publish FILE
            the service index's figures: take changes in now, check them against a full
            recomputation, or publish a new version of its definition (docs/monitoring.md)
  files copy-to-bucket
            copy FILES_DIR into the S3 bucket (S3_BUCKET…) and check every file there
            against its SHA-256; safe to run again (docs/adr/0021-object-storage.md)

On the embedded database one process at a time uses DATA_DIR: another start refuses.`;

const COMMANDS = [
  'serve',
  'worker',
  'migrate',
  'seed',
  'create-account',
  'backup',
  'restore',
  'seed-image',
  'monitoring',
  'files',
] as const;
type Command = (typeof COMMANDS)[number];
const isCommand = (value: string | undefined): value is Command =>
  (COMMANDS as readonly string[]).includes(value ?? '');

/** Backing up and restoring take the folder only while the portal is stopped. */
const STOPPED_FIRST =
  ' Backup and restore work on a stopped portal: stop it first (Ctrl+C in its terminal), then run this again.';

/**
 * The database, and on the embedded one this process's lock on DATA_DIR, taken before PGlite
 * opens it and given up once the database is closed (ADR 0010). The portal's first start
 * on an empty folder loads the seeded image (ADR 0011), when one fits; `fromImage` says so.
 */
async function openConfiguredDatabase(
  config: Config,
  command: Command,
  log: Pick<Logger, 'info' | 'warn'>,
): Promise<{ db: Database; fromImage: boolean }> {
  if (config.DATABASE_URL) {
    const db = await openDatabase({
      url: config.DATABASE_URL,
      replicaUrl: config.DATABASE_REPLICA_URL,
      log,
    });
    return { db, fromImage: false };
  }
  const hint = command === 'backup' || command === 'restore' ? STOPPED_FIRST : '';
  const lock = lockDataDir(config.DATA_DIR, command, hint);
  try {
    const pgdata = resolve(config.DATA_DIR, 'pgdata');
    // Only where the start seeds anyway: the image holds the seeds, which `migrate` must not add.
    const { db, fromImage } =
      command === 'serve' && config.SEED_ON_START
        ? await openFromSeedImage(
            { dir: config.SEED_IMAGE_DIR, settings: seedImageSettings(config), pgdata },
            (line) => log.info(line),
          )
        : { db: await openDatabase({ dataDir: pgdata }), fromImage: false };
    const close = async () => {
      await db.close();
      lock.release();
    };
    return { db: { ...db, close }, fromImage };
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function main(command: string | undefined) {
  if (!isCommand(command)) {
    console.log(USAGE);
    process.exitCode = command ? 1 : 0;
    return;
  }
  const config = loadConfig();
  const log = pino({ level: config.LOG_LEVEL });
  if (command === 'backup' || command === 'restore') return backupOrRestore(command, config, log);
  if (command === 'seed-image') return seedImage(config, log);
  if (command === 'files') {
    // With the AWS SDK it loads: not for every other command.
    const { runFilesCommand } = await import('./platform/file-migration.js');
    process.exitCode = await runFilesCommand(process.argv.slice(3), config, (line) =>
      console.log(line),
    );
    return;
  }
  const worker = command === 'worker' || (command === 'serve' && roleOf(config) === 'worker');
  if (worker && !config.DATABASE_URL) {
    throw new ConfigError([
      'The worker role needs PostgreSQL (set DATABASE_URL). On the embedded database, jobs run inside "serve".',
    ]);
  }
  const { db, fromImage } = await openConfiguredDatabase(config, command, log);
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
    case 'monitoring': {
      const modules = await createModules(db, systemClock, config);
      process.exitCode = await runMonitoringCommand(
        modules.monitoring,
        process.argv.slice(3),
        (line) => console.log(line),
      );
      await db.close();
      return;
    }
    case 'worker':
    case 'serve':
      return worker ? work(config, db, log) : serve(config, db, { jobsInProcess, fromImage });
  }
}

async function backupOrRestore(command: 'backup' | 'restore', config: Config, log: Logger) {
  if (config.DATABASE_URL) {
    throw new BackupError(
      `npm run ${command} is for the embedded database. On PostgreSQL use pg_dump and pg_restore, and copy FILES_DIR (README, "Backup and restore").`,
    );
  }
  const { values, positionals } = backupArguments();
  const places = { dataDir: resolve(config.DATA_DIR), filesDir: resolve(config.FILES_DIR) };
  if (command === 'restore') {
    const archive = positionals[0];
    if (!archive) throw new BackupError('Usage: npm run restore -- <backup file> [--force]');
    const lock = lockDataDir(config.DATA_DIR, command, STOPPED_FIRST);
    try {
      const manifest = await restoreBackup(resolve(archive), places, { force: values.force });
      log.info(`restored into ${places.dataDir}: ${describe(manifest)}`);
    } finally {
      lock.release();
    }
    return;
  }
  const out = resolve(values.out ?? `motcua-backup-${stamp(new Date())}.tar.gz`);
  const { db } = await openConfiguredDatabase(config, command, log);
  try {
    const manifest = await writeBackup(db, places, out);
    log.info(`backup written to ${out}: ${describe(manifest)}`);
    if (config.FILE_STORE === 's3') {
      log.warn(
        `FILE_STORE is s3: the files are in the bucket ${config.S3_BUCKET}, not in this backup. Back the bucket up with the store's own means (versioning, replication).`,
      );
    }
  } finally {
    await db.close();
  }
}

/**
 * `npm run seed-image`, run by `npm install` too: the seeded database image of these sources
 * and settings (ADR 0011), made unless a sound one is there. Nothing goes into DATA_DIR.
 */
async function seedImage(config: Config, log: Logger) {
  if (config.DATABASE_URL) {
    log.info('DATABASE_URL is set: the seeded image is for the embedded database, none made');
    return;
  }
  const started = performance.now();
  const scratch = await mkdtemp(join(tmpdir(), 'motcua-seed-image-'));
  try {
    const place = {
      dir: config.SEED_IMAGE_DIR,
      key: await seedImageKey(seedImageSettings(config)),
    };
    // The modules want a file store and a secret; the seeds keep neither.
    const seeding = {
      ...config,
      DATA_DIR: scratch,
      FILES_DIR: scratch,
      SERVER_SECRET: randomBytes(32).toString('hex'),
    };
    const outcome = await buildSeedImage(place, async (db) => {
      await migrate(db);
      await seedModules(await createModules(db, systemClock, seeding), { demoAccounts: false });
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log.info(
      outcome === 'present'
        ? `the seeded database image is up to date (${place.dir})`
        : `seeded database image made in ${seconds} s (${place.dir}): a first start loads it`,
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function backupArguments() {
  try {
    return parseArgs({
      args: process.argv.slice(3),
      options: { out: { type: 'string' }, force: { type: 'boolean', default: false } },
      allowPositionals: true,
    });
  } catch (error) {
    throw new BackupError(`${(error as Error).message}\n\n${USAGE}`);
  }
}

const describe = (m: BackupManifest) =>
  `the database (${(m.database.bytes / 1_048_576).toFixed(1)} MB) and ${m.files.count} files (${(m.files.bytes / 1_048_576).toFixed(1)} MB)${m.serverSecret ? ', with the server secret' : ''}, taken ${m.createdAt}`;

/** 20261130-184012, in UTC: sorts as it reads. */
const stamp = (at: Date) => at.toISOString().slice(0, 19).replace(/-|:/g, '').replace('T', '-');

/** Conditions a person can act on are said in a sentence; anything else keeps its stack. */
const expected = (error: unknown) =>
  error instanceof ConfigError ||
  error instanceof DataDirInUseError ||
  error instanceof BackupError;

main(process.argv[2]).catch((error: unknown) => {
  console.error(expected(error) ? (error as Error).message : error);
  process.exit(1);
});
