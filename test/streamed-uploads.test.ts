import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/platform/db.js';
import { afterFile } from './cleanup.js';
import { badinhWard } from './dossiers.js';
import { freePort } from './helpers.js';
import { seededDataDir, serve, stop } from './processes.js';
import { startTestBucket } from './s3-bucket.js';
import { sessionCookie, simulatedCitizen } from './sessions.js';

/*
 * Uploads stream: a real `npm start` process takes a file of 96 MB through the dossier API
 * into its store (the local folder, then an S3 bucket), and its peak memory grows by far
 * less than the file. The file waits on disk (a temporary file, hashed as it arrives) and
 * is gone once the request is over, answered or abandoned.
 */

const MB = 1_048_576;
const FILE_BYTES = 96 * MB;
/**
 * What holding the file whole costs at least: read into memory as chunks, then joined into
 * one buffer (measured so: 195 MB). Streamed, the rise is what the garbage collector lets
 * pass before it runs (measured 35–43 MB).
 */
const HELD_WHOLE = 2 * FILE_BYTES;
const CHUNK = Buffer.alloc(MB, 0x20);
/** What the file starts with: a PDF by its content, as the portal checks. */
const HEAD = Buffer.from('%PDF-1.4\n');

/** The upload's parts, a megabyte at a time, generated: the sender holds none of it either. */
async function* multipartBody(
  boundary: string,
  fields: Record<string, string>,
  stopAfter?: number,
) {
  for (const [name, value] of Object.entries(fields)) {
    yield Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    );
  }
  yield Buffer.from(
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="ban-goc.pdf"\r\n` +
      'content-type: application/pdf\r\n\r\n',
  );
  yield HEAD;
  for (let sent = HEAD.length; sent < FILE_BYTES; sent += CHUNK.length) {
    if (stopAfter !== undefined && sent >= stopAfter) return;
    yield CHUNK.subarray(0, Math.min(CHUNK.length, FILE_BYTES - sent));
  }
  yield Buffer.from(`\r\n--${boundary}--\r\n`);
}

/** The same bytes' SHA-256, computed the same way. */
function expectedSha256() {
  const hash = createHash('sha256').update(HEAD);
  for (let sent = HEAD.length; sent < FILE_BYTES; sent += CHUNK.length) {
    hash.update(CHUNK.subarray(0, Math.min(CHUNK.length, FILE_BYTES - sent)));
  }
  return hash.digest('hex');
}

/** A process's resident memory and its peak since the peak was last reset (Linux). */
async function memoryOf(pid: number) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)![1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** The portal started from a seeded data folder, with a citizen signed in and a draft open. */
async function portalWithDraft(env: Record<string, string>) {
  const dataDir = await seededDataDir('motcua-streamed-');
  // Its own temporary folder: what the process leaves there is seen (and nothing else is).
  const temporary = await mkdtemp(join(tmpdir(), 'motcua-streamed-tmp-'));
  afterFile(() => rm(dataDir, { recursive: true, force: true }));
  afterFile(() => rm(temporary, { recursive: true, force: true }));
  const db = await openDatabase({ dataDir: join(dataDir, 'pgdata') });
  const citizen = await simulatedCitizen(db);
  const cookie = await sessionCookie(db, citizen.id);
  const agencyCode = await badinhWard(db);
  await db.close();
  const port = await freePort();
  const portal = serve(dataDir, port, {
    TMPDIR: temporary,
    UPLOAD_MAX_FILE_MB: '100',
    UPLOAD_MAX_DOSSIER_MB: '200',
    ...env,
  });
  await portal.ready;
  const base = `http://127.0.0.1:${port}`;
  const draft = (await (
    await fetch(`${base}/api/v1/dossiers`, {
      method: 'POST',
      headers: { cookie, accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ procedureCode: '2.001009', agencyCode }),
    })
  ).json()) as { id: string };
  /** The big file; or, with `stopAfter`, its start, then the connection cut by the sender. */
  const upload = (stopAfter?: number) => {
    const boundary = `----motcua${Date.now()}`;
    const sender = new AbortController();
    const body = multipartBody(boundary, { field: 'original' }, stopAfter);
    return fetch(`${base}/api/v1/dossiers/${draft.id}/attachments`, {
      method: 'POST',
      headers: {
        cookie,
        accept: 'application/json',
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body: streamOf(body, (stream) => (stopAfter === undefined ? stream.close() : sender.abort())),
      duplex: 'half',
      signal: sender.signal,
    } as RequestInit);
  };
  return { portal, temporary, dataDir, upload };
}

