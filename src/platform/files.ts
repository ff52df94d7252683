import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { notFound } from './errors.js';
import type { ReceivedFile } from './received-files.js';

/** A stored file as it is read, for sending on without holding it all in memory. */
export interface StoredStream {
  stream: Readable;
  size: number;
}

/**
 * Where uploaded files and results are kept, addressed by their SHA-256: the same file
 * uploaded twice is stored once. The local folder is the default; an S3-compatible bucket
 * (object-store.ts) can take its place behind this interface.
 */
export interface FileStore {
  put(data: Buffer): Promise<{ sha256: string; size: number }>;
  /** An upload, taken from its temporary file (never read whole into memory). */
  putFile(file: ReceivedFile): Promise<{ sha256: string; size: number }>;
  /** The file's bytes; a file the store does not have is a 404 problem, not a crash. */
  read(sha256: string): Promise<Buffer>;
  /** The file's bytes as a stream, with its size; missing, the same 404 problem as `read`. */
  stream(sha256: string): Promise<StoredStream>;
  remove(sha256: string): Promise<void>;
}

/** The store's missing file, as what asked for it is to see it. */
export const fileMissing = () => notFound('errors.fileMissing');

export const sha256Of = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export class LocalFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private path(sha256: string) {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256');
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(data: Buffer) {
    const sha256 = sha256Of(data);
    await this.place(sha256, data.length, (partial) => writeFile(partial, data));
    return { sha256, size: data.length };
  }

  async putFile(file: ReceivedFile) {
    await this.place(file.sha256, file.size, (partial) => copyFile(file.path, partial));
    return { sha256: file.sha256, size: file.size };
  }

  /** Writes the file unless it is there already, aside then renamed: no reader sees half a file. */
  private async place(sha256: string, size: number, write: (partial: string) => Promise<void>) {
    const path = this.path(sha256);
    const exists = await stat(path).then(
      (s) => s.size === size,
      () => false,
    );
    if (exists) return;
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.${randomBytes(6).toString('hex')}.part`;
    try {
      await write(partial);
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  read(sha256: string) {
    return readFile(this.path(sha256)).catch(missingAs404);
  }

  async stream(sha256: string) {
    // Opened first: a file removed meanwhile is a 404 now, not a broken response later.
    const handle = await open(this.path(sha256)).catch(missingAs404);
    try {
      const { size } = await handle.stat();
      return { stream: handle.createReadStream(), size };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async remove(sha256: string) {
    await rm(this.path(sha256), { force: true });
  }
}

/** Removed with its last document, or lost: what asked for it finds nothing. */
function missingAs404(error: unknown): never {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw fileMissing();
  throw error;
}
