import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Transform } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { received } from '../../test/received-files.js';
import { startTestBucket } from '../../test/s3-bucket.js';
import { loadConfig } from '../config.js';
import { ProblemError } from './errors.js';
import { createFileStore } from './file-stores.js';
import { LocalFileStore, sha256Of, type FileStore } from './files.js';
import { CorruptObjectError, hashChecked, S3FileStore } from './object-store.js';
import type { ReceivedFile } from './received-files.js';

let bucket: Awaited<ReturnType<typeof startTestBucket>>;
let store: S3FileStore;

beforeAll(async () => {
  bucket = await startTestBucket();
  store = new S3FileStore(bucket.client, bucket.bucket);
});

/** Some bytes no other test stores: each test has its own objects. */
const someFile = (size = 200_000) => randomBytes(size);

const missing = (error: unknown) =>
  error instanceof ProblemError &&
  error.status === 404 &&
  error.messageKey === 'errors.fileMissing';

/** Puts other bytes of the same size under a file's key, as a damaged disk or a bad copy would. */
async function damage(client: S3Client, key: string, size: number) {
  await client.send(
    new PutObjectCommand({ Bucket: bucket.bucket, Key: key, Body: randomBytes(size) }),
  );
}

describe('files in an S3-compatible bucket', () => {
  it('keeps, reads, streams and removes a file under its SHA-256', async () => {
    const data = someFile();
    const stored = await store.put(data);
    expect(stored).toEqual({ sha256: sha256Of(data), size: data.length });
    expect(store.key(stored.sha256)).toBe(
      `${stored.sha256.slice(0, 2)}/${stored.sha256.slice(2, 4)}/${stored.sha256}`,
    );
    expect((await store.read(stored.sha256)).equals(data)).toBe(true);
    const streamed = await store.stream(stored.sha256);
    expect(streamed.size).toBe(data.length);
    expect((await buffer(streamed.stream)).equals(data)).toBe(true);

    await store.remove(stored.sha256);
    await expect(store.read(stored.sha256)).rejects.toSatisfy(missing);
    await expect(store.stream(stored.sha256)).rejects.toSatisfy(missing);
    // Removing what is gone already is no error (the last document's file may be shared).
    await store.remove(stored.sha256);
  });

  it('streams what it has and answers what it never had with the 404 problem, as the local folder does', async () => {
    const absent = sha256Of(someFile(10));
    const local = await mkdtemp(join(tmpdir(), 'motcua-files-'));
    try {
      for (const files of [store, new LocalFileStore(local)] as FileStore[]) {
        await expect(files.read(absent)).rejects.toSatisfy(missing);
        await expect(files.stream(absent)).rejects.toSatisfy(missing);
        const data = someFile(70_000);
        const streamed = await files.stream((await files.put(data)).sha256);
        expect(streamed.size).toBe(data.length);
        expect((await buffer(streamed.stream)).equals(data)).toBe(true);
      }
    } finally {
      await rm(local, { recursive: true, force: true });
    }
  });

  it('stores the same file once: the second put finds it there and uploads nothing', async () => {
    const data = someFile();
    expect((await store.store(data)).uploaded).toBe(true);
    const key = store.key(sha256Of(data));
    const first = await bucket.client.send(
      new HeadObjectCommand({ Bucket: bucket.bucket, Key: key }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await store.store(data)).uploaded).toBe(false);
    const second = await bucket.client.send(
      new HeadObjectCommand({ Bucket: bucket.bucket, Key: key }),
    );
    expect(second.LastModified).toEqual(first.LastModified);
  });

  it('refuses to read or stream an object whose bytes are not its file, and replaces it on put', async () => {
    const data = someFile();
    const { sha256 } = await store.put(data);
    await damage(bucket.client, store.key(sha256), data.length);

    await expect(store.read(sha256)).rejects.toBeInstanceOf(CorruptObjectError);
    const streamed = await store.stream(sha256);
    await expect(buffer(streamed.stream)).rejects.toBeInstanceOf(CorruptObjectError);

    // Same size, but the store's MD5 differs: a new put uploads the file again.
    expect((await store.store(data)).uploaded).toBe(true);
    expect((await store.read(sha256)).equals(data)).toBe(true);
  });

  it('does not keep an upload whose bytes the store reports differently', async () => {
    const damaging = new S3FileStore(bucket.client, bucket.bucket, 'in-transit/');
    const data = someFile(1000);
    const undo = corruptUploadsOf(bucket.client);
    try {
      await expect(damaging.put(data)).rejects.toBeInstanceOf(CorruptObjectError);
    } finally {
      undo();
    }
    expect(await damaging.facts(sha256Of(data))).toBeNull();
  });

  it('takes an upload from its temporary file, streamed, as the local folder does', async () => {
    const local = await mkdtemp(join(tmpdir(), 'motcua-files-'));
    try {
      for (const files of [store, new LocalFileStore(local)] as FileStore[]) {
        const data = someFile(300_000);
        const file = await received(data);
        expect(file).toMatchObject({ sha256: sha256Of(data), size: data.length });
        expect(await files.putFile(file)).toEqual({ sha256: file.sha256, size: data.length });
        expect((await files.read(file.sha256)).equals(data)).toBe(true);
        // The same file again finds it there.
        expect(await files.putFile(file)).toEqual({ sha256: file.sha256, size: data.length });
      }
    } finally {
      await rm(local, { recursive: true, force: true });
    }
  });

  it('does not keep a streamed upload whose bytes the store reports differently', async () => {
    const damaging = new S3FileStore(bucket.client, bucket.bucket, 'in-transit-streamed/');
    const file = await received(someFile(100_000));
    const undo = corruptUploadsOf(bucket.client);
    try {
      await expect(damaging.putFile(file)).rejects.toBeInstanceOf(CorruptObjectError);
    } finally {
      undo();
    }
    expect(await damaging.facts(file.sha256)).toBeNull();
  });

  it('tries a streamed upload again, from the file, when the store is busy, and closes each try’s file', async () => {
    const data = someFile(150_000);
    const file = await received(data);
    const busy = new S3FileStore(bucket.client, bucket.bucket, 'busy/');
    const twice = await putWhileFailing(busy, file, { times: 2, status: 503 });
    expect(twice.outcome).toEqual({ sha256: file.sha256, size: data.length });
    expect(twice.bodies).toHaveLength(2);
    expect(twice.bodies.every((body) => body.destroyed)).toBe(true);
    expect((await busy.read(file.sha256)).equals(data)).toBe(true);
  });

  it('gives up at once on a refusal, and after three tries of a store that stays away', async () => {
    const file = await received(someFile(10_000));
    const refused = await putWhileFailing(store, file, { times: 9, status: 403 });
    const away = await putWhileFailing(store, file, { times: 9, status: 503 });
    for (const { outcome } of [refused, away]) {
      expect(outcome).toBeInstanceOf(Error);
      expect((outcome as Error).message).toBe('the store said no');
    }
    expect(refused.bodies).toHaveLength(1);
    expect(away.bodies).toHaveLength(3);
    expect([...refused.bodies, ...away.bodies].every((body) => body.destroyed)).toBe(true);
    expect(await store.facts(file.sha256)).toBeNull();
  });

  it('puts its objects under S3_PREFIX, and createFileStore follows FILE_STORE', async () => {
    const config = loadConfig({ ...bucket.env, FILE_STORE: 's3', S3_PREFIX: 'portal/files/' });
    // Made on its first use: the put below is what shows it is the bucket.
    const prefixed = createFileStore(config);
    const data = someFile(5000);
    const { sha256 } = await prefixed.put(data);
    const listed = await bucket.client.send(
      new ListObjectsV2Command({ Bucket: bucket.bucket, Prefix: 'portal/files/' }),
    );
    expect(listed.Contents?.map((o) => o.Key)).toEqual([
      `portal/files/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`,
    ]);
    const got = await bucket.client.send(
      new GetObjectCommand({ Bucket: bucket.bucket, Key: listed.Contents![0]!.Key }),
    );
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
    expect((await prefixed.read(sha256)).equals(data)).toBe(true);
    // Not at the root: the same file is unknown to a store without the prefix.
    await expect(store.read(sha256)).rejects.toSatisfy(missing);

    const local = createFileStore(loadConfig({ ...bucket.env, FILES_DIR: '/tmp/unused' }));
    expect(local).toBeInstanceOf(LocalFileStore);
  });
});