/** The chunks as a request body; `ended` says what happens when they run out. */
const streamOf = (
  chunks: AsyncGenerator<Buffer>,
  ended: (stream: ReadableStreamDefaultController<Uint8Array>) => void,
) =>
  new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) ended(controller);
      else controller.enqueue(new Uint8Array(next.value));
    },
  });

/** Until the folder holds no received file (removed once the response is over). */
async function emptied(folder: string) {
  const received = async () =>
    (await readdir(folder)).filter((name) => name.startsWith('motcua-received-'));
  await expect.poll(received, { timeout: 10_000 }).toEqual([]);
}

/** Uploads the big file: its answer, and how far the portal's peak memory rose meanwhile. */
async function uploadMeasured(context: Awaited<ReturnType<typeof portalWithDraft>>) {
  const pid = context.portal.child.pid!;
  // The peak reset to what it holds now: what follows is the upload's.
  await writeFile(`/proc/${pid}/clear_refs`, '5');
  const before = await memoryOf(pid);
  const response = await context.upload();
  const after = await memoryOf(pid);
  return { response, rise: after.peak - before.rss };
}

describe('a 96 MB upload', () => {
  it(
    'streams to the local folder: the peak memory rises by a fraction of it, and nothing is left behind',
    { timeout: 180_000 },
    async () => {
      const context = await portalWithDraft({});
      const { response, rise } = await uploadMeasured(context);
      expect(response.status, await response.clone().text()).toBe(201);
      const document = (await response.json()) as { size: number; sha256: string };
      const sha256 = expectedSha256();
      expect(document).toMatchObject({ size: FILE_BYTES, sha256 });
      console.log(
        `local folder: peak memory rose by ${(rise / MB).toFixed(1)} MB for a 96 MB upload`,
      );
      expect(rise).toBeLessThan(HELD_WHOLE / 3);
      const stored = join(context.dataDir, 'files', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
      expect((await stat(stored)).size).toBe(FILE_BYTES);
      await emptied(context.temporary);

      // A sender that gives up halfway leaves nothing behind, and the draft as it was.
      await expect(context.upload(40 * MB)).rejects.toThrow();
      await emptied(context.temporary);
      expect(await stop(context.portal.child), context.portal.output()).toBe(0);
    },
  );

  it('streams to an S3 bucket, checksums checked, the same way', { timeout: 180_000 }, async () => {
    const bucket = await startTestBucket();
    const context = await portalWithDraft({ FILE_STORE: 's3', ...bucket.env });
    const { response, rise } = await uploadMeasured(context);
    expect(response.status, await response.clone().text()).toBe(201);
    const sha256 = expectedSha256();
    expect(await response.json()).toMatchObject({ size: FILE_BYTES, sha256 });
    console.log(`S3 bucket: peak memory rose by ${(rise / MB).toFixed(1)} MB for a 96 MB upload`);
    expect(rise).toBeLessThan(HELD_WHOLE / 3);
    const head = await bucket.client.send(
      new HeadObjectCommand({
        Bucket: bucket.bucket,
        Key: `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`,
      }),
    );
    expect(head.ContentLength).toBe(FILE_BYTES);
    await emptied(context.temporary);
    expect(await stop(context.portal.child), context.portal.output()).toBe(0);
  });
});
