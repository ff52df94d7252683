import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { receiveFile, type ReceivedFile } from '../src/platform/received-files.js';
import { afterFile } from './cleanup.js';

/** `bytes` as the portal receives an upload (a temporary file, hashed); removed after the test file. */
export async function received(bytes: Buffer): Promise<ReceivedFile> {
  const file = await receiveFile(Readable.from([bytes]));
  afterFile(() => rm(file.path, { force: true }));
  return file;
}
