import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { openDatabase, type Database } from '../src/platform/db.js';
import { MIGRATIONS_DIR, migrate, pendingMigrations } from '../src/platform/migrations.js';
import { openFromSeedImage, seedImageKey, seedImageSettings } from '../src/platform/seed-image.js';
import { TarWriter } from '../src/platform/tar.js';
import { freePort } from './helpers.js';
import { run, serve, stop } from './processes.js';

/*
 * The seeded database image (ADR 0011), made by the real `npm run seed-image` once for this
 * file, then loaded, refused when stale, and passed over when damaged.
 */

const settings = seedImageSettings(loadConfig({ DATABASE_URL: '', NODE_ENV: 'development' }));
let scratch: string;
let imageDir: string;
let folder: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'motcua-seed-image-'));
  imageDir = join(scratch, 'image');
  // An image of other sources, left by an earlier install: the new one replaces it.
  await mkdir(join(imageDir, 'seeded-0123456789abcdef0123456789abcdef'), { recursive: true });
  const made = await run(['seed-image'], { SEED_IMAGE_DIR: imageDir, NODE_ENV: 'development' });
  expect(made.code, made.out).toBe(0);
  expect(made.out).toContain('seeded database image made');
  folder = join(imageDir, `seeded-${await seedImageKey(settings)}`);
}, 300_000);
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** A data folder's database, opened from the image in `dir` if it can, and what was said. */
async function firstOpen(dir: string, under = settings) {
  const said: string[] = [];
  const pgdata = join(await mkdtemp(join(scratch, 'data-')), 'pgdata');
  const opened = await openFromSeedImage({ dir, settings: under, pgdata }, (line) =>
    said.push(line),
  );
  return { ...opened, said, pgdata };
}

/** Row counts of every table, and the seeded rows that matter, in a comparable form. */
async function contents(db: Database) {
  const tables = await db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${name}"`);
    counts[name] = row!.n;
  }
  const rows = async (sql: string) => (await db.query(sql)).map((r) => JSON.stringify(r));
  return {
    counts,
    migrations: await rows('SELECT name FROM schema_migrations ORDER BY name'),
    procedures: await rows('SELECT code, name, level, annulled_from FROM procedures ORDER BY code'),
    agencies: await rows(`SELECT md5(string_agg(code || name, ',' ORDER BY code)) FROM agencies`),
    bills: await rows('SELECT code, amount, due_date FROM sandbox_bills ORDER BY code'),
    search: await rows(
      `SELECT code FROM procedures WHERE unaccent(lower(name)) LIKE '%khai sinh%' ORDER BY code`,
    ),
  };
}

