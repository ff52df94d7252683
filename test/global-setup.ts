import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase, type Database } from '../src/platform/db.js';
import { migrate } from '../src/platform/migrations.js';
import { systemClock } from '../src/platform/clock.js';
import { loadConfig } from '../src/config.js';
import { createModules, seedModules } from '../src/app.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PGlite data directory dump (tar) of a migrated, seeded database. */
    embeddedTemplate: string;
    /** With TEST_DATABASE_URL: a migrated, seeded PostgreSQL database to copy per test file. */
    postgresTemplate: string | null;
  }
}

/** Migrates a database and seeds it as the portal does (each module's seed), demo officers aside. */
async function prepare(db: Database, filesDir: string) {
  await migrate(db);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    FILES_DIR: filesDir,
    // Seeding needs no secret; set, none is made in the working folder's ./data.
    SERVER_SECRET: 'global-setup-secret-of-at-least-32-characters',
  });
  await seedModules(await createModules(db, systemClock, config), { demoAccounts: false });
}

/**
 * Migrates and seeds one database for the whole run; every test file then gets its own copy
 * (a PGlite dump loaded in memory, or CREATE DATABASE … TEMPLATE on PostgreSQL).
 */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'motcua-test-'));
  const db = await openDatabase({ memory: true });
  await prepare(db, dir);
  const embeddedTemplate = join(dir, 'template.tar');
  const snapshot = await db.snapshot?.();
  if (!snapshot) throw new Error('the embedded database cannot take snapshots');
  await writeFile(embeddedTemplate, Buffer.from(await snapshot.arrayBuffer()));
  await db.close();
  project.provide('embeddedTemplate', embeddedTemplate);

  let postgresTemplate: string | null = null;
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    postgresTemplate = `motcua_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${postgresTemplate}`);
    await admin.query(`CREATE DATABASE ${postgresTemplate}`);
    const url = new URL(serverUrl);
    url.pathname = `/${postgresTemplate}`;
    const templateDb = await openDatabase({ url: url.toString() });
    await prepare(templateDb, dir);
    await templateDb.close();
    await admin.end();
  }
  project.provide('postgresTemplate', postgresTemplate);

  return async () => {
    await rm(dir, { recursive: true, force: true });
    if (serverUrl && postgresTemplate) {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      const { rows } = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1`,
        [`${postgresTemplate}_f%`],
      );
      for (const row of rows)
        await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
      await admin.query(`DROP DATABASE IF EXISTS ${postgresTemplate} WITH (FORCE)`);
      await admin.end();
    }
  };
}
