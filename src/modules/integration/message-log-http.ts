import { createHash, randomUUID } from 'node:crypto';
import { pipeline, Transform, type Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http.js';
import { requestLogSerializer } from '../../platform/log-redaction.js';
import { outcomeOf, type MessageLog } from './message-log.js';

/** Every request under this prefix is an exchange with a connected system, and recorded. */
export const LOGGED_PREFIX = '/api/v1/integration/';

/** SHA-256 and length of a body's bytes as they pass; the hash is there once all have. */
class Digest {
  private readonly hash = createHash('sha256');
  bytes = 0;
  sha256: string | null = null;
  /** Finished, or given up (not all the bytes were seen): nothing more changes. */
  done = false;
  private settle: () => void = () => undefined;
  /** Once done: what the multipart path waits for (its body may end after the answer). */
  readonly settled = new Promise<void>((resolve) => (this.settle = resolve));

  update(chunk: Buffer | Uint8Array | string) {
    if (this.done) return;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.hash.update(bytes);
    this.bytes += bytes.length;
  }

  /** Every byte has passed: the hash, unless fewer came than the request declared. */
  finish(declared?: number) {
    if (this.done) return;
    if (declared === undefined || declared === this.bytes) this.sha256 = this.hash.digest('hex');
    this.abandon();
  }

  /** Not every byte was seen (cut off, or never read): no hash. */
  abandon() {
    this.done = true;
    this.settle();
  }

  static of(body: Buffer | Uint8Array | string | null) {
    const digest = new Digest();
    if (body !== null) digest.update(body);
    digest.finish();
    return digest;
  }
}

/** A stream that passes bytes on unchanged and hashes them on the way. */
const hashing = (digest: Digest, declared?: number) =>
  new Transform({
    transform(chunk: Buffer, _encoding, done) {
      digest.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      digest.finish(declared);
      done();
    },
  });

/** How long a multipart body may go on arriving after the answer before it is given up. */
const BODY_GRACE_MS = 30_000;

interface Exchange {
  id: string;
  at: Date;
  started: number;
  /** The request body's digest, once its reading has begun (null: not read). */
  request: Digest | null;
  /** The answer's, from onSend. */
  response: Digest | null;
  problemCode: string | null;
  /** Its body is read by the handler itself (multipart): the record waits for its end. */
  waitForBody: boolean;
  recorded: boolean;
}

/** Methods whose body Fastify reads; a body on any other is never read. */
const BODYLESS = new Set(['GET', 'HEAD', 'TRACE']);

const sendsBody = (request: FastifyRequest) =>
  request.headers['transfer-encoding'] !== undefined ||
  Number(request.headers['content-length'] ?? 0) > 0;

const isMultipart = (request: FastifyRequest) =>
  String(request.headers['content-type'] ?? '')
    .toLowerCase()
    .startsWith('multipart/');

const isReadable = (value: unknown): value is Readable =>
  value !== null && typeof value === 'object' && typeof (value as Readable).pipe === 'function';

/** An error answer's problem-details code (RFC 9457 `code`), when it has one. */
function problemCodeOf(reply: FastifyReply, payload: unknown): string | null {
  if (reply.statusCode < 400) return null;
  if (!String(reply.getHeader('content-type') ?? '').includes('json')) return null;
  const text = Buffer.isBuffer(payload) ? payload.toString('utf8') : payload;
  if (typeof text !== 'string' || text.length > 65_536) return null;
  try {
    const code = (JSON.parse(text) as { code?: unknown }).code;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}

/**
 * The address as the log keeps it: the path with ID numbers and long tokens redacted (the
 * request log's rule), and of the query string the parameters' names only.
 */
export function loggedPath(request: FastifyRequest): string {
  const url = requestLogSerializer(request).url;
  const at = url.indexOf('?');
  if (at === -1) return url;
  const names = url
    .slice(at + 1)
    .split('&')
    .map((pair) => pair.split('=', 1)[0]!)
    .filter((name) => name !== '');
  return `${url.slice(0, at)}${names.length > 0 ? `?${[...new Set(names)].join('&')}` : ''}`;
}

const EMPTY = Digest.of(null);

export interface MessageLogHooks {
  /** The API client making the request, once known (the integration's authentication). */
  clientOf(request: FastifyRequest): string | null;
}

/**
 * Records every request under /api/v1/integration/ in the message log, refused ones (401,
 * 403, 429, 404…) too, from hooks on the whole app: register it before the integration routes.
 *
 * What is hashed: the request body's bytes exactly as received (a preParsing hook passes the
 * stream through a hashing one before any parser reads it; for multipart, which its parser
 * reads from the raw request, the raw stream's bytes as they flow) and the answer's body as
 * given to Node after serialisation (a stream passes through a hashing one). A request with
 * no body has the hash of zero bytes; a body never read (the request was refused before it)
 * has none. Every answer carries the exchange's id in `X-Request-Id`. The record is written
 * once the answer has gone (onResponse), or when the caller goes away (onRequestAbort):
 * nobody waits for it.
 */
export function registerMessageLog(app: App, log: MessageLog, hooks: MessageLogHooks) {
  const exchanges = new WeakMap<FastifyRequest, Exchange>();

  /** The request's exchange, begun at its first hook that runs (a 429 skips the others). */
  const exchangeOf = (request: FastifyRequest, elapsedMs = 0): Exchange | undefined => {
    let exchange = exchanges.get(request);
    if (!exchange && request.url.startsWith(LOGGED_PREFIX)) {
      exchange = {
        id: randomUUID(),
        at: new Date(log.clock.now().getTime() - elapsedMs),
        started: performance.now() - elapsedMs,
        request: null,
        response: null,
        problemCode: null,
        waitForBody: false,
        recorded: false,
      };
      exchanges.set(request, exchange);
    }
    return exchange;
  };

  const write = (request: FastifyRequest, exchange: Exchange, status: number | null) => {
    if (exchange.recorded) return;
    exchange.recorded = true;
    let clientId: string | null = null;
    try {
      clientId = hooks.clientOf(request);
    } catch {
      // Whoever it was, the exchange is recorded.
    }
    const durationUs = (performance.now() - exchange.started) * 1000;
    const answer = status === null ? null : exchange.response;
    const record = () => {
      // A body whose reading had begun but is not done by now never will be (refused).
      const body = exchange.request ?? (sendsBody(request) ? null : EMPTY);
      const hashed = body?.done ? body.sha256 : null;
      return log.record({
        requestId: exchange.id,
        clientId,
        at: exchange.at,
        method: request.method,
        route: request.routeOptions.url ?? null,
        path: loggedPath(request),
        status,
        outcome: outcomeOf(status),
        problemCode: exchange.problemCode,
        requestSha256: hashed,
        requestBytes: hashed === null ? null : body!.bytes,
        responseSha256: answer?.sha256 ?? null,
        responseBytes: answer?.sha256 ? answer.bytes : null,
        durationUs,
      });
    };
    const waited = exchange.waitForBody && exchange.request ? exchange.request.settled : null;
    log.track(waited ? waited.then(record) : record()).catch((error: unknown) => {
      request.log.error({ err: error }, 'the message log did not record an exchange');
    });
  };

  app.addHook('onRequest', (request, reply, done) => {
    const exchange = exchangeOf(request);
    if (exchange) reply.header('x-request-id', exchange.id);
    done();
  });

  app.addHook('preParsing', (request, _reply, payload, done) => {
    const exchange = exchanges.get(request);
    if (!exchange || BODYLESS.has(request.method) || !sendsBody(request)) {
      done(null, payload);
      return;
    }
    const digest = new Digest();
    exchange.request = digest;
    const length = request.headers['content-length'];
    const declared = length === undefined ? undefined : Number(length);
    if (!isMultipart(request)) {
      const tee = hashing(digest, declared);
      payload.on('error', (error) => tee.destroy(error));
      payload.pipe(tee);
      done(null, tee);
      return;
    }
    // The multipart parser reads request.raw itself, in the handler, and may answer before
    // the last bytes are in: listen to the raw stream without starting it (paused, it flows
    // once the parser pipes it), rather than put a stream in between, and let the record wait.
    exchange.waitForBody = true;
    if (payload !== request.raw) {
      digest.abandon();
    } else {
      const onData = (chunk: Buffer) => digest.update(chunk);
      payload.pause();
      payload.on('data', onData);
      // Node drops the listeners of a body nobody read before it discards the rest.
      payload.once('end', () =>
        payload.listeners('data').includes(onData) ? digest.finish(declared) : digest.abandon(),
      );
      payload.once('close', () => digest.abandon());
      payload.once('error', () => digest.abandon());
      setTimeout(() => digest.abandon(), BODY_GRACE_MS).unref();
    }
    done(null, payload);
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    const exchange = exchangeOf(request, reply.elapsedTime);
    if (!exchange) {
      done(null, payload);
      return;
    }
    if (!reply.hasHeader('x-request-id')) reply.header('x-request-id', exchange.id);
    exchange.problemCode = problemCodeOf(reply, payload);
    if (payload === null || payload === undefined) {
      exchange.response = EMPTY;
    } else if (typeof payload === 'string' || payload instanceof Uint8Array) {
      exchange.response = Digest.of(payload);
    } else if (isReadable(payload)) {
      const digest = new Digest();
      exchange.response = digest;
      const tee = hashing(digest);
      done(
        null,
        pipeline(payload, tee, () => undefined),
      );
      return;
    } else {
      exchange.response = null;
    }
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    const exchange = exchanges.get(request);
    if (exchange) write(request, exchange, reply.statusCode);
    done();
  });

  app.addHook('onRequestAbort', (request, done) => {
    const exchange = exchanges.get(request);
    if (exchange) write(request, exchange, null);
    done();
  });

  // Records under way are written before the database closes.
  app.addHook('onClose', async () => log.settled());
}
