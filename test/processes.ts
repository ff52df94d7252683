import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, inject } from 'vitest';
import { openDatabase } from '../src/platform/db.js';

/*
 * The real CLI as child processes (`npm start`, `npm run backup`…), for the tests that need
 * real processes: started in groups of their own, and all killed after each test.
 */

/** The processes a test started that have not exited yet. */
const running = new Set<ChildProcess>();

export type Cli = ChildProcessByStdio<null, Readable, Readable>;

/** The real CLI, as `npm start` and `npm run create-account` run it. */
export function cli(args: string[], env: NodeJS.ProcessEnv): Cli {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    env: { ...process.env, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that signalling the group also reaches the esbuild services
    // that tsx and the portal start.
    detached: true,
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return; // it never started
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    // ESRCH: the group is already gone.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

// A test that fails or times out (vitest then abandons its body) still leaves nothing running.
afterEach(async () => {
  await Promise.all(
    [...running].map((child) => {
      signalGroup(child, 'SIGKILL');
      return exited(child);
    }),
  );
});

// Should the test process itself be stopped (Ctrl+C, a cancelled job), the servers go with it:
// in groups of their own, they are out of reach of a signal sent to its group.
const stopAll = () => running.forEach((child) => signalGroup(child, 'SIGKILL'));
process.once('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    stopAll();
    process.kill(process.pid, signal); // the default action again: end the test process
  });
}

/** A command run to its end: its exit code and everything it wrote. */
export function run(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = cli(args, { LOG_LEVEL: 'info', ...env });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** `npm start` as a person runs it: the real CLI on an embedded data folder. */
export function serve(dataDir: string, port: number, env: NodeJS.ProcessEnv = {}) {
  const child = cli(['serve'], {
    DATA_DIR: dataDir,
    PORT: String(port),
    // No PUBLIC_URL: the address people open is derived from where it listens.
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ...env,
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Một Cửa is ready')) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // 'close', not 'exit': by then its last words (a crash's message) have been read too.
    child.on('close', (code, signal) =>
      reject(new Error(`exited with ${signal ?? code}:\n${output}`)),
    );
  });
  // A test that expects it to fail reads `ready`; otherwise the rejection is not an error.
  ready.catch(() => undefined);
  return { child, ready, output: () => output };
}

/** Stops the server as Ctrl+C in its terminal would: a signal to its whole group. */
export function stop(child: ChildProcess): Promise<number | null> {
  signalGroup(child, 'SIGTERM');
  return exited(child);
}

/**
 * A data folder holding the tests' migrated, seeded database (the global setup's snapshot),
 * so a real `serve` starts in seconds instead of seeding the catalog for a minute.
 */
export async function seededDataDir(prefix: string): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  const tarball = await readFile(inject('embeddedTemplate'));
  const db = await openDatabase({
    dataDir: join(dataDir, 'pgdata'),
    load: new Blob([new Uint8Array(tarball)]),
  });
  await db.close();
  return dataDir;
}
