import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The shortest secret accepted, as SERVER_SECRET's own minimum. */
const MIN_LENGTH = 32;
export const SERVER_SECRET_FILE = 'server-secret';

/**
 * The server's secret for keyed hashes (form tokens): SERVER_SECRET when configured, else
 * the one kept in `<DATA_DIR>/server-secret`, made on the first start. Several web
 * processes must share it, so set SERVER_SECRET (or share DATA_DIR) when there are several.
 */
export async function loadServerSecret(config: {
  SERVER_SECRET?: string | undefined;
  DATA_DIR: string;
}): Promise<string> {
  if (config.SERVER_SECRET) return config.SERVER_SECRET;
  const path = join(config.DATA_DIR, SERVER_SECRET_FILE);
  const existing = await readSecret(path);
  if (existing !== null) return existing;
  await mkdir(config.DATA_DIR, { recursive: true });
  // Written whole under a name of its own, then linked into place: link never replaces a
  // file, so of two starts racing, one secret wins and both read that one back; and nobody
  // ever reads a half-written file. Hex, so it can be copied into SERVER_SECRET as it is.
  const draft = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  await writeFile(draft, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(draft);
  }
  const secret = await readSecret(path);
  if (secret === null) throw new Error(`${path} vanished as it was made`);
  return secret;
}

/** The secret kept in the file, or null without one; a damaged file stops the start. */
async function readSecret(path: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const secret = text.trim();
  if (secret.length < MIN_LENGTH) {
    throw new Error(
      `${path} holds fewer than ${MIN_LENGTH} characters: delete it to have a new secret made, or set SERVER_SECRET`,
    );
  }
  return secret;
}
