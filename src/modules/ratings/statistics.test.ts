import { beforeAll, describe, expect, it } from 'vitest';
import type { FeedCursor, StatisticsFeed } from '../../platform/feeds.js';
import {
  ANSWERS,
  call,
  clock,
  returnedDossier,
  useRatingsWorld,
  world,
} from '../../../test/ratings-world.js';
import type { RatingFact } from './statistics.js';

/* The ratings' statistics feed: ratings given and changed, as the monitoring index reads them. */

useRatingsWorld();

let feed: StatisticsFeed<RatingFact>;
const codes: string[] = [];

const rate = (code: string, body: unknown, method = 'POST') =>
  call(world.anId, method, `/api/v1/ratings/${encodeURIComponent(code)}`, body);

beforeAll(async () => {
  feed = world.modules.ratings.statistics;
  for (let i = 0; i < 3; i += 1) codes.push(await returnedDossier());
});

/** Every key from `cursor` to the end, two at a time, and the cursor it ended at. */
async function drain(cursor: FeedCursor | null) {
  const keys: string[] = [];
  for (;;) {
    const answer = await feed.changed(cursor, 2);
    if (answer.keys.length === 0) {
      expect(answer.cursor).toBe(cursor);
      return { keys, cursor };
    }
    keys.push(...answer.keys);
    cursor = answer.cursor;
  }
}

describe('the ratings’ feed', () => {
  let cursor: FeedCursor | null;

  it('answers nothing before a rating, then every rating given, from the start', async () => {
    expect(await feed.changed(null, 10)).toEqual({ keys: [], cursor: null });
    expect((await rate(codes[0]!, ANSWERS)).status).toBe(201);
    expect((await rate(codes[1]!, { ...ANSWERS, overall: 2, conduct: 3 })).status).toBe(201);
    const read = await drain(null);
    expect(read.keys).toEqual([codes[0], codes[1]]);
    cursor = read.cursor;
  });

  it('gives the facts of a rating', async () => {
    const [fact] = await feed.facts([codes[1]!]);
    expect(fact).toEqual({
      dossierCode: codes[1],
      agencyCode: world.ward,
      procedureCode: '2.001009',
      givenAt: clock.now(),
      overall: 2,
      conduct: 3,
      onTime: true,
      feesAsAnnounced: true,
    });
    // A dossier nobody rated has no fact.
    expect(await feed.facts([codes[2]!, 'KHONG-CO-0001'])).toEqual([]);
  });

  it('finds a rating changed after the cursor answered before it, with its new answers', async () => {
    const changed = await rate(codes[0]!, { ...ANSWERS, overall: 1, onTime: false }, 'PUT');
    expect(changed.status).toBe(200);
    const after = await drain(cursor);
    expect(after.keys).toEqual([codes[0]]);
    const [fact] = await feed.facts([codes[0]!]);
    expect(fact).toMatchObject({ overall: 1, onTime: false, givenAt: clock.now() });
    // From the start, each rating once, the changed one last.
    expect((await drain(null)).keys).toEqual([codes[1], codes[0]]);
  });

  it('pages every rated dossier in code order', async () => {
    const all = await feed.keys(null, 100);
    expect(all).toEqual([codes[0]!, codes[1]!].sort());
    expect(await feed.keys(null, 1)).toEqual([all[0]]);
    expect(await feed.keys(all[0]!, 1)).toEqual([all[1]]);
    expect(await feed.keys(all[1]!, 1)).toEqual([]);
  });
});
