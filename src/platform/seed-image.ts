import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { developmentStandIns, type Config } from '../config.js';
import { openDatabase, type Database } from './db.js';
import { MIGRATIONS_DIR } from './migrations.js';
import { unpackTar } from './tar.js';

/*
 * The seeded database image (ADR 0011): an embedded database migrated and seeded once, at
 * install (`npm run seed-image`), that the first start of an empty data folder unpacks
 * instead of creating a database, migrating and seeding it (most of that start's time). It
 * is named by a key over everything that could change what it holds, so a stale image is
 * never used: without a sound image of the right key, a start migrates and seeds as before.
 */

/** Raised when what goes into an image, or how it is laid out, changes. */
const FORMAT = 2;
const MANIFEST = 'manifest.json';
const ARCHIVE = 'pgdata.tar';
const PREFIX = 'seeded-';

const SOURCES_DIR = fileURLToPath(new URL('../', import.meta.url));
const REBUILD = 'npm run seed-image makes a new one';

/** What the seeds read besides the code: an image made under other settings differs. */
export type SeedImageSettings = Record<string, string | boolean>;

/** The settings the seeds read: payments' sandbox bills come where the stand-ins run. */
export const seedImageSettings = (config: Config): SeedImageSettings => ({
  developmentStandIns: developmentStandIns(config),
});

interface Manifest {
  format: typeof FORMAT;
  key: string;
  /** Of pgdata.tar: a damaged or cut-short image is refused, never half loaded. */
  sha256: string;
  bytes: number;
  builtAt: string;
}

export interface SeedImageRoots {
  sources: string;
  migrations: string;
}

/** Every file under a folder, as sorted slash-separated relative paths. */
async function filesUnder(root: string, keep: (path: string) => boolean): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter(keep)
    .sort();
}

async function pgliteVersion(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const text = await readFile(join(dirname(entry), '..', 'package.json'), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

/**
 * The key of the image these sources would make: the migrations, every source file but the
 * tests (the seeds' data and code and all they call: a list of "seed files" would one day
 * miss one, and a stale image would then be used), PGlite's version (its data files) and
 * the settings the seeds read. Any change makes another key, so the old image goes unused.
 */
export async function seedImageKey(
  settings: SeedImageSettings,
  roots: SeedImageRoots = { sources: SOURCES_DIR, migrations: MIGRATIONS_DIR },
): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ format: FORMAT, pglite: await pgliteVersion(), settings }));
  const trees = [
    ['migrations', roots.migrations, (path: string) => path.endsWith('.sql')],
    ['src', roots.sources, (path: string) => !/\.test\.tsx?$/.test(path)],
  ] as const;
  for (const [name, root, keep] of trees) {
    for (const path of await filesUnder(root, keep)) {
      hash.update(`\0${name}/${path}\0`);
      hash.update(await readFile(join(root, path)));
    }
  }
  return hash.digest('hex').slice(0, 32);
}

/** Where one image lives: a folder of its own, named by its key. */
export interface SeedImagePlace {
  dir: string;
  key: string;
}

const imageFolder = (place: SeedImagePlace) => join(place.dir, `${PREFIX}${place.key}`);

async function readManifest(place: SeedImagePlace): Promise<Manifest | null> {
  try {
    const text = await readFile(join(imageFolder(place), MANIFEST), 'utf8');
    const manifest = JSON.parse(text) as Partial<Manifest>;
    return manifest.format === FORMAT && manifest.key === place.key ? (manifest as Manifest) : null;
  } catch {
    return null; // missing or unreadable: no image
  }
}

/** Streams the archive through its checksum, so it is read once, while it is unpacked. */
async function* checked(path: string, sum: { hash: ReturnType<typeof createHash>; bytes: number }) {
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    sum.hash.update(bytes);
    sum.bytes += bytes.length;
    yield bytes;
  }
}

async function sound(place: SeedImagePlace): Promise<boolean> {
  const manifest = await readManifest(place);
  if (!manifest) return false;
  const sum = { hash: createHash('sha256'), bytes: 0 };
  try {
    for await (const chunk of checked(join(imageFolder(place), ARCHIVE), sum)) void chunk;
  } catch {
    return false;
  }
  return sum.bytes === manifest.bytes && sum.hash.digest('hex') === manifest.sha256;
}

/**
 * Makes the image for `place.key` unless a sound one is there: an in-memory database that
 * `prepare` migrates and seeds, checkpointed and dumped (PGlite's dumpDataDir), written
 * into a folder of its own and renamed into place whole. Images of other keys are removed.
 */
