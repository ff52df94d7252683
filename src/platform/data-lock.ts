import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * One process at a time owns an embedded data folder: PGlite has no lock of its own, and two
 * processes writing one `pgdata` corrupt it. The lock is a file created atomically (a fully
 * written temporary file hard-linked into place, which fails if the name exists), naming
 * its holder; a lock left by a process that died is taken over (ADR 0010).
 */
export const LOCK_FILE = 'motcua.lock';

export interface LockHolder {
  pid: number;
  host: string;
  /** What it runs (`serve`, `backup`…) and its command line, for the message. */
  command: string;
  commandLine: string;
  startedAt: string;
  /** The kernel's start time of the process (Linux /proc), so a reused pid is told apart. */
  processStart: string | null;
  nonce: string;
}

export interface DataLock {
  readonly path: string;
  /** Gives the folder up (only if the lock is still this process's). */
  release(): void;
}

/** Another live process holds the folder: expected, so its message is all a person needs. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | null,
    hint = '',
  ) {
    super(inUseMessage(dataDir, holder, hint));
    this.name = 'DataDirInUseError';
  }
}

function inUseMessage(dataDir: string, holder: LockHolder | null, hint: string): string {
  const lockPath = join(dataDir, LOCK_FILE);
  if (!holder) {
    return `The data folder ${dataDir} has a lock file that cannot be read (${lockPath}). If no Một Cửa process uses this folder, remove that file and start again.`;
  }
  const elsewhere = holder.host !== hostname();
  return [
    `The data folder ${dataDir} is in use by another Một Cửa process: pid ${holder.pid}`,
    `${elsewhere ? ` on ${holder.host}` : ''} ("${holder.command}", started ${holder.startedAt}: ${holder.commandLine}).`,
    ' Two processes on one embedded database would corrupt it, so this one does not start.',
    hint ||
      ` Stop the other one first (Ctrl+C in its terminal, or kill ${holder.pid}${elsewhere ? ` on ${holder.host}` : ''}), or give this one another DATA_DIR.`,
    elsewhere
      ? ` If ${holder.host} no longer runs it (a container that was replaced), remove ${lockPath}.`
      : '',
  ].join('');
}

/** The start time of a process as the kernel counts it, where /proc tells (Linux). */
export function processStartOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22; the command name (field 2) is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the holder still runs. On another host nothing can be checked, so it counts as
 * alive; here, a pid that is gone, or now names a process started at another time (the pid
 * was reused, as pid 1 is in a restarted container), is a dead holder.
 */
export function holderAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  if (!exists(holder.pid)) return false;
  const start = processStartOf(holder.pid);
  return !(holder.processStart && start && start !== holder.processStart);
}

function readHolder(path: string): LockHolder | null | 'gone' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    return typeof holder.pid === 'number' && typeof holder.nonce === 'string' ? holder : null;
  } catch {
    return null;
  }
}

function me(command: string): LockHolder {
  return {
    pid: process.pid,
    host: hostname(),
    command,
    commandLine: process.argv.slice(1).join(' '),
    startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    processStart: processStartOf(process.pid),
    nonce: randomBytes(12).toString('hex'),
  };
}

/** Written whole and flushed before it is linked into place: a lock is never half a file. */
function writeDurably(path: string, text: string) {
  const fd = openSync(path, 'wx', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function linked(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Removes a dead holder's lock. Whoever first links it to a name of its own (named after the
 * dead holder's nonce) is the only one allowed to remove it; the others go round again and
 * find the new holder. Answers 'busy' while another process holds that name. Exported for
 * its test: the interleavings that matter are microseconds wide, too narrow to time.
 */
export function takeOver(lockPath: string, dead: LockHolder): 'done' | 'busy' {
  const claim = `${lockPath}.stale-${dead.nonce}`;
  try {
    if (!linked(lockPath, claim)) return 'busy';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'done'; // already removed
    throw error;
  }
  try {
    // The claim may have caught a newer lock, if this process read the dead one long ago.
    const claimed = readHolder(claim);
    if (claimed !== 'gone' && claimed?.nonce === dead.nonce) rmSync(lockPath, { force: true });
  } finally {
    rmSync(claim, { force: true });
  }
  return 'done';
}

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Takes the folder for this process, or throws DataDirInUseError naming who has it. */
export function lockDataDir(dataDir: string, command: string, hint = ''): DataLock {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const lockPath = join(dir, LOCK_FILE);
  const holder = me(command);
  const pending = `${lockPath}.${holder.nonce}.new`;
  writeDurably(pending, `${JSON.stringify(holder, null, 2)}\n`);
  try {
    // A takeover takes microseconds: a claim still there after a second was interrupted.
    for (let attempt = 0; attempt < 20; attempt++) {
      if (linked(pending, lockPath)) return heldLock(lockPath, holder.nonce);
      const current = readHolder(lockPath);
      if (current === 'gone') continue;
      if (current === null || holderAlive(current)) throw new DataDirInUseError(dir, current, hint);
      if (takeOver(lockPath, current) === 'busy') {
        if (attempt === 19) throw interruptedTakeover(dir, lockPath, current);
        pause(50);
      }
    }
    throw new Error(`Could not take the lock on ${dir}: other processes keep taking it.`);
  } finally {
    rmSync(pending, { force: true });
  }
}

function interruptedTakeover(dir: string, lockPath: string, dead: LockHolder) {
  return new Error(
    `An earlier start was interrupted while taking over the lock of a process that had died (pid ${dead.pid}). If no Một Cửa process uses ${dir}, remove ${lockPath} and ${lockPath}.stale-${dead.nonce}, then start again.`,
  );
}

function heldLock(path: string, nonce: string): DataLock {
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      const current = readHolder(path);
      if (current !== 'gone' && current?.nonce === nonce) unlinkSync(path);
    },
  };
}
