import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, settableClock } from '../../../test/helpers.js';
import type { Database } from '../../platform/db.js';
import type { StatisticsFeed } from '../../platform/feeds.js';
import { Ingest, indexFeed } from './ingest.js';
import { MonitoringRepository } from './repository.js';

/*
 * The ingest's reading of a feed, with a feed of the test's own: rows that are no fact of the
 * feed's (a portal dossier's synced events) move its cursor on without keys, and must not
 * stop the reading there.
 */

const clock = settableClock('2026-11-24T02:00:00Z');
let db: Database;

beforeAll(async () => {
  ({ db } = await createTestApp({ clock }));
});

/** Rows in position order: a key, or null for a row that is no fact of this feed's. */
function feedOf(rows: (string | null)[]): StatisticsFeed<{ code: string }> {
  return {
    async changed(cursor, limit) {
      const from = cursor === null ? 0 : Number(cursor);
      const read = rows.slice(from, from + limit);
      if (read.length === 0) return { keys: [], cursor };
      return {
        keys: [...new Set(read.filter((key): key is string => key !== null))],
        cursor: String(from + read.length),
      };
    },
    async facts(keys) {
      return keys.map((code) => ({ code }));
    },
    async keys() {
      return [];
    },
  };
}

describe('taking in a feed', () => {
  it('reads past a whole batch of rows without keys, then on to the next fact', async () => {
    const rows: (string | null)[] = ['A', null, null, null, null, null, 'B'];
    const feed = indexFeed(
      'test',
      feedOf(rows),
      (fact) => fact.code,
      (fact) => [
        {
          day: '2026-11-24',
          agency: 'X',
          procedure: fact.code,
          channel: 2,
          metric: 'received',
          value: 1,
        },
      ],
    );
    const ingest = new Ingest(
      db,
      clock,
      new MonitoringRepository(db),
      [feed],
      async () => () => null,
    );
    expect(await ingest.run(3)).toEqual({ read: 2, changed: 2 });
    const kept = await db.query<{ key: string }>(
      `SELECT key FROM monitoring_facts WHERE key LIKE 'test:%' ORDER BY key`,
    );
    expect(kept.map((row) => row.key)).toEqual(['test:A', 'test:B']);
    // The next run reads what came since; the one after reads that stretch again, in case
    // something committed late there: read twice, it changes nothing.
    rows.push('C');
    expect(await ingest.run(3)).toEqual({ read: 1, changed: 1 });
    expect(await ingest.run(3)).toEqual({ read: 1, changed: 0 });
  });
});
