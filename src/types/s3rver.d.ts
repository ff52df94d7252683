/** The part of s3rver (CommonJS, untyped) the object-store tests use: a bucket on a free port. */
declare module 's3rver' {
  import type { AddressInfo } from 'node:net';

  interface S3rverOptions {
    address?: string;
    /** 0: any free port, read back from what `run` answers. */
    port?: number;
    silent?: boolean;
    /** Where the buckets' objects are kept on disk. */
    directory?: string;
    resetOnClose?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }

  export default class S3rver {
    constructor(options?: S3rverOptions);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
}
