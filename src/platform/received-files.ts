import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished, PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Temporary files this request received, removed once it is answered or abandoned. */
    receivedFiles: string[] | null;
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

/**
 * Writes `source` to a new temporary file (readable by this user alone), hashing and
 * counting it. Past `maxBytes` it stops with a 413 problem and removes what it wrote; the
 * source is left unread rather than destroyed, so a request can still be answered.
 * The caller removes the file (`receiveRequestFile` leaves that to the request's end).
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
  return { path, size, sha256: sha256.digest('hex'), md5: md5.digest('hex') };
}

/** A received file's bytes as a stream (for a store, or a check that reads it all). */
export const readReceived = (file: ReceivedFile) => createReadStream(file.path);

/** `receiveFile` for a request: the file is removed when the request is over, however it ends. */
export async function receiveRequestFile(
  request: FastifyRequest,
  source: Readable,
  options: { maxBytes?: number } = {},
): Promise<ReceivedFile> {
  const path = temporaryPath();
  (request.receivedFiles ??= []).push(path);
  return receiveFile(source, { ...options, path });
}

/**
 * Removes each request's received files once its answer is sent or its connection is gone
 * (the response's `close` comes either way).
 */
export function registerReceivedFiles(app: FastifyInstance) {
  app.decorateRequest('receivedFiles', null);
  app.addHook('onRequest', (request, reply, done) => {
    reply.raw.once('close', () => {
      const paths = request.receivedFiles;
      if (!paths) return;
      request.receivedFiles = null;
      for (const path of paths) {
        rm(path, { force: true }).catch((error: unknown) => {
          request.log.error({ err: error, path }, 'a received file was not removed');
        });
      }
    });
    done();
  });
}

const temporaryPath = () => join(tmpdir(), `motcua-received-${randomBytes(12).toString('hex')}`);
