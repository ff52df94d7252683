import { once } from 'node:events';
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
  /** Only where directories were asked for: an empty folder must exist too (a database's). */
  directory?: true;
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

/**
 * The regular files of an archive, in order; directories too when asked for, other kinds
 * are passed over.
 */
export async function* readTar(
  input: AsyncIterable<Buffer>,
  options: { directories?: boolean } = {},
): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(input[Symbol.asyncIterator]());
  for (;;) {
    const block = await reader.take(BLOCK);
    if (!block) throw new Error('tar: the archive ends early');
    if (block.every((byte) => byte === 0)) return;
    const { name, mode, size, type } = parseHeader(block);
    const data = await reader.take(Math.ceil(size / BLOCK) * BLOCK);
    if (!data) throw new Error(`tar: the archive ends inside ${name}`);
    if (type === '0') yield { name, mode, data: data.subarray(0, size) };
    else if (type === '5' && options.directories) yield { name, mode, data, directory: true };
  }
}