describe('the seeded database image', () => {
  it('is made once: a second npm run seed-image finds it up to date', async () => {
    expect(await readdir(imageDir)).toEqual([`seeded-${await seedImageKey(settings)}`]);
    const again = await run(['seed-image'], { SEED_IMAGE_DIR: imageDir, NODE_ENV: 'development' });
    expect(again.code, again.out).toBe(0);
    expect(again.out).toContain('the seeded database image is up to date');
  });

  it('gives a first start the database that migrating and seeding make', async () => {
    const { db, fromImage, said } = await firstOpen(imageDir);
    try {
      expect(said).toEqual([]);
      expect(fromImage).toBe(true);
      expect(await pendingMigrations(db)).toEqual([]);
      // The tests' own template: another database, migrated and seeded the usual way.
      const tarball = await readFile(inject('embeddedTemplate'));
      const seeded = await openDatabase({ memory: true, load: new Blob([tarball]) });
      try {
        const [mine, theirs] = [await contents(db), await contents(seeded)];
        expect(mine.counts.procedures).toBe(95);
        expect(mine.counts.agencies).toBeGreaterThan(7000);
        expect(mine.search.length).toBeGreaterThan(0);
        expect(mine).toEqual(theirs);
      } finally {
        await seeded.close();
      }
    } finally {
      await db.close();
    }
  });

  it('is refused when made from other sources or settings: the database starts empty', async () => {
    const other = await firstOpen(imageDir, { ...settings, developmentStandIns: false });
    try {
      expect(other.fromImage).toBe(false);
      expect(other.said.join()).toContain('made from other sources or settings');
      expect(await pendingMigrations(other.db)).not.toEqual([]);
      expect(await migrate(other.db)).not.toEqual([]);
    } finally {
      await other.db.close();
    }
    // One changed migration is another key; the same sources, the same key.
    const migrations = join(scratch, 'migrations');
    await cp(MIGRATIONS_DIR, migrations, { recursive: true });
    const roots = { sources: fileURLToPath(new URL('../src/', import.meta.url)), migrations };
    expect(await seedImageKey(settings, roots)).toBe(await seedImageKey(settings));
    await writeFile(join(migrations, '9999_later.sql'), 'SELECT 1;\n');
    expect(await seedImageKey(settings, roots)).not.toBe(await seedImageKey(settings));
  });

  it('is passed over when damaged, leaving nothing half unpacked', async () => {
    for (const damage of [
      async (archive: string) => {
        const bytes = await readFile(archive);
        bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
        await writeFile(archive, bytes);
      },
      (archive: string) => truncate(archive, 1_000_000),
    ]) {
      const copy = await mkdtemp(join(scratch, 'damaged-'));
      await cp(folder, join(copy, folder.split('/').at(-1)!), { recursive: true });
      await damage(join(copy, folder.split('/').at(-1)!, 'pgdata.tar'));
      const { db, fromImage, said, pgdata } = await firstOpen(copy);
      try {
        expect(fromImage).toBe(false);
        expect(said.join()).toContain('is damaged');
        const beside = await readdir(join(pgdata, '..'));
        expect(beside.filter((name) => name.includes('unpacking'))).toEqual([]);
        expect(await migrate(db)).not.toEqual([]); // an empty database, usable as before
      } finally {
        await db.close();
      }
    }
  });

  it('is passed over when what it holds does not open as a database', async () => {
    // Sound as a file (its manifest agrees) but not a database: PGlite refuses it.
    const copy = await mkdtemp(join(scratch, 'not-a-database-'));
    const name = folder.split('/').at(-1)!;
    await mkdir(join(copy, name));
    const archive = await tarball('PG_VERSION', '17\n');
    await writeFile(join(copy, name, 'pgdata.tar'), archive);
    const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')) as {
      sha256: string;
      bytes: number;
    };
    manifest.sha256 = createHash('sha256').update(archive).digest('hex');
    manifest.bytes = archive.length;
    await writeFile(join(copy, name, 'manifest.json'), JSON.stringify(manifest));
    const { db, fromImage, said } = await firstOpen(copy);
    try {
      expect(fromImage).toBe(false);
      expect(said.join()).toContain('did not open');
      expect(await migrate(db)).not.toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('makes the real first start: ready from it, with the demo officers made then', async () => {
    const dataDir = join(scratch, 'portal');
    const port = await freePort();
    const first = serve(dataDir, port, { SEED_IMAGE_DIR: imageDir, NODE_ENV: 'development' });
    await first.ready;
    expect(first.output()).toContain('database made from the seeded image');
    expect(first.output()).toContain('demo officer accounts created');
    expect(first.output()).not.toContain('catalog seeded into the empty database');
    const found = (await (
      await fetch(`http://127.0.0.1:${port}/api/v1/procedures?q=khai+sinh`)
    ).json()) as { total: number };
    expect(found.total).toBeGreaterThan(0);
    expect(await stop(first.child), first.output()).toBe(0);
    expect(existsSync(join(dataDir, 'pgdata', 'PG_VERSION'))).toBe(true);

    const later = serve(dataDir, port, { SEED_IMAGE_DIR: imageDir, NODE_ENV: 'development' });
    await later.ready;
    expect(later.output()).not.toContain('seeded image');
    expect(later.output()).not.toContain('demo officer accounts created');
    expect(await stop(later.child), later.output()).toBe(0);
  }, 300_000);
});

/** An archive of one file, made as the image's are read. */
async function tarball(name: string, text: string): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const writer = new TarWriter(out);
  await writer.add(name, Buffer.from(text));
  await writer.end();
  return Buffer.concat(chunks);
}
