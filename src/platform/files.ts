import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { notFound } from './errors.js';

/**
 * Where uploaded files and results are kept, addressed by their SHA-256: the same file
 * uploaded twice is stored once. The local folder is the default; an S3-compatible store
 * can take its place behind this interface.
 */
export interface FileStore {
  put(data: Buffer): Promise<{ sha256: string; size: number }>;
  /** The file's bytes; a file the store does not have is a 404 problem, not a crash. */
  read(sha256: string): Promise<Buffer>;
  remove(sha256: string): Promise<void>;
}

export const sha256Of = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export class LocalFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private path(sha256: string) {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256');
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(data: Buffer) {
    const sha256 = sha256Of(data);
    const path = this.path(sha256);
    const exists = await stat(path).then(
      (s) => s.size === data.length,
      () => false,
    );
    if (!exists) {
      await mkdir(dirname(path), { recursive: true });
      // Written aside then renamed, so a reader never sees half a file.
      const partial = `${path}.${randomBytes(6).toString('hex')}.part`;
      await writeFile(partial, data);
      await rename(partial, path);
    }
    return { sha256, size: data.length };
  }

  async read(sha256: string) {
    try {
      return await readFile(this.path(sha256));
    } catch (error) {
      // Removed with its last document, or lost: what asked for it finds nothing.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notFound('errors.fileMissing');
      throw error;
    }
  }

  async remove(sha256: string) {
    await rm(this.path(sha256), { force: true });
  }
}
