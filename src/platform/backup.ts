import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { createGunzip, createGzip } from 'node:zlib';
import { openDatabase, type Database } from './db.js';
import { readTar, TarWriter, type TarEntry } from './tar.js';

/**
 * A backup of an embedded portal is one .tar.gz: a manifest, the database's own snapshot
 * (PGlite's dumpDataDir, taken by the process that holds the data folder's lock, so nothing
 * writes meanwhile), every file of the file store, and the server secret if there is one.
 */
export const BACKUP_FORMAT = 'mot-cua-backup';
const MANIFEST = 'manifest.json';
const DATABASE = 'database/pgdata.tar';
const SECRET = 'server-secret';
const FILES = 'files/';

export interface BackupPlaces {
  /** DATA_DIR: the database lives in its `pgdata`, the server secret beside it. */
  dataDir: string;
  filesDir: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: 1;
  createdAt: string;
  database: { entry: string; bytes: number; sha256: string };
  files: { count: number; bytes: number };
  serverSecret: boolean;
}

/** A condition a person can act on (an existing target, a foreign file): said, not traced. */
export class BackupError extends Error {
  override name = 'BackupError';
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const present = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Every file under a folder, as slash-separated paths relative to it (uploads half written aside). */
async function filesUnder(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && !entry.name.endsWith('.part')) {
        found.push(relative(root, path).split(sep).join('/'));
      }
    }
  };
  await walk(root);
  return found.sort();
}

/** Writes the backup to `out` (never over an existing file; a half-written one is removed). */
export async function writeBackup(
  db: Database,
  places: BackupPlaces,
  out: string,
  now = new Date(),
): Promise<BackupManifest> {
  if (!db.snapshot) throw new BackupError('Only the embedded database is backed up this way.');
  if (await present(out)) throw new BackupError(`${out} already exists: choose another name.`);
  // Everything the last write left in the log goes into the data files first.
  await db.exec('CHECKPOINT');
  const database = Buffer.from(await (await db.snapshot()).arrayBuffer());
  const files = await filesUnder(places.filesDir);
  const sizes = await Promise.all(
    files.map(async (f) => (await stat(join(places.filesDir, f))).size),
  );
  const secretPath = join(places.dataDir, SECRET);
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: 1,
    createdAt: now.toISOString(),
    database: { entry: DATABASE, bytes: database.length, sha256: sha256(database) },
    files: { count: files.length, bytes: sizes.reduce((a, b) => a + b, 0) },
    serverSecret: await present(secretPath),
  };
  const partial = `${out}.partial`;
  try {
    await mkdir(dirname(out), { recursive: true });
    const gzip = createGzip();
    const done = new Promise<void>((resolve, reject) => {
      gzip
        .pipe(createWriteStream(partial, { flags: 'wx', mode: 0o600 }))
        .on('finish', resolve)
        .on('error', reject);
      gzip.on('error', reject);
    });
    const tar = new TarWriter(gzip);
    await tar.add(MANIFEST, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), { mtime: now });
    await tar.add(DATABASE, database, { mtime: now });
    if (manifest.serverSecret) await tar.add(SECRET, await readFile(secretPath), { mode: 0o600 });
    for (const file of files)
      await tar.add(FILES + file, await readFile(join(places.filesDir, file)));
    await tar.end();
    await done;
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return manifest;
}

/** What is already there: a restore puts a portal back only where none is. */
async function occupied(places: BackupPlaces): Promise<string[]> {
  const found: string[] = [];
  const pgdata = join(places.dataDir, 'pgdata');
  if ((await readdir(pgdata).catch(() => [])).length > 0) found.push(pgdata);
  if ((await filesUnder(places.filesDir)).length > 0) found.push(places.filesDir);
  if (await present(join(places.dataDir, SECRET))) found.push(join(places.dataDir, SECRET));
  return found;
}

async function clear(places: BackupPlaces) {
  await rm(join(places.dataDir, 'pgdata'), { recursive: true, force: true });
  await rm(places.filesDir, { recursive: true, force: true });
  await rm(join(places.dataDir, SECRET), { force: true });
}

/** A name inside the archive that may be written under FILES_DIR (never outside it). */
function storePath(name: string): string | null {
  const rest = name.slice(FILES.length);
  const safe = rest
    .split('/')
    .every((part) => /^[A-Za-z0-9._-]+$/.test(part) && !/^\.+$/.test(part));
  return name.startsWith(FILES) && safe ? rest : null;
}

function readManifest(entry: TarEntry | undefined): BackupManifest {
  let manifest: Partial<BackupManifest> = {};
  try {
    if (entry?.name === MANIFEST)
      manifest = JSON.parse(entry.data.toString('utf8')) as BackupManifest;
  } catch {
    // not JSON: said below
  }
  if (manifest.format !== BACKUP_FORMAT || manifest.version !== 1 || !manifest.database) {
    throw new BackupError(
      'This file is not a Một Cửa backup (its manifest is missing or unknown).',
    );
  }
  return manifest as BackupManifest;
}

/**
 * Puts a backup back into an empty data folder (or, with `force`, one whose database, files
 * and secret are deleted first). The database is loaded into a folder beside `pgdata` and
 * moved into place only once complete.
 */
export async function restoreBackup(
  archive: string,
  places: BackupPlaces,
  options: { force: boolean },
): Promise<BackupManifest> {
  if (!(await present(archive))) throw new BackupError(`${archive}: no such file.`);
  const there = await occupied(places);
  if (there.length > 0 && !options.force) {
    throw new BackupError(
      `Not restoring over an existing portal (${there.join(', ')}): restore into an empty DATA_DIR, or add --force to delete what is there first.`,
    );
  }
  if (options.force) await clear(places);
  const entries = readTar(createReadStream(archive).pipe(createGunzip()));
  const manifest = readManifest((await entries.next()).value || undefined);
  let database: Buffer | null = null;
  let count = 0;
  for await (const entry of entries) {
    if (entry.name === DATABASE) database = entry.data;
    else if (entry.name === SECRET) {
      await mkdir(places.dataDir, { recursive: true });
      await writeFile(join(places.dataDir, SECRET), entry.data, { mode: 0o600 });
    } else {
      const path = storePath(entry.name);
      if (!path) throw new BackupError(`Unexpected entry in the backup: ${entry.name}`);
      await writeStoreFile(places.filesDir, path, entry.data);
      count++;
    }
  }
  if (
    !database ||
    sha256(database) !== manifest.database.sha256 ||
    count !== manifest.files.count
  ) {
    throw new BackupError('The backup is damaged: its contents differ from its manifest.');
  }
  await loadDatabase(places.dataDir, database);
  return manifest;
}

async function writeStoreFile(root: string, path: string, data: Buffer) {
  const name = path.split('/').at(-1) ?? '';
  // The store names files by their SHA-256: a file that does not match was damaged.
  if (/^[0-9a-f]{64}$/.test(name) && sha256(data) !== name) {
    throw new BackupError(`The backup is damaged: ${path} does not match its checksum.`);
  }
  const target = join(root, ...path.split('/'));
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, data);
}

async function loadDatabase(dataDir: string, tarball: Buffer) {
  const staging = join(dataDir, 'pgdata.restoring');
  await rm(staging, { recursive: true, force: true });
  try {
    const db = await openDatabase({ dataDir: staging, load: new Blob([new Uint8Array(tarball)]) });
    await db.query('SELECT 1');
    await db.close();
    await rename(staging, join(dataDir, 'pgdata'));
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
