import type { Config } from '../config.js';
import { LocalFileStore, type FileStore } from './files.js';

/** The store the settings name: the bucket when FILE_STORE is `s3`, FILES_DIR otherwise. */
export function createFileStore(config: Config): FileStore {
  if (config.FILE_STORE !== 's3') return new LocalFileStore(config.FILES_DIR);
  // The AWS SDK loads with the first file read or written, not with every start (0.15 s).
  return deferredStore(() => import('./object-store.js').then((m) => m.s3FileStoreFor(config)));
}

/** A store made on its first use, every call waiting for it; made again after a failure. */
function deferredStore(make: () => Promise<FileStore>): FileStore {
  let made: Promise<FileStore> | null = null;
  const store = () =>
    (made ??= make().catch((error: unknown) => {
      made = null;
      throw error;
    }));
  return {
    put: async (data) => (await store()).put(data),
    putFile: async (file) => (await store()).putFile(file),
    read: async (sha256) => (await store()).read(sha256),
    stream: async (sha256) => (await store()).stream(sha256),
    remove: async (sha256) => (await store()).remove(sha256),
  };
}
