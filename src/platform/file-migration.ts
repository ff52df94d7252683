import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Config } from '../config.js';
import { sha256Of } from './files.js';
import { CorruptObjectError, s3FileStoreFor, type S3FileStore } from './object-store.js';

export interface CopySummary {
  /** Files found in the local store, and their bytes. */
  files: number;
  bytes: number;
  copied: number;
  alreadyThere: number;
  /** Objects in the bucket (under the prefix) whose bytes were confirmed to be their file. */
  verified: number;
  failed: { sha256: string; reason: string }[];
}

const STORED_NAME = /^[0-9a-f]{64}$/;
/** Files copied, or objects checked, at a time: a few connections to the store, not hundreds. */
const AT_ONCE = 4;

/**
 * Copies the local file store (FILES_DIR) into the bucket, then checks every file the bucket
 * holds there against its SHA-256. What the bucket has already (same size, same digest) is
 * left alone, so a run that was interrupted, or one run again, copies only what is missing.
 */
export async function copyLocalStoreToBucket(options: {
  filesDir: string;
  target: S3FileStore;
  log: (line: string) => void;
}): Promise<CopySummary> {
  const { filesDir, target, log } = options;
  const summary: CopySummary = {
    files: 0,
    bytes: 0,
    copied: 0,
    alreadyThere: 0,
    verified: 0,
    failed: [],
  };
  const local = await storedFiles(filesDir);
  log(`${local.length} files in ${filesDir}: copying what ${target.bucket} lacks`);
  await inTurn(local, async ({ sha256, path }) => {
    try {
      const data = await readFile(path);
      summary.files += 1;
      summary.bytes += data.length;
      // Copied under its own name only: a local file damaged on disk must not be passed on.
      if (sha256Of(data) !== sha256) throw new Error('the local file does not match its name');
      const { uploaded } = await target.store(data);
      if (uploaded) summary.copied += 1;
      else summary.alreadyThere += 1;
    } catch (error) {
      summary.failed.push({ sha256, reason: `copy: ${whyFailed(error)}` });
    }
  });
  log(`copied ${summary.copied}, ${summary.alreadyThere} already there: checking the bucket`);
  await inTurn(await bucketFiles(target), async (sha256) => {
    const problem = await verify(target, sha256);
    if (problem === null) summary.verified += 1;
    else summary.failed.push({ sha256, reason: `verify: ${problem}` });
  });
  return summary;
}

/** The store's files under the folder: named by their SHA-256, half-written `.part` ones left out. */
async function storedFiles(filesDir: string) {
  // A store nothing was ever uploaded to has no folder yet.
  const entries = await readdir(filesDir, { recursive: true, withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  return entries
    .filter((entry) => entry.isFile() && STORED_NAME.test(entry.name))
    .map((entry) => ({ sha256: entry.name, path: join(entry.parentPath, entry.name) }));
}

/** The files the bucket holds under the store's prefix (other objects are not the portal's). */
async function bucketFiles(target: S3FileStore) {
  const found: string[] = [];
  let token: string | undefined;
  do {
    const page = await target.client.send(
      new ListObjectsV2Command({
        Bucket: target.bucket,
        Prefix: target.prefix,
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    for (const { Key } of page.Contents ?? []) {
      const name = Key?.split('/').pop() ?? '';
      if (STORED_NAME.test(name) && Key === target.key(name)) found.push(name);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return found;
}

/**
 * Null when the object is its file: the store's own SHA-256 of it where it keeps one,
 * otherwise its bytes read back and hashed here. Otherwise what is wrong.
 */
async function verify(target: S3FileStore, sha256: string): Promise<string | null> {
  try {
    const facts = await target.facts(sha256);
    if (facts === null) return 'gone from the bucket';
    if (facts.sha256 !== null) {
      return facts.sha256 === sha256 ? null : 'the store reports another SHA-256';
    }
    // The store's stream hashes what passes and fails at its end if that is not the file.
    const { stream } = await target.stream(sha256);
    await finished(stream.resume());
    return null;
  } catch (error) {
    return whyFailed(error);
  }
}

const whyFailed = (error: unknown) =>
  error instanceof CorruptObjectError ? error.reason : (error as Error).message;

/** Runs `work` for every item, AT_ONCE at a time. */
async function inTurn<T>(items: T[], work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, items.length) }, worker));
}

const USAGE = `Usage: npm run files -- copy-to-bucket

  copy-to-bucket  copy FILES_DIR into the S3 bucket (S3_BUCKET, S3_ENDPOINT…), then check
                  every file in the bucket against its SHA-256; run again to resume`;

/** `npm run files -- …`: answers the exit code (1 when anything failed, each one listed). */
export async function runFilesCommand(
  args: string[],
  config: Config,
  say: (line: string) => void,
): Promise<number> {
  if (args[0] !== 'copy-to-bucket' || args.length > 1) {
    say(USAGE);
    return 1;
  }
  if (!config.S3_BUCKET) {
    say('S3_BUCKET is not set: name the bucket (and S3_ENDPOINT, keys…) to copy the files into');
    return 1;
  }
  const target = s3FileStoreFor(config);
  try {
    const summary = await copyLocalStoreToBucket({ filesDir: config.FILES_DIR, target, log: say });
    say(
      `${summary.files} files (${summary.bytes} bytes): ${summary.copied} copied, ${summary.alreadyThere} already there, ${summary.verified} verified in the bucket`,
    );
    for (const { sha256, reason } of summary.failed) say(`FAILED ${sha256}: ${reason}`);
    if (summary.failed.length > 0) say(`${summary.failed.length} failed: run again once fixed`);
    return summary.failed.length > 0 ? 1 : 0;
  } finally {
    target.client.destroy();
  }
}
