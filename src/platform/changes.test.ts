import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/helpers.js';
import { Changes, changeKeys } from './changes.js';

describe('changes', () => {
  it('make stale only what was read before them, by key', () => {
    const changes = new Changes();
    const before = changes.stamp();
    changes.changed(changeKeys.owner('a'));
    const after = changes.stamp();
    expect(changes.changedSince([changeKeys.owner('a')], before)).toBe(true);
    expect(changes.changedSince([changeKeys.owner('a')], after)).toBe(false);
    expect(changes.changedSince([changeKeys.owner('b'), changeKeys.agency('x')], before)).toBe(
      false,
    );
    // A read that began before the change and ends after it is still stale.
    changes.changed(changeKeys.agency('x'));
    expect(changes.changedSince([changeKeys.owner('b'), changeKeys.agency('x')], after)).toBe(true);
  });

  it('count a key forgotten to bound memory as changed', () => {
    const changes = new Changes(2);
    const before = changes.stamp();
    changes.changed('k1');
    const after = changes.stamp();
    changes.changed('k2', 'k3');
    // k1 was forgotten when k2 and k3 came: anything read before then is stale.
    expect(changes.changedSince(['k1'], after)).toBe(true);
    expect(changes.changedSince(['k4'], before)).toBe(true);
    expect(changes.changedSince(['k4'], changes.stamp())).toBe(false);
  });
});

describe('after commit', () => {
  it('announces what a transaction wrote once it commits, and never if it rolls back', async () => {
    const { db } = await openTestDatabase();
    const changes = new Changes();
    const stamp = changes.stamp();
    const seenInside: boolean[] = [];
    await db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      changes.after(tx, 'committed');
      seenInside.push(changes.changedSince(['committed'], stamp));
    });
    expect(seenInside).toEqual([false]);
    expect(changes.changedSince(['committed'], stamp)).toBe(true);

    await expect(
      db.transaction(async (tx) => {
        changes.after(tx, 'rolled back');
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(changes.changedSince(['rolled back'], stamp)).toBe(false);

    // Outside a transaction each statement commits itself: announced at once.
    changes.after(db, 'autocommit');
    expect(changes.changedSince(['autocommit'], stamp)).toBe(true);
  });
});

describe('changes heard by other processes', () => {
  it('tells listeners the keys of each change', () => {
    const changes = new Changes();
    const heard: (readonly string[])[] = [];
    changes.onChanged((keys) => heard.push(keys));
    changes.changed('account:1', 'owner:1');
    changes.changed();
    expect(heard).toEqual([['account:1', 'owner:1'], []]);
  });

  it('counts everything kept before as changed when changes may have been missed', () => {
    const changes = new Changes();
    const before = changes.stamp();
    changes.changedAll();
    const after = changes.stamp();
    expect(changes.changedSince(['never-named'], before)).toBe(true);
    expect(changes.changedSince(['never-named'], after)).toBe(false);
  });
});
