import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
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
}

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
    for (const text of envelopes(this.id, messages)) {
      // One after another: in order, and one query at a time on the connection.
      this.sending = this.sending
        .then(() => this.send(text))
        .catch((error: unknown) => {
          // The others' copies expire on their own; they read again at the next gap.
          this.log.warn({ err: error }, 'broadcast: a message could not be sent');
        });
    }
  }

  protected received(text: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      return;
    }
    if (envelope.from === this.id || !Array.isArray(envelope.messages)) return;
    for (const [topic, payload] of envelope.messages) {
      for (const listener of this.listeners.get(topic) ?? []) listener(payload);
    }
  }

  protected gap(): void {
    for (const listener of this.gapListeners) listener();
  }
}

/** Envelopes of at most MAX_MESSAGE_BYTES each, in order. */
function envelopes(from: string, messages: [string, unknown][]): string[] {
  const out: string[] = [];
  let batch: [string, unknown][] = [];
  const text = (list: [string, unknown][]) => JSON.stringify({ from, messages: list });
  for (const message of messages) {
    const next = [...batch, message];
    if (batch.length > 0 && Buffer.byteLength(text(next)) > MAX_MESSAGE_BYTES) {
      out.push(text(batch));
      batch = [message];
    } else {
      batch = next;
    }
  }
  if (batch.length > 0) out.push(text(batch));
  return out;
}

/** PostgreSQL's LISTEN/NOTIFY on a connection of its own (the pool's come and go). */
class PostgresBroadcast extends Batching {
  private client: pg.Client | null = null;

  constructor(
    private readonly url: string,
    log: Log,
  ) {
    super(log);
  }

  async connect(): Promise<void> {
    // Named, so that an operator sees it in pg_stat_activity for what it is.
    const client = new pg.Client({
      connectionString: this.url,
      application_name: 'motcua-broadcast',
    });
    client.on('notification', (n) => {
      if (n.channel === CHANNEL && n.payload) this.received(n.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  private lost(client: pg.Client, error: Error | null): void {
    if (this.closed || this.client !== client) return;
    this.client = null;
    this.log.warn({ err: error }, 'broadcast: connection lost, reconnecting');
    const retry = () => {
      if (this.closed) return;
      this.connect().then(
        () => this.gap(),
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
    this.closed = true;
    await this.client?.end().catch(() => undefined);
  }
}

/** Redis publish/subscribe: a subscribing connection and one to publish on. */
class RedisBroadcast extends Batching {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;

  constructor(url: string, log: Log) {
    super(log);
    this.publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.subscriber = new Redis(url, { lazyConnect: true });
    this.subscriber.on('message', (_channel: string, text: string) => this.received(text));
    for (const client of [this.publisher, this.subscriber]) {
      client.on('error', (error: Error) => this.log.warn({ err: error }, 'broadcast: Redis'));
    }
  }

  async connect(): Promise<void> {
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    await this.subscriber.subscribe(CHANNEL);
    // ioredis subscribes again by itself after a reconnection; what passed meanwhile is lost.
    this.subscriber.on('ready', () => this.gap());
  }

  protected async send(text: string): Promise<void> {
    await this.publisher.publish(CHANNEL, text);
  }

  async close(): Promise<void> {
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
    const redis = new RedisBroadcast(settings.redisUrl, log);
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
