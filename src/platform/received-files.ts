import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished, PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Temporary files this request received, removed once it is answered. */
    receivedFiles: { paths: string[]; answered: boolean } | null;
  }
}

/**
 * An uploaded file as it arrived: written to a temporary file and hashed on its way in, so
 * that checks and stores read it from disk and no upload is ever held whole in memory.
 */
export interface ReceivedFile {
  path: string;
  size: number;
  sha256: string;
  /** Hex MD5: an S3 store's Content-MD5. */
  md5: string;
}

/** More bytes came than the file may have: the request is refused as too large. */
export const tooLarge = () => new ProblemError(413, 'payload_too_large', 'errors.tooLarge');

/** What `receiveFile` made, so that a request body is known to be one (`isReceivedFile`). */
const received = new WeakSet<object>();

/**
 * Writes `source` to a new temporary file (readable by this user alone), hashing and
 * counting it. Past `maxBytes` it stops with a 413 problem and removes what it wrote; the
 * source is left unread rather than destroyed, so a request can still be answered.
 * The caller removes the file (`receiveRequestFile` leaves that to the request's answer).
 */
export async function receiveFile(
  source: Readable,
  options: { maxBytes?: number; path?: string } = {},
): Promise<ReceivedFile> {
  const path = options.path ?? temporaryPath();
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  let size = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (options.maxBytes !== undefined && size > options.maxBytes) return done(tooLarge());
      sha256.update(chunk);
      md5.update(chunk);
      done(null, chunk);
    },
  });
  // Piped, not handed to the pipeline: an error stops the reading without destroying the
  // source. What pipe() does not pass on, the source failing or cut short, is passed here.
  const feed = source.pipe(new PassThrough());
  finished(source, { writable: false }, (error) => error && feed.destroy(error));
  try {
    await pipeline(feed, hashing, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (error) {
    source.unpipe();
    await rm(path, { force: true });
    throw error;
  }
  const file = { path, size, sha256: sha256.digest('hex'), md5: md5.digest('hex') };
  received.add(file);
  return file;
}

/** Whether `value` is a file `receiveFile` made (a request body could be anything else). */
export const isReceivedFile = (value: unknown): value is ReceivedFile =>
  typeof value === 'object' && value !== null && received.has(value);

/** A received file's bytes as a stream (for a store, or a check that reads it all). */
export const readReceived = (file: ReceivedFile) => createReadStream(file.path);

/**
 * `receiveFile` for a request: the file is removed once the request is answered, whether
 * its handler succeeded or failed, and even when the person is gone by then.
 */
export async function receiveRequestFile(
  request: FastifyRequest,
  source: Readable,
  options: { maxBytes?: number } = {},
): Promise<ReceivedFile> {
  const path = temporaryPath();
  const files = (request.receivedFiles ??= { paths: [], answered: false });
  files.paths.push(path);
  const file = await receiveFile(source, { ...options, path });
  // Received after the answer (a part the parser had queued): nobody will read it.
  if (files.answered) removeAll(request);
  return file;
}

/**
 * Removes each request's received files when its answer is made (onSend): the handler is
 * done with them then, even if the connection closed while it worked. Files a process left
 * behind (it was killed mid-request) are swept at start and every hour once a day old.
 */
export function registerReceivedFiles(app: FastifyInstance) {
  app.decorateRequest('receivedFiles', null);
  app.addHook('onSend', (request, _reply, payload, done) => {
    if (request.receivedFiles) {
      request.receivedFiles.answered = true;
      removeAll(request);
    }
    done(null, payload);
  });
  const sweep = () =>
    sweepReceivedFiles(STALE_MS).catch((error: unknown) =>
      app.log.error({ err: error }, 'stale received files were not swept'),
    );
  void sweep();
  const every = setInterval(sweep, 3_600_000).unref();
  app.addHook('onClose', (_app, done) => {
    clearInterval(every);
    done();
  });
}

function removeAll(request: FastifyRequest) {
  for (const path of request.receivedFiles?.paths.splice(0) ?? []) {
    rm(path, { force: true }).catch((error: unknown) => {
      request.log.error({ err: error, path }, 'a received file was not removed');
    });
  }
}

/** No upload takes a day: a received file that old was left by a process that died. */
const STALE_MS = 24 * 3_600_000;

/** Removes received files older than `olderThanMs` from the temporary folder. */
export async function sweepReceivedFiles(olderThanMs: number, now = Date.now()): Promise<number> {
  const folder = tmpdir();
  let removed = 0;
  for (const name of await readdir(folder)) {
    if (!name.startsWith(PREFIX)) continue;
    const path = join(folder, name);
    const modified = await stat(path).then(
      (s) => s.mtimeMs,
      () => now,
    );
    if (now - modified > olderThanMs) {
      await rm(path, { force: true });
      removed++;
    }
  }
  return removed;
}

const PREFIX = 'motcua-received-';
const temporaryPath = () => join(tmpdir(), `${PREFIX}${randomBytes(12).toString('hex')}`);