describe('a stream checked against its SHA-256', () => {
  /** Feeds chunks one by one, answering what came out after each and how it ended. */
  async function through(sha256: string, chunks: Buffer[]) {
    const source = new PassThrough();
    const checked = hashChecked(sha256);
    source.pipe(checked);
    const out: Buffer[] = [];
    checked.on('data', (chunk: Buffer) => out.push(chunk));
    const ended = new Promise<Error | null>((resolve) => {
      checked.on('end', () => resolve(null));
      checked.on('error', resolve);
    });
    const afterEach: number[] = [];
    for (const chunk of chunks) {
      source.write(chunk);
      await new Promise((resolve) => setImmediate(resolve));
      afterEach.push(Buffer.concat(out).length);
    }
    source.end();
    return { afterEach, outcome: await ended, out: Buffer.concat(out) };
  }

  const chunks = [randomBytes(100), randomBytes(200), randomBytes(300)];

  it('holds the last chunk back until the whole file is hashed, then passes it on', async () => {
    const { afterEach, outcome, out } = await through(sha256Of(Buffer.concat(chunks)), chunks);
    expect(afterEach).toEqual([0, 100, 300]);
    expect(outcome).toBeNull();
    expect(out.equals(Buffer.concat(chunks))).toBe(true);
  });

  it('ends in an error without the last chunk when the bytes are not the file', async () => {
    const { outcome, out } = await through(sha256Of(randomBytes(600)), chunks);
    expect(outcome).toBeInstanceOf(CorruptObjectError);
    expect(out.length).toBe(300);
  });
});

