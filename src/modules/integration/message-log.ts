import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { JobDefinition } from '../../platform/jobs.js';
import {
  MessageLogRepository,
  OUTCOMES,
  type ChainHead,
  type Exchange,
  type MessageRecord,
  type MessageSearch,
  type Outcome,
} from './message-log-repository.js';

export { OUTCOMES, type Exchange, type MessageRecord, type MessageSearch, type Outcome };

/**
 * Where the chain breaks: the first record that is not as it was appended (`altered`), the
 * first number missing (`removed`), or a record the chain's head never counted (`inserted`).
 * `records` were verified before it.
 */
export interface ChainBreak {
  ok: false;
  brokenAt: number;
  reason: 'altered' | 'removed' | 'inserted';
  records: number;
}

export type Verification =
  | {
      ok: true;
      /** The records verified, from the anchor to the head. */
      records: number;
      /** Where verification started: the genesis (seq 0) or the last record pruned. */
      anchor: { seq: number; hash: string };
      /** The last record: note its hash elsewhere to hold the log to it later. */
      head: { seq: number; hash: string };
    }
  | ChainBreak;

/** A break found where it must not be: pruning stops rather than remove the evidence. */
export class MessageLogBroken extends Error {
  constructor(readonly found: ChainBreak) {
    super(`the message log's chain is broken at record ${found.brokenAt} (${found.reason})`);
  }
}

/**
 * What a record's hash covers besides its number and the hash before it: every field, in a
 * fixed order, as a JSON array. Verification writes it again from what is stored.
 */
export const canonicalText = (e: Exchange): string =>
  JSON.stringify([
    e.requestId,
    e.clientId,
    e.at.toISOString(),
    e.method,
    e.route,
    e.path,
    e.status,
    e.outcome,
    e.problemCode,
    e.requestSha256,
    e.requestBytes,
    e.responseSha256,
    e.responseBytes,
    e.durationUs,
  ]);

/**
 * A record's hash: SHA-256 of the previous record's hash (32 bytes) followed by the UTF-8 of
 * "<seq>\n<canonical text>". The database computes the same when it appends (sha256() over
 * the head's last hash), so a record's number and links are the head's own.
 */
export const chainHash = (prevHash: string, seq: number, canonical: string): string =>
  createHash('sha256')
    .update(Buffer.from(prevHash, 'hex'))
    .update(`${seq}\n${canonical}`, 'utf8')
    .digest('hex');

