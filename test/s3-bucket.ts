import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { loadConfig } from '../src/config.js';
import { s3ClientFor } from '../src/platform/object-store.js';
import { afterFile } from './cleanup.js';

/**
 * A real S3 API (s3rver, in this process) on a free port, its objects in a folder of their
 * own, with the settings the portal would be given for it. Stopped after the test file.
 */
export async function startTestBucket(bucket = 'motcua-test') {
  const directory = await mkdtemp(join(tmpdir(), 'motcua-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const env = {
    S3_BUCKET: bucket,
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_FORCE_PATH_STYLE: 'true',
    // s3rver's own account.
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
  };
  const client = s3ClientFor(loadConfig(env));
  afterFile(async () => {
    client.destroy();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });
  return { env, client, bucket };
}
