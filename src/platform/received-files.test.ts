import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  isReceivedFile,
  receiveRequestFile,
  registerReceivedFiles,
  sweepReceivedFiles,
  type ReceivedFile,
} from './received-files.js';

// This file's own temporary folder (os.tmpdir() reads TMPDIR at each call).
const folder = await mkdtemp(join(tmpdir(), 'motcua-received-test-'));
process.env.TMPDIR = folder;
afterAll(() => rm(folder, { recursive: true, force: true }));

/** A promise and what settles it (Promise.withResolvers comes with Node 22). */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** What the slow route's handler saw, once it is done. */
let handled = deferred<{ file: ReceivedFile; bytes: Buffer }>();
let bodyReceived = deferred<ReceivedFile>();

const app = Fastify();
registerReceivedFiles(app);
app.addContentTypeParser('application/octet-stream', (request: FastifyRequest, payload: Readable) =>
  receiveRequestFile(request, payload),
);
// Works on its file only after the person has gone.
app.post('/slow', async (request) => {
  const file = request.body as ReceivedFile;
  const gone = request.raw.socket.destroyed ? null : once(request.raw.socket, 'close');
  bodyReceived.resolve(file);
  await gone;
  // A slow check or store, still at work after the connection closed.
  await sleep(100);
  // A file removed too early is told as what was read instead (the test fails at once).
  const bytes = await readFile(file.path).catch((error: Error) => Buffer.from(error.message));
  handled.resolve({ file, bytes });
  return { size: bytes.length };
});

beforeAll(() => app.listen({ host: '127.0.0.1', port: 0 }));
afterAll(() => app.close());

const receivedNow = async () =>
  (await readdir(folder)).filter((name) => name.startsWith('motcua-received-'));

describe('a request’s received files', () => {
  it('stay until the handler has answered, even when the person left before', async () => {
    handled = deferred();
    bodyReceived = deferred();
    const body = randomBytes(300_000);
    const { port } = app.server.address() as { port: number };
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(
      `POST /slow HTTP/1.1\r\nHost: localhost\r\ncontent-type: application/octet-stream\r\n` +
        `content-length: ${body.length}\r\n\r\n`,
    );
    socket.end(body);
    // Whole body received, then the person gone before any answer.
    const waiting = await bodyReceived.promise;
    expect(await receivedNow()).toHaveLength(1);
    socket.destroy();
    const { file, bytes } = await handled.promise;
    expect(file).toBe(waiting);
    expect(bytes.equals(body)).toBe(true);
    expect(file.size).toBe(body.length);
    expect(isReceivedFile(file)).toBe(true);
    // Answered (to nobody): the file is removed.
    await expect.poll(() => existsSync(file.path)).toBe(false);
    expect(await receivedNow()).toEqual([]);
  });

  it('are told apart from a body that only looks like one', () => {
    expect(isReceivedFile({ path: '/etc/passwd', size: 1, sha256: 'a', md5: 'b' })).toBe(false);
    expect(isReceivedFile(null)).toBe(false);
  });
});

describe('received files a dead process left behind', () => {
  it('are swept once a day old; newer ones and other files stay', async () => {
    const now = Date.now();
    const paths = {
      stale: join(folder, 'motcua-received-stale'),
      fresh: join(folder, 'motcua-received-fresh'),
      other: join(folder, 'someone-elses-file'),
    };
    for (const path of Object.values(paths)) await writeFile(path, 'x');
    const dayAndMinuteAgo = new Date(now - 24 * 3_600_000 - 60_000);
    await utimes(paths.stale, dayAndMinuteAgo, dayAndMinuteAgo);
    await utimes(paths.other, dayAndMinuteAgo, dayAndMinuteAgo);
    expect(await sweepReceivedFiles(24 * 3_600_000, now)).toBe(1);
    expect(existsSync(paths.stale)).toBe(false);
    expect(existsSync(paths.fresh)).toBe(true);
    expect(existsSync(paths.other)).toBe(true);
    await rm(paths.fresh);
    await rm(paths.other);
  });
});
