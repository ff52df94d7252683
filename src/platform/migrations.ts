import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from './db.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

// Any fixed number: every process that migrates takes the same advisory lock, so two
// processes starting together do not apply the same file twice.
const MIGRATION_LOCK = 7_101_957;

/** PostgreSQL's SQLSTATE for a table that does not exist. */
const UNDEFINED_TABLE = '42P01';

export async function listMigrations(dir = MIGRATIONS_DIR): Promise<string[]> {
  return (await readdir(dir)).filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name)).sort();
}

/** Applies, in order and all in one transaction, the SQL files not yet applied. */
export async function migrate(db: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const done = new Set(
      (await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name),
    );
    for (const name of await listMigrations(dir)) {
      if (done.has(name)) continue;
      const sql = await readFile(`${dir}/${name}`, 'utf8');
      await tx.exec(sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      applied.push(name);
    }
  });
  return applied;
}

/** Names of migration files not yet applied; empty when the schema is current. One query. */
export async function pendingMigrations(db: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const names = await listMigrations(dir);
  try {
    const applied = await db.query<{ name: string }>(
      'SELECT name FROM schema_migrations WHERE name = ANY($1::text[])',
      [names],
    );
    const done = new Set(applied.map((r) => r.name));
    return names.filter((name) => !done.has(name));
  } catch (error) {
    // A database never migrated has no schema_migrations table: everything is pending.
    if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return names;
    throw error;
  }
}
