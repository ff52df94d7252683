import type { Clock } from '../../platform/clock.js';
import type { Database, Transaction } from '../../platform/db.js';
import type { StatisticsFeed } from '../../platform/feeds.js';
import {
  Deltas,
  rollUp,
  serviceTransitions,
  store,
  type StoredContribution,
  type UnitOf,
} from './aggregate.js';
import type { Contribution } from './contributions.js';
import type { CursorRow, MonitoringRepository } from './repository.js';

/** One owner's feed and what each of its facts adds to the figures. */
export interface IndexFeed {
  /** Prefixes the fact's key: 'dossier', 'synced', 'rating', 'feedback'. */
  name: string;
  feed: StatisticsFeed<unknown>;
  keyOf(fact: unknown): string;
  contributions(fact: unknown): Contribution[];
}

/** Builds an IndexFeed from a typed feed (its facts are only ever handed back to it). */
export function indexFeed<F>(
  name: string,
  feed: StatisticsFeed<F>,
  keyOf: (fact: F) => string,
  contributions: (fact: F) => Contribution[],
): IndexFeed {
  return {
    name,
    feed: feed as StatisticsFeed<unknown>,
    keyOf: keyOf as (fact: unknown) => string,
    contributions: contributions as (fact: unknown) => Contribution[],
  };
}

/** Events read per batch: one transaction each, so a long backlog commits as it goes. */
export const INGEST_BATCH = 2000;

export interface IngestReport {
  /** Facts whose contributions were read, and how many of them changed the figures. */
  read: number;
  changed: number;
}

/**
 * Takes what changed in the owners' tables into the figures (docs/monitoring.md): reads each
 * feed from where the previous run began, so what committed late with an earlier position is
 * taken in too; a fact read again adds nothing, since only the difference from what it last
 * added is applied. Facts are read before the transaction (the embedded database has one
 * connection), the figures changed and the cursor moved in one.
 */
export class Ingest {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly repository: MonitoringRepository,
    private readonly feeds: readonly IndexFeed[],
    private readonly unitOf: () => Promise<UnitOf>,
  ) {}

  private running: Promise<IngestReport> | null = null;

  /**
   * Runs once at a time in this process: a call while one runs is answered by that run (what
   * was written meanwhile is taken in by the next one, a minute later at most).
   */
  run(batch = INGEST_BATCH): Promise<IngestReport> {
    this.running ??= this.runOnce(batch).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runOnce(batch: number): Promise<IngestReport> {
    const report: IngestReport = { read: 0, changed: 0 };
    const unitOf = await this.unitOf();
    for (const feed of this.feeds) {
      const start = await this.repository.cursor(feed.name);
      let position = start?.previous ?? null;
      let moved = false;
      for (;;) {
        const { keys, cursor } = await feed.feed.changed(position, batch);
        // A batch of rows that are no fact of this feed's (a portal dossier's synced events)
        // has no keys but moves the cursor on: only a cursor that stays put is the end.
        if (keys.length > 0) {
          // A stop mid-run starts again where this one began; a first run, after its last batch.
          const resume = start?.current ? start : { previous: cursor, current: null };
          report.changed += await this.apply(feed, keys, unitOf, resume);
          report.read += keys.length;
        }
        if (cursor === position) break;
        position = cursor;
        moved = true;
      }
      // The next run reads again from where this one found new rows.
      const end = moved ? position : (start?.current ?? position);
      await this.repository.saveCursor(
        this.db,
        feed.name,
        { previous: start?.current ?? end, current: end },
        this.clock.now(),
      );
    }
    return report;
  }

  /** Applies the facts of `keys` as they are now; answers how many changed the figures. */
  private async apply(feed: IndexFeed, keys: string[], unitOf: UnitOf, cursor: CursorRow) {
    const facts = await feed.feed.facts(keys);
    const now = new Map<string, StoredContribution[]>(
      keys.map((key) => [`${feed.name}:${key}`, []]),
    );
    for (const fact of facts) {
      now.set(`${feed.name}:${feed.keyOf(fact)}`, feed.contributions(fact).map(store));
    }
    return this.db.transaction(async (tx) => {
      await this.repository.cursor(feed.name, tx, true);
      const before = await this.repository.lockFacts(tx, [...now.keys()]);
      const deltas = new Deltas();
      const changed: { key: string; contributions: StoredContribution[] }[] = [];
      for (const [key, contributions] of now) {
        const old = before.get(key) ?? [];
        if (JSON.stringify(old) === JSON.stringify(contributions)) continue;
        deltas.replace(old, contributions);
        changed.push({ key, contributions });
      }
      await this.applyDeltas(tx, deltas, unitOf);
      await this.repository.saveFacts(tx, changed, this.clock.now());
      await this.repository.saveCursor(tx, feed.name, cursor, this.clock.now());
      return changed.length;
    });
  }

  private async applyDeltas(tx: Transaction, deltas: Deltas, unitOf: UnitOf) {
    const counts = [...deltas.rows()];
    if (counts.length === 0) return;
    const { totals, services } = rollUp(counts, unitOf);
    await this.repository.addCounts(tx, counts);
    const passed = await this.repository.addServiceTotals(tx, services);
    await this.repository.addTotals(tx, [...totals, ...serviceTransitions(passed, unitOf)]);
  }
}
