import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit';
import type { Queryable } from './db.js';

/*
 * Where request counts are kept, so that a limit holds across every portal process: Redis
 * when there is one, else the PostgreSQL database they share. The embedded database has one
 * process, whose memory the plugin uses by itself.
 */

/** Keys are namespaced per route (`child`), as the plugin's own stores do. */
type Child = Parameters<FastifyRateLimitStore['child']>[0] & {
  routeInfo?: { method?: string; url?: string };
};

/** Hits are sent to the shared table this often: a request never waits for the database. */
const FLUSH_EVERY_MS = 100;
/** Expired windows are deleted from the table by one process this often (whichever flushes). */
const PRUNE_EVERY_MS = 60_000;

/**
 * Adds each key's new hits to its window in one statement, and answers every process's sum.
 * A window that has ended starts again with these hits.
 */
const ADD_HITS = `
  INSERT INTO rate_limit_windows AS w (key, hits, resets_at)
  SELECT key, hits, now() + make_interval(secs => window_ms / 1000.0)
    FROM unnest($1::text[], $2::integer[], $3::integer[]) AS t (key, hits, window_ms)
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN w.resets_at <= now() THEN excluded.hits ELSE w.hits + excluded.hits END,
    resets_at = CASE WHEN w.resets_at <= now() THEN excluded.resets_at ELSE w.resets_at END
  RETURNING key, hits,
    greatest(0, ceil(extract(epoch FROM w.resets_at - now()) * 1000))::integer AS ttl`;

interface Window {
  /** Every process's hits as the table last said, and this process's since then. */
  shared: number;
  pending: number;
  /** Hits being sent now, counted in `shared` once the table answers. */
  sending: number;
  resetsAt: number;
}

/**
 * Counts in this process, summed with every other's through the shared table: a tenth of a
 * second after a hit, its process sends its new hits and learns every process's sum. A limit
 * holds across processes to within what each lets through before its next flush (a tenth of
 * a second of that client's traffic), and a request costs no database round trip: one
 * statement per flush carries every key.
 */
class SharedCounts {
  private readonly windows = new Map<string, Window>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private closed = false;
  private prunedAt = Date.now();

  constructor(private readonly db: Queryable) {}

  hit(key: string, windowMs: number): { current: number; ttl: number } {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetsAt <= now) {
      window = { shared: 0, pending: 0, sending: 0, resetsAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.pending += 1;
    this.schedule();
    return { current: window.shared + window.sending + window.pending, ttl: window.resetsAt - now };
  }

  /** One flush at a time: hits counted while one is sent go with the next. */
  private schedule(): void {
    if (this.timer || this.flushing || this.closed) return;
    this.timer = setTimeout(() => void this.flush(), FLUSH_EVERY_MS).unref();
  }

  flush(): Promise<void> {
    this.timer = null;
    this.flushing ??= this.send(Date.now()).finally(() => {
      this.flushing = null;
      if ([...this.windows.values()].some((w) => w.pending > 0)) this.schedule();
    });
    return this.flushing;
  }

  private async send(now: number): Promise<void> {
    const keys: string[] = [];
    for (const [key, window] of this.windows) {
      if (window.pending > 0) keys.push(key);
      else if (window.resetsAt <= now) this.windows.delete(key);
    }
    if (keys.length === 0) return;
    // Rows locked in one order by every process: two flushes never deadlock.
    keys.sort();
    const sent = keys.map((key) => {
      const window = this.windows.get(key)!;
      window.sending = window.pending;
      window.pending = 0;
      return window;
    });
    try {
      const rows = await this.db.query<{ key: string; hits: number; ttl: number }>(ADD_HITS, [
        keys,
        sent.map((w) => w.sending),
        sent.map((w) => Math.max(1, w.resetsAt - now)),
      ]);
      for (const row of rows) {
        const window = this.windows.get(row.key);
        // The table's clock decides when a window ends; this one's counts down from there.
        if (window) Object.assign(window, { shared: row.hits, resetsAt: now + row.ttl });
      }
    } catch {
      // The table is away: the hits stay counted here and are sent with the next ones.
      for (const window of sent) window.pending += window.sending;
    } finally {
      for (const window of sent) window.sending = 0;
    }
    this.prune(now);
  }

  private prune(now: number): void {
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    void this.db
      .query('DELETE FROM rate_limit_windows WHERE resets_at < now()')
      .catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    // A flush under way finishes first; the hits counted after it go in a last one.
    await this.flushing;
    await this.send(Date.now());
  }
}

/** The plugin's store contract (`new Store(options)`), over the shared counts. */
function postgresRateLimitStore(counts: SharedCounts) {
  return class PostgresRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: FastifyRateLimitOptions,
      private readonly prefix = 'global:',
    ) {}

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      callback(null, counts.hit(this.prefix + key, timeWindow));
    }

    child(route: Child): FastifyRateLimitStore {
      const name = `${route.routeInfo?.method ?? ''}${route.routeInfo?.url ?? ''}:`;
      return new PostgresRateLimitStore({}, `${this.prefix}${name}`);
    }
  };
}

/**
 * The plugin's settings for the shared store, and what closes it with the app. A store that
 * fails (Redis or the database away) lets the request through: the portal stays up, limits
 * resume when the store answers (skipOnError).
 */
export async function sharedRateLimits(
  settings: { redisUrl: string | null; shared: boolean; scope: string },
  db: Queryable,
): Promise<{ options: Partial<FastifyRateLimitOptions>; close: () => Promise<void> }> {
  if (settings.redisUrl) {
    // Loaded only where there is a Redis: most deployments have none.
    const { Redis } = await import('ioredis');
    const redis = new Redis(settings.redisUrl, {
      // A request waits for its count at most this long, then goes on (skipOnError).
      connectTimeout: 1_000,
      commandTimeout: 500,
      maxRetriesPerRequest: 1,
    });
    redis.on('error', () => undefined);
    return {
      options: { redis, nameSpace: `motcua-rate:${settings.scope}:`, skipOnError: true },
      close: async () => redis.disconnect(),
    };
  }
  if (settings.shared) {
    const counts = new SharedCounts(db);
    return {
      options: { store: postgresRateLimitStore(counts) },
      close: () => counts.close(),
    };
  }
  return { options: {}, close: async () => undefined };
}