/**
 * Flips a byte of every object body (bytes or a stream) the client sends from now on, after the request is
 * signed: as a faulty network or proxy would. s3rver does not check Content-MD5, so it keeps
 * what arrives and reports that in its ETag. Answers the function that stops it.
 */
/**
 * `putFile` while the store answers the next `times` streamed uploads with `status` before
 * reading them: what it returned or threw, and the body of each try.
 */
async function putWhileFailing(
  files: S3FileStore,
  file: ReceivedFile,
  { times, status }: { times: number; status: number },
) {
  const name = 'failingUploads';
  const bodies: Readable[] = [];
  files.client.middlewareStack.add(
    (next) => async (args) => {
      const body = (args.request as { body?: unknown }).body;
      if (body instanceof Readable && bodies.length < times) {
        bodies.push(body);
        throw Object.assign(new Error('the store said no'), {
          $metadata: { httpStatusCode: status },
        });
      }
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name },
  );
  try {
    const outcome = await files.putFile(file).catch((error: unknown) => error);
    return { outcome, bodies };
  } finally {
    files.client.middlewareStack.remove(name);
  }
}

function corruptUploadsOf(client: S3Client) {
  const name = 'corruptUploads';
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { body?: unknown };
      const flipFirst = (chunk: Buffer) => {
        const damaged = Buffer.from(chunk);
        damaged[0] = damaged[0]! ^ 0xff;
        return damaged;
      };
      if (Buffer.isBuffer(request.body) && request.body.length > 0) {
        request.body = flipFirst(request.body);
      } else if (request.body instanceof Readable) {
        let first = true;
        request.body = request.body.pipe(
          new Transform({
            transform(chunk: Buffer, _encoding, done) {
              done(null, first ? flipFirst(chunk) : chunk);
              first = false;
            },
          }),
        );
      }
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name },
  );
  return () => client.middlewareStack.remove(name);
}
