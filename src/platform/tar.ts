import { once } from 'node:events';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';

/**
 * The few bytes of the ustar format that backups need (regular files, written and read one
 * after another), so a backup opens with any `tar` and needs no dependency. Each file is
 * held in memory while it passes: the database's own snapshot is one anyway.
 */
const BLOCK = 512;
const MAX_SIZE = 0o77777777777; // 11 octal digits: 8 GiB

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** Long names go in the prefix field, split at a slash, as ustar allows. */
function splitName(name: string): [prefix: string, name: string] {
  if (Buffer.byteLength(name) <= 100) return ['', name];
  const cut = name.lastIndexOf('/', name.length - 1);
  const [prefix, rest] = [name.slice(0, cut), name.slice(cut + 1)];
  if (cut <= 0 || Buffer.byteLength(prefix) > 155 || Buffer.byteLength(rest) > 100) {
    throw new Error(`tar: name too long: ${name}`);
  }
  return [prefix, rest];
}

function header(name: string, size: number, mode: number, mtime: Date): Buffer {
  if (size > MAX_SIZE) throw new Error(`tar: ${name} is too large`);
  const [prefix, short] = splitName(name);
  const block = Buffer.alloc(BLOCK);
  block.write(short, 0, 100);
  block.write(octal(mode, 8), 100);
  block.write(octal(0, 8), 108);
  block.write(octal(0, 8), 116);
  block.write(octal(size, 12), 124);
  block.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136);
  block.write('        ', 148); // the checksum counts its own field as spaces
  block.write('0', 156);
  block.write('ustar\u000000', 257);
  block.write(prefix, 345, 155);
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return block;
}

/** Writes entries into `out` (a gzip stream, say), waiting whenever it asks to. */
export class TarWriter {
  constructor(private readonly out: Writable) {}

  private async write(chunk: Buffer) {
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async add(name: string, data: Buffer, options: { mode?: number; mtime?: Date } = {}) {
    await this.write(header(name, data.length, options.mode ?? 0o644, options.mtime ?? new Date()));
    await this.write(data);
    const padding = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (padding > 0) await this.write(Buffer.alloc(padding));
  }

  /** The two empty blocks that end an archive; then the stream is ended and flushed. */
  async end() {
    await this.write(Buffer.alloc(BLOCK * 2));
    this.out.end();
    await once(this.out, 'finish');
  }
}

export interface TarEntry {
  name: string;
  mode: number;
  data: Buffer;
}

/** Reads exactly as many bytes as asked from a stream of chunks. */
class ByteReader {
  private buffered: Buffer[] = [];
  private length = 0;
  constructor(private readonly chunks: AsyncIterator<Buffer>) {}

  async take(size: number): Promise<Buffer | null> {
    while (this.length < size) {
      const next = await this.chunks.next();
      if (next.done) return null;
      this.buffered.push(next.value);
      this.length += next.value.length;
    }
    const all = Buffer.concat(this.buffered);
    this.buffered = [all.subarray(size)];
    this.length = all.length - size;
    return all.subarray(0, size);
  }
}

const field = (block: Buffer, start: number, width: number) =>
  block.toString('utf8', start, start + width).replace(/\0.*$/s, '');

function parseHeader(block: Buffer): { name: string; mode: number; size: number; type: string } {
  const stored = parseInt(field(block, 148, 8).trim(), 8);
  const sum = block.reduce((total, byte, i) => total + (i >= 148 && i < 156 ? 32 : byte), 0);
  if (stored !== sum) throw new Error('tar: damaged header (checksum)');
  const prefix = field(block, 345, 155);
  const name = field(block, 0, 100);
  return {
    name: prefix ? `${prefix}/${name}` : name,
    mode: parseInt(field(block, 100, 8).trim() || '644', 8),
    size: parseInt(field(block, 124, 12).trim() || '0', 8),
    type: field(block, 156, 1) || '0',
  };
}

/** The regular files of an archive, in order; directories and other kinds are passed over. */
export async function* readTar(input: AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(input[Symbol.asyncIterator]());
  for (;;) {
    const block = await reader.take(BLOCK);
    if (!block) throw new Error('tar: the archive ends early');
    if (block.every((byte) => byte === 0)) return;
    const { name, mode, size, type } = parseHeader(block);
    const data = await reader.take(Math.ceil(size / BLOCK) * BLOCK);
    if (!data) throw new Error(`tar: the archive ends inside ${name}`);
    if (type === '0') yield { name, mode, data: data.subarray(0, size) };
  }
}

/** An entry's place under `root`; a name leaving it (`..`, empty parts) is refused. */
function inside(root: string, name: string): string {
  const parts = name.replace(/^\/+/, '').replace(/\/+$/, '').split('/');
  if (parts.some((part) => part === '..' || part === '')) {
    throw new Error(`tar: unexpected entry ${JSON.stringify(name)}`);
  }
  return join(root, ...parts);
}

/**
 * Unpacks an archive's directories (empty ones too: a database needs them) and regular files
 * under `root`, private to their owner, writing each file as its bytes stream by: none is
 * held whole in memory (a database's log files are 16 MB each, and memory the allocator got
 * for them would stay with the process).
 */
export async function unpackTar(input: AsyncIterable<Buffer>, root: string): Promise<void> {
  let header = Buffer.alloc(0);
  let file: FileHandle | null = null;
  let left = 0; // bytes of the current entry still to come
  let padding = 0; // then up to the next block
  const closeFile = async () => {
    await file?.close();
    file = null;
  };
  try {
    for await (const chunk of input) {
      let at = 0;
      while (at < chunk.length) {
        if (left > 0) {
          const part = chunk.subarray(at, at + Math.min(left, chunk.length - at));
          await file?.write(part);
          [left, at] = [left - part.length, at + part.length];
          if (left === 0) await closeFile();
        } else if (padding > 0) {
          const skipped = Math.min(padding, chunk.length - at);
          [padding, at] = [padding - skipped, at + skipped];
        } else {
          const part = chunk.subarray(at, at + BLOCK - header.length);
          [header, at] = [Buffer.concat([header, part]), at + part.length];
          if (header.length < BLOCK) continue;
          if (header.every((byte) => byte === 0)) return;
          const { name, size, type } = parseHeader(header);
          header = Buffer.alloc(0);
          const path = inside(root, name);
          if (type === '5') await mkdir(path, { recursive: true, mode: 0o700 });
          if (type === '0') {
            await mkdir(dirname(path), { recursive: true, mode: 0o700 });
            file = await open(path, 'w', 0o600);
            if (size === 0) await closeFile();
          }
          [left, padding] = [size, (BLOCK - (size % BLOCK)) % BLOCK];
        }
      }
    }
    throw new Error('tar: the archive ends early');
  } finally {
    await closeFile();
  }
}
