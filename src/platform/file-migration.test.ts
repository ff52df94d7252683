import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { afterFile } from '../../test/cleanup.js';
import { startTestBucket } from '../../test/s3-bucket.js';
import { loadConfig } from '../config.js';
import { copyLocalStoreToBucket, runFilesCommand } from './file-migration.js';
import { LocalFileStore } from './files.js';
import { S3FileStore } from './object-store.js';

let bucket: Awaited<ReturnType<typeof startTestBucket>>;

beforeAll(async () => {
  bucket = await startTestBucket();
});

/** A local store of its own, with files of the given sizes: answers it, its folder and the files. */
async function localStore(sizes: number[]) {
  const dir = await mkdtemp(join(tmpdir(), 'motcua-files-'));
  afterFile(() => rm(dir, { recursive: true, force: true }));
  const store = new LocalFileStore(dir);
  const files = await Promise.all(
    sizes.map(async (size) => {
      const data = randomBytes(size);
      return { data, ...(await store.put(data)) };
    }),
  );
  return { dir, store, files };
}

const pathIn = (dir: string, sha256: string) =>
  join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);

/** Other bytes of the same size under a file's key in the bucket. */
const damageInBucket = (target: S3FileStore, sha256: string, size: number) =>
  bucket.client.send(
    new PutObjectCommand({
      Bucket: bucket.bucket,
      Key: target.key(sha256),
      Body: randomBytes(size),
    }),
  );

describe('copying the local file store into a bucket', () => {
  it('copies what the bucket lacks or holds damaged, verifies it all, and copies nothing the second time', async () => {
    const { dir, files } = await localStore([1000, 20_000, 300_000, 5]);
    const [there, broken] = files as [(typeof files)[0], (typeof files)[0]];
    const target = new S3FileStore(bucket.client, bucket.bucket, 'moved/');
    await target.put(there.data);
    await target.put(broken.data);
    await damageInBucket(target, broken.sha256, broken.size);
    // Half-written by a put that was cut short: not a file of the store.
    await writeFile(`${pathIn(dir, there.sha256)}.a1b2c3.part`, 'half');
    const lines: string[] = [];

    const first = await copyLocalStoreToBucket({
      filesDir: dir,
      target,
      log: (l) => lines.push(l),
    });
    expect(first).toEqual({
      files: 4,
      bytes: 1000 + 20_000 + 300_000 + 5,
      copied: 3,
      alreadyThere: 1,
      verified: 4,
      failed: [],
    });
    for (const file of files) expect((await target.read(file.sha256)).equals(file.data)).toBe(true);
    expect(lines[0]).toContain(`4 files in ${dir}`);

    const again = await copyLocalStoreToBucket({ filesDir: dir, target, log: () => undefined });
    expect(again).toMatchObject({ files: 4, copied: 0, alreadyThere: 4, verified: 4, failed: [] });

    const said: string[] = [];
    const config = loadConfig({ ...bucket.env, FILES_DIR: dir, S3_PREFIX: 'moved/' });
    expect(await runFilesCommand(['copy-to-bucket'], config, (l) => said.push(l))).toBe(0);
    expect(said.at(-1)).toBe(
      '4 files (321005 bytes): 0 copied, 4 already there, 4 verified in the bucket',
    );
  });

  it('lists a damaged local file and a damaged object in the bucket, and exits with 1', async () => {
    const { dir, files } = await localStore([2000, 3000]);
    const [good, rotten] = files as [(typeof files)[0], (typeof files)[0]];
    await writeFile(pathIn(dir, rotten.sha256), randomBytes(rotten.size));
    const target = new S3FileStore(bucket.client, bucket.bucket, 'failing/');
    // Put there by the portal, not in the local store, and damaged since.
    const onlyInBucket = randomBytes(4000);
    const { sha256: lost } = await target.put(onlyInBucket);
    await damageInBucket(target, lost, onlyInBucket.length);

    const said: string[] = [];
    const config = loadConfig({ ...bucket.env, FILES_DIR: dir, S3_PREFIX: 'failing/' });
    expect(await runFilesCommand(['copy-to-bucket'], config, (l) => said.push(l))).toBe(1);
    expect(said).toEqual(
      expect.arrayContaining([
        `FAILED ${rotten.sha256}: copy: the local file does not match its name`,
        `FAILED ${lost}: verify: its bytes do not match its SHA-256`,
        '2 failed: run again once fixed',
      ]),
    );
    // The damaged local file was not passed on; the good one was, and checked.
    expect(await target.facts(rotten.sha256)).toBeNull();
    expect((await target.read(good.sha256)).equals(good.data)).toBe(true);
    expect(said).toContain(
      '2 files (5000 bytes): 1 copied, 0 already there, 1 verified in the bucket',
    );
  });

  it('says how to use it when the command or the bucket is missing', async () => {
    const said: string[] = [];
    const noBucket = loadConfig({ FILES_DIR: '/nonexistent' });
    expect(await runFilesCommand(['copy-to-bucket'], noBucket, (l) => said.push(l))).toBe(1);
    expect(said[0]).toMatch(/^S3_BUCKET is not set/);
    expect(await runFilesCommand(['copy'], noBucket, (l) => said.push(l))).toBe(1);
    expect(said[1]).toMatch(/^Usage: npm run files -- copy-to-bucket/);
  });
});
