import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { withoutLaterWal } from '../src/platform/seed-image.js';
import { readTar, TarWriter } from '../src/platform/tar.js';

/* The seeded image leaves out the log segments PostgreSQL made ahead of need (ADR 0015). */

async function archive(entries: [string, Buffer][]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const tar = new TarWriter(out);
  for (const [name, data] of entries) await tar.add(name, data);
  await tar.end();
  return Buffer.concat(chunks);
}

async function* chunks(tar: Buffer) {
  yield tar;
}

async function names(tar: Buffer): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of readTar(chunks(tar))) found.push(entry.name);
  return found;
}

describe('the seeded image', () => {
  it('keeps every file but the log segments after the current one', async () => {
    const segment = (n: number) =>
      `pg_wal/0000000100000000000000${n.toString(16).toUpperCase().padStart(2, '0')}`;
    const tar = await archive([
      ['PG_VERSION', Buffer.from('17\n')],
      [segment(1), Buffer.alloc(1000, 1)],
      [segment(2), Buffer.alloc(3000, 2)],
      ['base/5/1259', Buffer.alloc(700, 3)],
      [segment(3), Buffer.alloc(5000, 4)],
      [segment(0x1a), Buffer.alloc(10, 5)],
      ['pg_wal/archive_status/x', Buffer.alloc(0)],
    ]);
    const trimmed = withoutLaterWal(tar, '000000010000000000000002');
    expect(await names(trimmed)).toEqual([
      'PG_VERSION',
      segment(1),
      segment(2),
      'base/5/1259',
      'pg_wal/archive_status/x',
    ]);
    expect(trimmed.length).toBe(tar.length - (512 + 5120) - (512 + 512));
    const files = new Map<string, Buffer>();
    for await (const entry of readTar(chunks(trimmed))) files.set(entry.name, entry.data);
    expect(files.get('base/5/1259')).toEqual(Buffer.alloc(700, 3));
  });
});
