import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit';
import { Redis } from 'ioredis';
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

/** Expired windows are deleted by whichever request comes first after this long. */
const PRUNE_EVERY_MS = 60_000;

/** A fixed window per key: the first hit sets when it resets, later ones count up to it. */
const INCREMENT = `
  INSERT INTO rate_limit_windows AS w (key, hits, resets_at)
  VALUES ($1, 1, now() + make_interval(secs => $2::double precision / 1000))
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN w.resets_at <= now() THEN 1 ELSE w.hits + 1 END,
    resets_at = CASE WHEN w.resets_at <= now() THEN excluded.resets_at ELSE w.resets_at END
  RETURNING hits,
    greatest(0, ceil(extract(epoch FROM resets_at - now()) * 1000))::integer AS ttl`;

/** The plugin's store contract (`new Store(options)`), over the shared database. */
export function postgresRateLimitStore(db: Queryable) {
  let prunedAt = 0;
  const prune = () => {
    if (Date.now() - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = Date.now();
    void db.query('DELETE FROM rate_limit_windows WHERE resets_at < now()').catch(() => undefined);
  };
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
      prune();
      db.query<{ hits: number; ttl: number }>(INCREMENT, [this.prefix + key, timeWindow]).then(
        ([row]) => callback(null, { current: row?.hits ?? 1, ttl: row?.ttl ?? timeWindow }),
        (error: Error) => callback(error),
      );
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
export function sharedRateLimits(
  settings: { redisUrl: string | null; shared: boolean },
  db: Queryable,
): { options: Partial<FastifyRateLimitOptions>; close: () => Promise<void> } {
  if (settings.redisUrl) {
    const redis = new Redis(settings.redisUrl, {
      // A request waits for its count at most this long, then goes on (skipOnError).
      connectTimeout: 1_000,
      commandTimeout: 500,
      maxRetriesPerRequest: 1,
    });
    redis.on('error', () => undefined);
    return {
      options: { redis, nameSpace: 'motcua-rate-', skipOnError: true },
      close: async () => redis.disconnect(),
    };
  }
  if (settings.shared) {
    return {
      options: { store: postgresRateLimitStore(db), skipOnError: true },
      close: async () => undefined,
    };
  }
  return { options: {}, close: async () => undefined };
}
