import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/helpers.js';
import { openDatabase, type Database } from './db.js';

/**
 * Without a replica (the embedded database always; PostgreSQL without DATABASE_REPLICA_URL),
 * heavy reads go to the database itself: nothing changes for them.
 */
async function openWithoutReplica(): Promise<Database> {
  // An empty embedded database is enough; on PostgreSQL, one made for this file.
  if (!process.env.TEST_DATABASE_URL) return openDatabase({ memory: true });
  const { url } = await openTestDatabase();
  return openDatabase({ url: url!, replicaUrl: null });
}

describe('a database without a replica', () => {
  it('is its own replica, current at once', async () => {
    const db = await openWithoutReplica();
    try {
      expect(db.replica).toBe(db);
      expect(await db.currentReplica(0)).toBe(db);
      await db.query('CREATE TABLE replica_free (id int)');
      await db.query('INSERT INTO replica_free VALUES (1)');
      // What was just written is read through `replica` at once: it is the same database.
      expect(await db.replica.query('SELECT id FROM replica_free')).toEqual([{ id: 1 }]);
    } finally {
      await db.close();
    }
  });

  it('closes cleanly, and answers nothing after', async () => {
    const db = await openWithoutReplica();
    await db.replica.query('SELECT 1');
    await expect(db.close()).resolves.toBeUndefined();
    await expect(db.replica.query('SELECT 1')).rejects.toThrow();
  });
});