export async function buildSeedImage(
  place: SeedImagePlace,
  prepare: (db: Database) => Promise<void>,
): Promise<'built' | 'present'> {
  const folder = imageFolder(place);
  if (await sound(place)) return 'present';
  await mkdir(place.dir, { recursive: true });
  const work = await mkdtemp(join(place.dir, '.building-'));
  try {
    const db = await openDatabase({ memory: true });
    let archive: Buffer;
    try {
      await prepare(db);
      // What the seeds wrote goes into the data files: little log for the first start to replay.
      await db.exec('CHECKPOINT');
      const [wal] = await db.query<{ segment: string }>(
        'SELECT pg_walfile_name(pg_current_wal_lsn()) AS segment',
      );
      if (!db.snapshot || !wal) throw new Error('the embedded database cannot take snapshots');
      archive = withoutLaterWal(
        Buffer.from(await (await db.snapshot()).arrayBuffer()),
        wal.segment,
      );
    } finally {
      await db.close();
    }
    const manifest: Manifest = {
      format: FORMAT,
      key: place.key,
      sha256: createHash('sha256').update(archive).digest('hex'),
      bytes: archive.length,
      builtAt: new Date().toISOString(),
    };
    await writeFile(join(work, ARCHIVE), archive);
    await writeFile(join(work, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    await rm(folder, { recursive: true, force: true }); // a damaged image of this key
    await rename(work, folder);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  for (const name of await readdir(place.dir)) {
    const other = join(place.dir, name);
    if (name.startsWith(PREFIX) && other !== folder) await rm(other, { recursive: true });
  }
  return 'built';
}

const BLOCK = 512;
const WAL_SEGMENT = /^\/?pg_wal\/([0-9A-F]{24})$/;
const text = (block: Buffer, start: number, width: number) =>
  block.toString('utf8', start, start + width).replace(/\0.*$/s, '');

/**
 * The dump without the log segments after `current`: PostgreSQL makes them ahead of need
 * (old segments renamed for reuse, their contents stale) and never reads one before writing
 * it again, so a start does without them. They were 16 MB of the 62 MB a first start wrote.
 * Exported for its test.
 */
export function withoutLaterWal(tar: Buffer, current: string): Buffer {
  const kept: Buffer[] = [];
  let at = 0;
  while (at + BLOCK <= tar.length && tar.subarray(at, at + BLOCK).some((byte) => byte !== 0)) {
    const header = tar.subarray(at, at + BLOCK);
    const size = parseInt(text(header, 124, 12).trim() || '0', 8);
    const next = at + BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    const prefix = text(header, 345, 155);
    const segment = WAL_SEGMENT.exec(text(header, 0, 100))?.[1];
    const later = !prefix && text(header, 156, 1) === '0' && segment !== undefined;
    if (!(later && segment > current)) kept.push(tar.subarray(at, next));
    at = next;
  }
  kept.push(tar.subarray(at)); // the end of the archive
  return Buffer.concat(kept);
}

export type Unpacked = { unpacked: true } | { unpacked: false; reason: string };

/**
 * Unpacks the image into `pgdata`, which must hold no database. The archive is checked
 * against its manifest as it is read, and unpacked beside pgdata, moved into place only when
 * whole and sound: a damaged image leaves nothing behind.
 */
export async function unpackSeedImage(place: SeedImagePlace, pgdata: string): Promise<Unpacked> {
  const manifest = await readManifest(place);
  if (!manifest) {
    const others = (await readdir(place.dir).catch(() => [])).some((n) => n.startsWith(PREFIX));
    return {
      unpacked: false,
      reason: others
        ? `the seeded database image in ${place.dir} was made from other sources or settings (${REBUILD})`
        : `there is no seeded database image in ${place.dir} (${REBUILD})`,
    };
  }
  const work = `${pgdata}.unpacking-${process.pid}`;
  await rm(work, { recursive: true, force: true });
  const sum = { hash: createHash('sha256'), bytes: 0 };
  const chunks = checked(join(imageFolder(place), ARCHIVE), sum);
  try {
    await mkdir(work, { recursive: true, mode: 0o700 });
    await unpackTar(chunks, work);
    for await (const rest of chunks) void rest; // what follows the archive's end counts too
    if (sum.bytes !== manifest.bytes || sum.hash.digest('hex') !== manifest.sha256) {
      throw new Error('it differs from its manifest');
    }
    await rmdir(pgdata).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rename(work, pgdata);
    return { unpacked: true };
  } catch (error) {
    await chunks.return(undefined); // closes the file when the archive broke off early
    await rm(work, { recursive: true, force: true });
    return {
      unpacked: false,
      reason: `the seeded database image in ${imageFolder(place)} is damaged (${(error as Error).message}; ${REBUILD})`,
    };
  }
}

/** A data folder's database is new when its folder is missing or empty. */
async function noDatabaseYet(pgdata: string): Promise<boolean> {
  try {
    return (await readdir(pgdata)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/**
 * The embedded database of a data folder, from the image on its first start: when the folder
 * holds no database yet and a sound image has the key of these sources and settings. Any
 * other way (no image, a stale or damaged one, one that does not open) it opens as before,
 * an empty database for the caller to migrate and seed, and `say` tells why.
 */
export async function openFromSeedImage(
  options: { dir: string; settings: SeedImageSettings; pgdata: string },
  say: (line: string) => void,
): Promise<{ db: Database; fromImage: boolean }> {
  const open = () => openDatabase({ dataDir: options.pgdata });
  if (!(await noDatabaseYet(options.pgdata))) return { db: await open(), fromImage: false };
  const place = { dir: options.dir, key: await seedImageKey(options.settings) };
  const result = await unpackSeedImage(place, options.pgdata);
  if (!result.unpacked) {
    say(`${result.reason}: migrating and seeding instead`);
    return { db: await open(), fromImage: false };
  }
  try {
    return { db: await open(), fromImage: true };
  } catch (error) {
    say(
      `the database unpacked from ${imageFolder(place)} did not open (${(error as Error).message}): migrating and seeding instead`,
    );
    await rm(options.pgdata, { recursive: true, force: true });
    return { db: await open(), fromImage: false };
  }
}