/** What came of an exchange, by its status (null: no answer was sent). */
export function outcomeOf(status: number | null): Outcome {
  if (status === null) return 'aborted';
  if (status === 401 || status === 403 || status === 429) return 'refused';
  if (status >= 500) return 'failed';
  return status >= 400 ? 'rejected' : 'ok';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA256 = /^[0-9a-f]{64}$/;
const CODE = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Visible ASCII only (anything else %-escaped), at most `max` characters. */
export const printable = (text: string, max: number): string =>
  text
    .replace(/[^\x21-\x7e]/g, (c) =>
      c.charCodeAt(0) < 256
        ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`
        : encodeURIComponent(c.isWellFormed() ? c : '\uFFFD'),
    )
    .slice(0, max);

const count = (n: number | null) => (n !== null && Number.isSafeInteger(n) && n >= 0 ? n : null);

/**
 * The exchange as it is stored and hashed: values the database keeps exactly as given (ids in
 * lower case, visible ASCII, whole numbers), so that what verification reads back hashes the
 * same. Nothing that comes in can make recording fail.
 */
function normalized(e: Exchange): Exchange {
  const uuid = (id: string | null) =>
    id !== null && UUID.test(id.toLowerCase()) ? id.toLowerCase() : null;
  const hex = (h: string | null) =>
    h !== null && SHA256.test(h.toLowerCase()) ? h.toLowerCase() : null;
  const status =
    e.status !== null && Number.isInteger(e.status) && e.status >= 100 && e.status <= 599
      ? e.status
      : null;
  return {
    requestId: uuid(e.requestId) ?? randomUUID(),
    clientId: uuid(e.clientId),
    at: Number.isNaN(e.at.getTime()) ? new Date() : new Date(e.at.getTime()),
    method: printable(e.method, 16),
    route: e.route === null ? null : printable(e.route, 500),
    path: printable(e.path, 1000),
    status,
    outcome: (OUTCOMES as readonly string[]).includes(e.outcome) ? e.outcome : outcomeOf(status),
    problemCode: e.problemCode !== null && CODE.test(e.problemCode) ? e.problemCode : null,
    requestSha256: hex(e.requestSha256),
    requestBytes: count(e.requestBytes),
    responseSha256: hex(e.responseSha256),
    responseBytes: count(e.responseBytes),
    durationUs: Math.min(Math.max(0, Math.round(e.durationUs) || 0), Number.MAX_SAFE_INTEGER),
  };
}

/** Follows the chain from its anchor, one record at a time, and says where it breaks. */
class ChainWalk {
  private expected: number;
  private hash: string;

  constructor(private readonly head: ChainHead) {
    this.expected = head.anchorSeq + 1;
    this.hash = head.anchorHash;
  }

  private broken(brokenAt: number, reason: ChainBreak['reason']): ChainBreak {
    return {
      ok: false,
      brokenAt,
      reason,
      records: Math.max(0, brokenAt - this.head.anchorSeq - 1),
    };
  }

  /** Null when the record continues the chain; the break it shows otherwise. */
  step(record: MessageRecord): ChainBreak | null {
    if (record.seq !== this.expected) return this.broken(this.expected, 'removed');
    if (record.seq > this.head.lastSeq) return this.broken(record.seq, 'inserted');
    if (chainHash(record.prevHash, record.seq, canonicalText(record)) !== record.hash) {
      return this.broken(record.seq, 'altered');
    }
    if (record.prevHash !== this.hash) {
      // This record is whole but does not link to the one before: that one was changed and
      // given a new hash (or, at the anchor, the anchor was).
      const before = record.seq - 1;
      return this.broken(before > this.head.anchorSeq ? before : record.seq, 'altered');
    }
    this.hash = record.hash;
    this.expected += 1;
    return null;
  }

  /** After the last record: the head must be where the walk ended. */
  end(): ChainBreak | null {
    const last = this.expected - 1;
    if (last < this.head.lastSeq) return this.broken(this.expected, 'removed');
    if (this.hash !== this.head.lastHash) return this.broken(last, 'altered');
    return null;
  }

  get records(): number {
    return this.expected - 1 - this.head.anchorSeq;
  }
}

/** Records read at a time while verifying or pruning. */
const PAGE = 5_000;
/** Records removed per transaction while pruning: appends wait for the head that long. */
const PRUNE_BATCH = 10_000;
const DAY_MS = 86_400_000;

export interface MessageLogOptions {
  /** Records older than this many days are pruned (INTEGRATION_LOG_RETENTION_DAYS). */
  retentionDays: number;
}

/**
 * The integration hub's message log: every exchange with a connected system, hash-chained
 * (docs/integration.md, "Message log"). Bodies are never kept, only their SHA-256.
 */
export class MessageLog {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Database,
    /** The time of the exchanges it records (the HTTP hooks ask it). */
    readonly clock: Clock,
    private readonly options: MessageLogOptions,
  ) {}

  /** Appends an exchange to the chain (one statement); answers its number. */
  record(exchange: Exchange): Promise<number> {
    const e = normalized(exchange);
    return this.track(new MessageLogRepository(this.db).append(e, canonicalText(e)));
  }

  /** Counts `work` (a record on its way) among what `settled` waits for; answers it. */
  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const done = () => this.pending.delete(work);
    work.then(done, done);
    return work;
  }

  /** Once every record under way is written (or has failed): before the database closes. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  /**
   * Walks the whole chain from its anchor in one snapshot (REPEATABLE READ): each record's
   * hash recomputed from its fields, each link to the one before, the numbers without a gap,
   * and the head where the walk ends.
   */
  verify(): Promise<Verification> {
    return this.db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const repo = new MessageLogRepository(tx);
      const head = await repo.head();
      if (!head) return { ok: false, brokenAt: 0, reason: 'removed', records: 0 } as const;
      const walk = new ChainWalk(head);
      for (let after = head.anchorSeq; ;) {
        const page = await repo.after(after, PAGE);
        for (const record of page) {
          const found = walk.step(record);
          if (found) return found;
        }
        if (page.length < PAGE) break;
        after = page.at(-1)!.seq;
      }
      return (
        walk.end() ?? {
          ok: true,
          records: walk.records,
          anchor: { seq: head.anchorSeq, hash: head.anchorHash },
          head: { seq: head.lastSeq, hash: head.lastHash },
        }
      );
    });
  }

  /**
   * Removes the records older than the retention, in batches, each its own transaction: the
   * part about to go is verified first (a break there stops pruning, so the evidence stays),
   * the last record removed becomes the anchor verification starts from, then they go.
   */
  async prune(now: Date = this.clock.now()): Promise<{ pruned: number; anchorSeq: number }> {
    const cutoff = new Date(now.getTime() - this.options.retentionDays * DAY_MS);
    const last = await new MessageLogRepository(this.db).lastBefore(cutoff);
    let pruned = 0;
    let anchorSeq = (await new MessageLogRepository(this.db).head())?.anchorSeq ?? 0;
    while (last !== null && anchorSeq < last) {
      anchorSeq = await this.db.transaction(async (tx) => {
        const repo = new MessageLogRepository(tx);
        const head = await repo.head();
        if (!head)
          throw new MessageLogBroken({ ok: false, brokenAt: 0, reason: 'removed', records: 0 });
        const through = Math.min(last, head.anchorSeq + PRUNE_BATCH);
        if (through <= head.anchorSeq) return head.anchorSeq;
        const walk = new ChainWalk({ ...head, lastSeq: through });
        const records = await repo.after(head.anchorSeq, through - head.anchorSeq, through);
        for (const record of records) {
          const found = walk.step(record);
          if (found) throw new MessageLogBroken(found);
        }
        if (walk.records !== through - head.anchorSeq) {
          throw new MessageLogBroken({
            ok: false,
            brokenAt: head.anchorSeq + walk.records + 1,
            reason: 'removed',
            records: walk.records,
          });
        }
        pruned += await repo.pruneThrough(through, now);
        return through;
      });
    }
    return { pruned, anchorSeq };
  }

  /** Administrators' search, newest first; `nextBefore` asks for the page after. */
  async search(criteria: MessageSearch) {
    const rows = await new MessageLogRepository(this.db).search({
      ...criteria,
      limit: criteria.limit + 1,
    });
    const items = rows.slice(0, criteria.limit);
    return {
      items,
      nextBefore: rows.length > criteria.limit ? (items.at(-1)?.seq ?? null) : null,
    };
  }

  /** How many days a record is kept. */
  get retentionDays(): number {
    return this.options.retentionDays;
  }

  /** The registered clients by name, for the administrators' filter. */
  clients(): Promise<{ id: string; name: string }[]> {
    return new MessageLogRepository(this.db).clients();
  }
}

/** Every night: records past the retention go, the chain anchored at the last one removed. */
export const messageLogJob = (log: MessageLog, clock: Clock): JobDefinition => ({
  name: 'integration-log-prune',
  cron: '45 2 * * *',
  run: () => log.prune(clock.now()),
});
