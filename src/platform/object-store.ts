import { createHash } from 'node:crypto';
import { pipeline, Readable, Transform } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type PutObjectCommandOutput,
} from '@aws-sdk/client-s3';
import type { Config } from '../config.js';
import { fileMissing, sha256Of, type FileStore } from './files.js';
import { readReceived, type ReceivedFile } from './received-files.js';

/** What an upload is sent with, for the store to check. */
type FileDigests = Pick<ReceivedFile, 'sha256' | 'md5' | 'size'>;

/** A stored object whose bytes are not the ones its name promises: never served or kept. */
export class CorruptObjectError extends Error {
  constructor(
    readonly sha256: string,
    readonly reason: string,
  ) {
    super(`object ${sha256}: ${reason}`);
  }
}

/** What the bucket says it holds under a key, before any byte is read. */
export interface ObjectFacts {
  size: number;
  /** Hex MD5 when the ETag is one (a single-part upload without KMS encryption). */
  md5: string | null;
  /** Hex SHA-256 when the store kept a whole-object checksum for it. */
  sha256: string | null;
}

const SHA256 = /^[0-9a-f]{64}$/;
const md5Of = (data: Buffer) => createHash('md5').update(data).digest('hex');
const hexOfBase64 = (value: string | undefined) =>
  value ? Buffer.from(value, 'base64').toString('hex') : null;
