import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadServerSecret, SERVER_SECRET_FILE } from './server-secret.js';

let dir: string;

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const newDir = async () => (dir = await mkdtemp(join(tmpdir(), 'motcua-secret-')));

describe('the server secret', () => {
  it('is made once in DATA_DIR, readable by the owner only, and reused by later starts', async () => {
    const dataDir = join(await newDir(), 'data');
    const first = await loadServerSecret({ DATA_DIR: dataDir });
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const file = join(dataDir, SERVER_SECRET_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(first);

    expect(await loadServerSecret({ DATA_DIR: dataDir })).toBe(first);
    // Only the secret is left behind: no drafts.
    expect(await readdir(dataDir)).toEqual([SERVER_SECRET_FILE]);
  });

  it('comes out the same for starts racing to make it', async () => {
    const dataDir = await newDir();
    const secrets = await Promise.all(
      Array.from({ length: 8 }, () => loadServerSecret({ DATA_DIR: dataDir })),
    );
    expect(new Set(secrets).size).toBe(1);
    expect((await readFile(join(dataDir, SERVER_SECRET_FILE), 'utf8')).trim()).toBe(secrets[0]);
    expect(await readdir(dataDir)).toEqual([SERVER_SECRET_FILE]);
  });

  it('is SERVER_SECRET when configured, and then no file is made', async () => {
    const dataDir = await newDir();
    const configured = 'a configured secret of 32 characters or more';
    expect(await loadServerSecret({ DATA_DIR: dataDir, SERVER_SECRET: configured })).toBe(
      configured,
    );
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('refuses a damaged file rather than using a short secret', async () => {
    const dataDir = await newDir();
    await writeFile(join(dataDir, SERVER_SECRET_FILE), 'short\n');
    await expect(loadServerSecret({ DATA_DIR: dataDir })).rejects.toThrow(/fewer than 32/);
  });
});
