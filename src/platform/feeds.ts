/*
 * Statistics feeds (issue 17): how a reader that keeps figures of its own (the monitoring
 * index) learns what changed in tables another module owns, without reading them. The owner
 * answers keys and facts; only it writes SQL against its tables (ADR 0007, ADR 0008).
 */

/** Where a feed stands: opaque to the reader, resumable from any value the feed answered. */
export type FeedCursor = string;

/**
 * What changed in one owner's tables, pulled by a reader that keeps figures of its own (the
 * monitoring index). Positions only grow; a reader re-reads from an earlier cursor to catch
 * rows committed late with a lower position (reading twice must be harmless to it).
 */
export interface StatisticsFeed<Fact> {
  /** Keys of what changed after `cursor` (null: from the beginning), at most `limit` in
   *  position order, and the cursor after the last one read (the same cursor when nothing). */
  changed(
    cursor: FeedCursor | null,
    limit: number,
  ): Promise<{ keys: string[]; cursor: FeedCursor | null }>;
  /** The current facts of these keys; a key whose thing no longer counts (a draft, deleted) is left out. */
  facts(keys: string[]): Promise<Fact[]>;
  /** Every key in key order after `after` (null: from the first), at most `limit`: for a full recomputation. */
  keys(after: string | null, limit: number): Promise<string[]>;
}

/** A cursor no feed answered (or another feed's): a reader's bug, never data to guess at. */
export class BadFeedCursor extends Error {
  constructor(cursor: string) {
    super(`not a cursor of this feed: ${JSON.stringify(cursor)}`);
    this.name = 'BadFeedCursor';
  }
}

/**
 * The positions a cursor holds, one per ordered source the feed reads (most feeds have one:
 * an event table's id). Written as the numbers joined by dots, so it stays a short string.
 */
export function decodePositions(cursor: FeedCursor | null, count: number): number[] {
  if (cursor === null) return new Array<number>(count).fill(0);
  const parts = cursor.split('.');
  if (parts.length !== count || !parts.every((p) => /^\d{1,16}$/.test(p))) {
    throw new BadFeedCursor(cursor);
  }
  return parts.map(Number);
}

export function encodePositions(positions: number[]): FeedCursor {
  return positions.join('.');
}

/** A limit callers pass: a positive whole number, else the call is a bug. */
export function checkLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`bad feed limit: ${limit}`);
  return limit;
}

/** Keys in the order first seen, each once (a dossier with two new events is one key). */
export function uniqueKeys(keys: Iterable<string>): string[] {
  return [...new Set(keys)];
}

/**
 * A feed's answer from rows read in position order from its sources: the keys that count,
 * each once, and the cursor moved past every row read (those whose key does not count too,
 * so the next call does not read them again). Nothing read: the cursor given back as it was.
 */
export function feedAnswer(
  cursor: FeedCursor | null,
  positions: number[],
  read: { source: number; position: number; key: string | null }[],
): { keys: string[]; cursor: FeedCursor | null } {
  if (read.length === 0) return { keys: [], cursor };
  const next = [...positions];
  for (const row of read) next[row.source] = Math.max(next[row.source] ?? 0, row.position);
  return {
    keys: uniqueKeys(read.flatMap((row) => (row.key === null ? [] : [row.key]))),
    cursor: encodePositions(next),
  };
}

/**
 * `changed` of a feed over one ordered position (an event's id, a sequence): the keys of the
 * rows `rowsAfter` finds past the cursor's position (a row of no key moves it on only), and
 * the cursor after them.
 */
export async function changedByPosition(
  cursor: FeedCursor | null,
  limit: number,
  rowsAfter: (
    position: number,
    limit: number,
  ) => Promise<{ position: number; code: string | null }[]>,
): Promise<{ keys: string[]; cursor: FeedCursor | null }> {
  checkLimit(limit);
  const positions = decodePositions(cursor, 1);
  const rows = await rowsAfter(positions[0] ?? 0, limit);
  return feedAnswer(
    cursor,
    positions,
    rows.map((row) => ({ source: 0, position: row.position, key: row.code })),
  );
}
