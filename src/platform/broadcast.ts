import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import pg from 'pg';

/**
 * What one portal process tells the others sharing its database: that something they keep
 * in memory changed (the catalog, a person's session, published answers). Each process keeps
 * what it read for speed; without this, another process would show what was true before
 * until its copy expired. Messages are hints to read again, never data: a message lost
 * (a broken connection) is made good by `onGap`, where everything is read again.
 */
export interface Broadcast {
  /** Tells every other process; this one has already acted on it. */
  publish(topic: string, payload: unknown): void;
  /** What another process published on `topic`. */
  subscribe(topic: string, listener: (payload: unknown) => void): void;
  /** Called when messages may have been missed (the connection came back). */
  onGap(listener: () => void): void;
  close(): Promise<void>;
}

interface Log {
  warn(object: unknown, message: string): void;
}

/** One process (the embedded database): there is nobody to tell. */
export const singleProcess = (): Broadcast => ({
  publish: () => undefined,
  subscribe: () => undefined,
  onGap: () => undefined,
  close: async () => undefined,
});

/** PostgreSQL caps a notification at 8,000 bytes; a batch is split well below. */
const MAX_MESSAGE_BYTES = 7_000;
const CHANNEL = 'motcua_broadcast';
const RECONNECT_MS = 1_000;

interface Envelope {
  /** The process that sent it, which ignores its own. */
  from: string;
  messages: [topic: string, payload: unknown][];
  /** The sender lost messages (it could not send them): every receiver reads everything again. */
  gap?: boolean;
}

/** How often an idle connection is checked: a half-open one would stop notifications unseen. */
const PING_MS = 30_000;

/**
 * The shared part of both transports: messages of one tick go out as one envelope (a
 * request that changes several things sends one notification), and envelopes from
 * elsewhere are handed to the topic's listeners.
 */
abstract class Batching implements Broadcast {
  protected readonly id = randomUUID();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly gapListeners = new Set<() => void>();
  private pending: [string, unknown][] = [];
  private sending: Promise<void> = Promise.resolve();
  protected closed = false;

  constructor(protected readonly log: Log) {}

  /** Set when a message could not be sent: the next envelope that goes out says so. */
  private lostSome = false;

  publish(topic: string, payload: unknown): void {
    if (this.closed) return;
    if (this.pending.length === 0) setImmediate(() => this.flush());
    this.pending.push([topic, payload]);
  }

  subscribe(topic: string, listener: (payload: unknown) => void): void {
    const set = this.listeners.get(topic) ?? new Set();
    set.add(listener);
    this.listeners.set(topic, set);
  }

  onGap(listener: () => void): void {
    this.gapListeners.add(listener);
  }

  abstract close(): Promise<void>;

  protected abstract send(text: string): Promise<void>;

  private flush(): void {
    const messages = this.pending;
    this.pending = [];
    for (const text of envelopes(this.id, messages)) this.queue(text);
  }

  /** One after another: in order, and one query at a time on the connection. */
  private queue(text: string): void {
    this.sending = this.sending
      .then(() => this.send(text))
      .catch((error: unknown) => {
        this.log.warn({ err: error }, 'broadcast: a message could not be sent');
        this.lostSome = true;
      });
  }

  /**
   * Back after a broken connection: what was sent meanwhile may not have been heard here,
   * and what this process could not send was not heard elsewhere: both sides read again.
   */
  protected reconnected(): void {
    this.gap();
    if (this.lostSome) {
      this.lostSome = false;
      this.queue(JSON.stringify({ from: this.id, messages: [], gap: true } satisfies Envelope));
    }
  }

  /** Waits for what is being sent, so that a stopping process's last changes go out. */
  protected async drained(): Promise<void> {
    await this.sending;
  }

  protected received(text: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      return;
    }
    if (envelope.from === this.id || !Array.isArray(envelope.messages)) return;
    if (envelope.gap) this.gap();
    for (const [topic, payload] of envelope.messages) {
      for (const listener of this.listeners.get(topic) ?? []) listener(payload);
    }
  }

  protected gap(): void {
    for (const listener of this.gapListeners) listener();
  }
}

/**
 * Envelopes of at most MAX_MESSAGE_BYTES each, in order. A message too large for one on its
 * own goes as a gap instead: every receiver reads everything again, which covers it.
 */
function envelopes(from: string, messages: [string, unknown][]): string[] {
  const out: string[] = [];
  let batch: [string, unknown][] = [];
  const text = (list: [string, unknown][], gap = false) =>
    JSON.stringify({ from, messages: list, ...(gap ? { gap } : {}) } satisfies Envelope);
  const fits = (list: [string, unknown][]) => Buffer.byteLength(text(list)) <= MAX_MESSAGE_BYTES;
  for (const message of messages) {
    if (!fits([message])) {
      if (batch.length > 0) out.push(text(batch));
      out.push(text([], true));
      batch = [];
    } else if (fits([...batch, message])) {
      batch.push(message);
    } else {
      out.push(text(batch));
      batch = [message];
    }
  }
  if (batch.length > 0) out.push(text(batch));
  return out;
}

