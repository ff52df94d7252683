import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  DataDirInUseError,
  LOCK_FILE,
  lockDataDir,
  processStartOf,
  takeOver,
  type LockHolder,
} from '../src/platform/data-lock.js';

const folders: string[] = [];
const children = new Set<ChildProcess>();
afterEach(() => children.forEach((child) => child.kill('SIGKILL')));
afterAll(() => Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true }))));

async function folder() {
  const dir = await mkdtemp(join(tmpdir(), 'motcua-lock-'));
  folders.push(dir);
  return dir;
}

function node(args: string[]): ChildProcess {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((done) => child.once('exit', () => done()));

/** A lock file as another process would have left it. */
function leaveLock(dir: string, holder: Partial<LockHolder>) {
  const full: LockHolder = {
    pid: 1,
    host: hostname(),
    command: 'serve',
    commandLine: 'src/main.ts serve',
    startedAt: '2026-11-30T08:00:00.000Z',
    processStart: null,
    nonce: `n${Math.random().toString(16).slice(2)}`,
    ...holder,
  };
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify(full));
}

/** A process that did run here and is gone: its pid names nobody now. */
async function deadPid(): Promise<number> {
  const child = node(['-e', '']);
  await exited(child);
  return child.pid!;
}

const holderOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as LockHolder;

describe('the data folder lock', () => {
  it('is taken, refused to anyone else while held (naming the holder), and given up', async () => {
    const dir = await folder();
    const lock = lockDataDir(dir, 'serve');
    expect(holderOf(dir)).toMatchObject({ pid: process.pid, command: 'serve' });
    const second = (() => {
      try {
        lockDataDir(dir, 'migrate');
      } catch (error) {
        return error;
      }
    })();
    expect(second).toBeInstanceOf(DataDirInUseError);
    expect((second as Error).message).toContain(
      `The data folder ${resolve(dir)} is in use by another Một Cửa process: pid ${process.pid} ("serve", started `,
    );
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockDataDir(dir, 'migrate').release();
  });

  it('is refused while its holder runs, and taken over once it has died', async () => {
    const dir = await folder();
    const holder = node(['-e', 'setInterval(() => {}, 1000)']);
    leaveLock(dir, { pid: holder.pid!, processStart: processStartOf(holder.pid!) });
    expect(() => lockDataDir(dir, 'serve')).toThrow(`pid ${holder.pid} ("serve"`);
    holder.kill('SIGKILL');
    await exited(holder);
    const lock = lockDataDir(dir, 'serve');
    expect(holderOf(dir).pid).toBe(process.pid);
    lock.release();
  });

  it('is taken over when its pid now names another process (started at another time)', async () => {
    const dir = await folder();
    const reused = node(['-e', 'setInterval(() => {}, 1000)']);
    // As after a restarted container: the same pid, not the same process.
    leaveLock(dir, { pid: reused.pid!, processStart: '1' });
    lockDataDir(dir, 'serve').release();
  });

  it('is refused when held on another host, which cannot be checked from here', async () => {
    const dir = await folder();
    leaveLock(dir, { pid: await deadPid(), host: 'may-chu-2' });
    expect(() => lockDataDir(dir, 'serve')).toThrow(/on may-chu-2 .*remove .*motcua\.lock/s);
  });

  it('is refused, with what to do, when its file cannot be read', async () => {
    const dir = await folder();
    writeFileSync(join(dir, LOCK_FILE), '{"pid":');
    expect(() => lockDataDir(dir, 'serve')).toThrow(/cannot be read .*remove that file/);
  });

  it('taken over since is not removed by a process that saw the dead holder earlier', async () => {
    const dir = await folder();
    leaveLock(dir, { pid: await deadPid() });
    const dead = holderOf(dir);
    const lock = lockDataDir(dir, 'serve'); // this process took it over
    // Another process read the dead holder before that, and only now gets to take it over.
    expect(takeOver(join(dir, LOCK_FILE), dead)).toBe('done');
    expect(holderOf(dir).pid).toBe(process.pid);
    expect(() => lockDataDir(dir, 'serve')).toThrow(DataDirInUseError);
    lock.release();
  });

  it('left by a dead process goes to exactly one of many processes taking it over at once', async () => {
    const dir = await folder();
    leaveLock(dir, { pid: await deadPid() });
    const module = resolve('src/platform/data-lock.ts');
    // Each says it is ready, then at the instant it is told (all spinning up to the same
    // millisecond) takes the lock, and holds it until its input ends.
    const script = `import { lockDataDir } from ${JSON.stringify(module)};
      process.stdout.write('ready\\n');
      process.stdin.once('data', (at) => {
        while (Date.now() < Number(at)) {}
        try { lockDataDir(${JSON.stringify(dir)}, 'race'); process.stdout.write('won\\n'); }
        catch (error) { process.stdout.write(error.name + '\\n'); }
        process.stdin.resume();
      });`;
    const racers = Array.from({ length: 6 }, () =>
      node(['--import', 'tsx', '--input-type=module', '-e', script]),
    );
    const said = racers.map((child) => lines(child));
    await Promise.all(said.map((s) => s.next('ready')));
    const at = Date.now() + 300;
    racers.forEach((child) => child.stdin!.write(`${at}`));
    const outcomes = await Promise.all(said.map((s) => s.next('won', 'DataDirInUseError')));
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'DataDirInUseError')).toHaveLength(racers.length - 1);
    const winner = racers[outcomes.indexOf('won')]!;
    expect(holderOf(dir).pid).toBe(winner.pid);
    racers.forEach((child) => child.stdin!.end());
    await Promise.all(racers.map(exited));
  });
});

/** Waits for a child to say one of some words on a line of its own. */
function lines(child: ChildProcess) {
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  let seen = 0;
  return {
    next: async (...words: string[]): Promise<string> => {
      for (;;) {
        const found = text.split('\n').slice(seen, -1);
        const index = found.findIndex((line) => words.includes(line));
        if (index >= 0) {
          seen += index + 1;
          return found[index]!;
        }
        if (child.exitCode !== null) throw new Error(`exited saying: ${text}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
