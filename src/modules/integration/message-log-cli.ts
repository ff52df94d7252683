/**
 * `npm run integration-log -- verify | prune` (docs/integration.md, "Message log"): opens the
 * database as the portal's commands do (src/main.ts: DATABASE_URL, or the embedded database
 * in DATA_DIR under its lock, migrated first) and runs one command of the message log.
 */
import { resolve } from 'node:path';
import { ConfigError, loadConfig, type Config } from '../../config.js';
import { systemClock } from '../../platform/clock.js';
import { DataDirInUseError, lockDataDir } from '../../platform/data-lock.js';
import { openDatabase, type Database } from '../../platform/db.js';
import { migrate } from '../../platform/migrations.js';
import { MessageLog } from './message-log.js';
import { runMessageLogCommand, USAGE } from './message-log-command.js';

const STOPPED_FIRST =
  ' The message log is read from the database the running portal holds: stop it first (Ctrl+C in its terminal), then run this again.';

/** The database, and on the embedded one this process's lock on DATA_DIR until it closes. */
async function openConfiguredDatabase(config: Config): Promise<Database> {
  if (config.DATABASE_URL) return openDatabase({ url: config.DATABASE_URL });
  const lock = lockDataDir(config.DATA_DIR, 'integration-log', STOPPED_FIRST);
  try {
    const db = await openDatabase({ dataDir: resolve(config.DATA_DIR, 'pgdata') });
    return {
      ...db,
      close: async () => {
        await db.close();
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function main(command: string | undefined): Promise<number> {
  if (command !== 'verify' && command !== 'prune') {
    console.log(USAGE);
    return command ? 1 : 0;
  }
  const config = loadConfig();
  const db = await openConfiguredDatabase(config);
  try {
    await migrate(db);
    const log = new MessageLog(db, systemClock, {
      retentionDays: config.INTEGRATION_LOG_RETENTION_DAYS,
    });
    return await runMessageLogCommand(log, command, (line) => console.log(line));
  } finally {
    await db.close();
  }
}

main(process.argv[2]).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const expected = error instanceof ConfigError || error instanceof DataDirInUseError;
    console.error(expected ? (error as Error).message : error);
    process.exitCode = 1;
  },
);