/** PostgreSQL's LISTEN/NOTIFY on a connection of its own (the pool's come and go). */
class PostgresBroadcast extends Batching {
  private client: pg.Client | null = null;
  private ping: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    log: Log,
  ) {
    super(log);
  }

  async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      // Named, so that an operator sees it in pg_stat_activity for what it is.
      application_name: 'motcua-broadcast',
      keepAlive: true,
      query_timeout: 10_000,
    });
    client.on('notification', (n) => {
      if (n.channel === CHANNEL && n.payload) this.received(n.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.ping ??= setInterval(() => this.check(), PING_MS).unref();
  }

  /** A connection that stopped answering is replaced (and what it missed read again). */
  private check(): void {
    const client = this.client;
    client?.query('SELECT 1').catch((error: Error) => {
      this.lost(client, error);
      void client.end().catch(() => undefined);
    });
  }

  private lost(client: pg.Client, error: Error | null): void {
    if (this.closed || this.client !== client) return;
    this.client = null;
    this.log.warn({ err: error }, 'broadcast: connection lost, reconnecting');
    const retry = () => {
      if (this.closed) return;
      this.connect().then(
        () => this.reconnected(),
        () => setTimeout(retry, RECONNECT_MS).unref(),
      );
    };
    setTimeout(retry, RECONNECT_MS).unref();
  }

  protected async send(text: string): Promise<void> {
    if (!this.client) throw new Error('not connected');
    await this.client.query('SELECT pg_notify($1, $2)', [CHANNEL, text]);
  }

  async close(): Promise<void> {
    await this.drained();
    this.closed = true;
    if (this.ping) clearInterval(this.ping);
    await this.client?.end().catch(() => undefined);
  }
}

/** Redis publish/subscribe: a subscribing connection and one to publish on. */
class RedisBroadcast extends Batching {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  constructor(
    RedisClient: typeof Redis,
    url: string,
    private readonly channel: string,
    log: Log,
  ) {
    super(log);
    this.publisher = new RedisClient(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.subscriber = new RedisClient(url, { lazyConnect: true });
    this.subscriber.on('message', (_channel: string, text: string) => this.received(text));
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error: Error) => this.log.warn({ err: error }, 'broadcast: Redis'));
    }
  }

  async connect(): Promise<void> {
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    await this.subscriber.subscribe(this.channel);
    // ioredis subscribes again by itself after a reconnection (its 'ready' may come first):
    // subscribed again for sure, what passed meanwhile is read again.
    this.subscriber.on('ready', () => {
      void this.subscriber.subscribe(this.channel).then(
        () => this.reconnected(),
        () => undefined,
      );
    });
  }

  protected async send(text: string): Promise<void> {
    await this.publisher.publish(this.channel, text);
  }

  async close(): Promise<void> {
    await this.drained();
    this.closed = true;
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}

/**
 * Redis when there is one (REDIS_URL), else PostgreSQL's own notifications, else (the
 * embedded database: one process) nothing.
 */
export async function openBroadcast(
  settings: { redisUrl: string | null; databaseUrl: string | null },
  log: Log,
): Promise<Broadcast> {
  if (settings.redisUrl) {
    // One Redis may serve several deployments (or test databases): each hears its own.
    const channel = `${CHANNEL}:${deploymentScope(settings.databaseUrl)}`;
    // Loaded only where there is a Redis: most deployments have none.
    const { Redis } = await import('ioredis');
    const redis = new RedisBroadcast(Redis, settings.redisUrl, channel, log);
    await redis.connect();
    return redis;
  }
  if (settings.databaseUrl) {
    const postgres = new PostgresBroadcast(settings.databaseUrl, log);
    await postgres.connect();
    return postgres;
  }
  return singleProcess();
}

/**
 * Relays one kind of change between processes: what `local` announces here is published;
 * what another process published is `apply`-ed here without being published again.
 */
export function relay<T>(
  broadcast: Broadcast,
  topic: string,
  local: (announce: (payload: T) => void) => void,
  apply: (payload: T) => void,
): void {
  let applying = false;
  local((payload) => {
    if (!applying) broadcast.publish(topic, payload);
  });
  broadcast.subscribe(topic, (payload) => {
    applying = true;
    try {
      apply(payload as T);
    } finally {
      applying = false;
    }
  });
}

/** What tells deployments sharing one Redis apart: the name of their database. */
export const deploymentScope = (databaseUrl: string | null): string =>
  databaseUrl
    ? decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || 'postgres'
    : 'embedded';
