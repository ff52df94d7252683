import { LRUCache } from 'lru-cache';
import { changeKeys, type Changes } from '../../platform/changes.js';
import type { Queryable } from '../../platform/db.js';

/**
 * At most this long a session read is used again without asking the database. Changes made
 * in this process end it at once (identity's writes of the account and its sessions, and for
 * pages a message for them); this bounds only what a change elsewhere (another process, a SQL
 * console) takes to be seen.
 */
export const REMEMBER_SESSION_MS = 10_000;

interface Remembered<Row> {
  row: Row;
  /** Whether the header's extra (the messages) was read with it: pages need it, APIs not. */
  withExtra: boolean;
  /** Changes' stamp from before the read. */
  stamp: number;
}

/**
 * Sessions read recently, by their token's hash: the signed-in person's next pages and
 * calls (a few a second while they click through) need no round trip to know who they are.
 * A remembered session is used only while nothing of its account changed since it was read.
 */
export class SessionMemory<Row extends { id: string; last_seen_at: Date }> {
  private readonly rows = new LRUCache<string, Remembered<Row>>({
    max: 20_000,
    ttl: REMEMBER_SESSION_MS,
    ttlAutopurge: false,
  });

  constructor(private readonly changes: Changes) {}

  /** The session's row from memory while nothing of it changed since, else as `read` finds it. */
  async recallOr(
    tokenHash: string,
    withExtra: boolean,
    read: () => Promise<Row | undefined>,
  ): Promise<Row | undefined> {
    const remembered = this.recall(tokenHash, withExtra);
    if (remembered) return remembered;
    const stamp = this.changes.stamp();
    const row = await read();
    if (row) this.rows.set(tokenHash, { row, withExtra, stamp });
    return row;
  }

  private recall(tokenHash: string, withExtra: boolean): Row | undefined {
    const kept = this.rows.get(tokenHash);
    if (!kept || (withExtra && !kept.withExtra)) return undefined;
    const keys = kept.withExtra
      ? [changeKeys.account(kept.row.id), changeKeys.messages(kept.row.id)]
      : [changeKeys.account(kept.row.id)];
    if (this.changes.changedSince(keys, kept.stamp)) {
      this.rows.delete(tokenHash);
      return undefined;
    }
    return kept.row;
  }

  /** Announces, once `q` commits, that the account or one of its sessions changed. */
  changed(q: Pick<Queryable, 'afterCommit'>, accountId: string): void {
    this.changes.after(q, changeKeys.account(accountId));
  }

  /** The session was touched: its kept row says so too, or the next request touches again. */
  touched(tokenHash: string, at: Date): void {
    const kept = this.rows.get(tokenHash);
    if (kept) kept.row.last_seen_at = at;
  }
}