/** Only a plain quoted MD5 is one: multipart (`…-3`) and KMS ETags are not. */
const md5OfEtag = (etag: string | undefined) => {
  const plain = etag?.replace(/"/g, '').toLowerCase() ?? '';
  return /^[0-9a-f]{32}$/.test(plain) ? plain : null;
};
/** A composite checksum (`…-3`, from a multipart upload) is not the file's own SHA-256. */
const wholeSha256 = (checksum: string | undefined, type: string | undefined) =>
  type === 'COMPOSITE' || checksum?.includes('-') ? null : hexOfBase64(checksum);

const STREAM_ATTEMPTS = 3;
const RETRY_PAUSE_MS = 200;

/** The HTTP status the store answered a failed request with; undefined when it did not answer. */
const statusOf = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** The store away or busy (no answer, 5xx, 429) may answer the next time; a refusal will not. */
function worthRetrying(error: unknown): boolean {
  if (error instanceof CorruptObjectError) return false;
  const status = statusOf(error);
  return status === undefined || status >= 500 || status === 429;
}

const isMissing = (error: unknown) => statusOf(error) === 404;

/**
 * Dossier files, results and receipts in an S3-compatible bucket (AWS S3, MinIO, Ceph…), at
 * `<prefix>ab/cd/<sha256>` like the local folder. Uploads carry their MD5 and SHA-256 for the
 * store to check, and what the store reports back is compared again. Reads are hashed: `read`
 * refuses a corrupted object, `stream` holds its last chunk until the hash agrees
 * (docs/adr/0021-object-storage.md).
 */
export class S3FileStore implements FileStore {
  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    readonly prefix = '',
  ) {}

  key(sha256: string) {
    if (!SHA256.test(sha256)) throw new Error('not a SHA-256');
    return `${this.prefix}${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  }

  async put(data: Buffer) {
    const { sha256, size } = await this.store(data);
    return { sha256, size };
  }

  async putFile(file: ReceivedFile) {
    await this.storeAs(file, () => readReceived(file));
    return { sha256: file.sha256, size: file.size };
  }

  /**
   * Uploads unless the bucket already has this file: same size, and no digest it reports
   * differs. `uploaded` says which.
   */
  store(data: Buffer) {
    return this.storeAs(
      { sha256: sha256Of(data), md5: md5Of(data), size: data.length },
      () => data,
    );
  }

  private async storeAs(file: FileDigests, body: () => Buffer | Readable) {
    const there = await this.facts(file.sha256);
    const same =
      there !== null &&
      there.size === file.size &&
      (there.md5 === null || there.md5 === file.md5) &&
      (there.sha256 === null || there.sha256 === file.sha256);
    if (!same) await this.uploadAttempts(file, body);
    return { sha256: file.sha256, size: file.size, uploaded: !same };
  }

  /**
   * The SDK retries a failed upload of bytes, but not of a stream (it cannot send one
   * twice): a file is read anew for each attempt here, and each stream is closed however
   * its attempt ends (an open file would keep its disk space after it is removed).
   */
  private async uploadAttempts(file: FileDigests, body: () => Buffer | Readable) {
    for (let attempt = 1; ; attempt++) {
      const sent = body();
      try {
        return await this.upload(file, sent);
      } catch (error) {
        const last = !(sent instanceof Readable) || attempt === STREAM_ATTEMPTS;
        if (last || !worthRetrying(error)) throw error;
      } finally {
        if (sent instanceof Readable) sent.destroy();
      }
      await sleep(RETRY_PAUSE_MS * attempt);
    }
  }

  private async upload({ sha256, md5, size }: FileDigests, body: Buffer | Readable) {
    const key = this.key(sha256);
    const sent = await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentLength: size,
        ContentType: 'application/octet-stream',
        // Both are checked by the store itself (a mismatch is refused there).
        ContentMD5: Buffer.from(md5, 'hex').toString('base64'),
        ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
      }),
    );
    const problem = uploadMismatch(sent, md5, sha256);
    if (problem) {
      // What arrived is not the file: gone again, so nothing keeps or serves it.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
      throw new CorruptObjectError(sha256, problem);
    }
  }

  /** What the bucket holds under the file's key; null when nothing. */
  async facts(sha256: string): Promise<ObjectFacts | null> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({
          Bucket: this.bucket,
          Key: this.key(sha256),
          ChecksumMode: 'ENABLED',
        }),
      );
      return {
        size: head.ContentLength ?? -1,
        md5: md5OfEtag(head.ETag),
        sha256: wholeSha256(head.ChecksumSHA256, head.ChecksumType),
      };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async read(sha256: string) {
    const body = await this.body(sha256);
    const data = Buffer.from(await body.stream.transformToByteArray());
    if (sha256Of(data) !== sha256) {
      throw new CorruptObjectError(sha256, 'its bytes do not match its SHA-256');
    }
    return data;
  }

  async stream(sha256: string) {
    const { stream, size } = await this.body(sha256);
    const checked = hashChecked(sha256);
    // Either side failing ends both: a reader gone away releases the connection to the store.
    pipeline(stream, checked, () => undefined);
    return { stream: checked, size };
  }

  private async body(sha256: string) {
    try {
      const got = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) }),
      );
      if (!got.Body) throw new Error(`object ${sha256}: the store sent no body`);
      // On Node the SDK's body is the response itself (a Readable) with its helpers added.
      return { stream: got.Body as Readable & typeof got.Body, size: got.ContentLength ?? 0 };
    } catch (error) {
      if (isMissing(error)) throw fileMissing();
      throw error;
    }
  }

  async remove(sha256: string) {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) }));
  }
}

/** Why what the store reports of an upload is not our file; null when it agrees. */
function uploadMismatch(sent: PutObjectCommandOutput, md5: string, sha256: string) {
  const reportedSha = wholeSha256(sent.ChecksumSHA256, sent.ChecksumType);
  if (reportedSha !== null && reportedSha !== sha256) return 'the store reports another SHA-256';
  const reportedMd5 = md5OfEtag(sent.ETag);
  if (reportedMd5 !== null && reportedMd5 !== md5) return 'the store reports another MD5 (ETag)';
  return null;
}

/**
 * Passes the bytes on, hashing them, but holds the last chunk back until the whole file is
 * hashed: a corrupted object ends in an error before the response is complete, so whoever
 * downloads it is left with a broken download, not a wrong file that looks whole.
 */
export function hashChecked(sha256: string) {
  const hash = createHash('sha256');
  let held: Buffer | null = null;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      const previous = held;
      held = chunk;
      done(null, previous);
    },
    flush(done) {
      if (hash.digest('hex') !== sha256) {
        done(new CorruptObjectError(sha256, 'its bytes do not match its SHA-256'));
      } else done(null, held);
    },
  });
}

/** The S3 client for the settings: checksums only where we send them (see the ADR). */
export function s3ClientFor(config: Config) {
  return new S3Client({
    region: config.S3_REGION,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
    ...(config.S3_ACCESS_KEY_ID
      ? {
          credentials: {
            accessKeyId: config.S3_ACCESS_KEY_ID,
            secretAccessKey: config.S3_SECRET_ACCESS_KEY,
          },
        }
      : {}),
    // The SDK's default trailers (aws-chunked) are unknown to s3rver and older MinIO.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // A store that stops answering fails the request instead of holding it forever.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
  });
}

export const s3FileStoreFor = (config: Config) =>
  new S3FileStore(s3ClientFor(config), config.S3_BUCKET, config.S3_PREFIX);
