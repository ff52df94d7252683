import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A port nobody listens on now (the OS picks it; the child binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export interface Child {
  name: string;
  process: ChildProcess;
  /** Everything it wrote, so a child that dies early can say why. */
  output: string[];
  exited: Promise<number | null>;
}

/**
 * A TypeScript program in a process of its own, run by Node with tsx's loader (one process,
 * so stopping it by its pid stops all of it). Its output is passed on, each line named.
 */
export function startTypeScript(name: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const pass = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      output.push(line);
      console.error(`[${name}] ${line}`);
    }
  };
  child.stdout.on('data', pass);
  child.stderr.on('data', pass);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { name, process: child, output, exited };
}

/** Waits until `url` answers 200, or fails when the child exits or time runs out. */
export async function waitUntilAnswering(child: Child, url: string, seconds = 180): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  let gone = false;
  void child.exited.then(() => (gone = true));
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${child.name} exited before answering ${url}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${child.name} did not answer ${url} within ${seconds} s`);
}

/** Stops a child (SIGTERM, then SIGKILL if it has not exited within `seconds`). */
export async function stopChild(child: Child, seconds = 10): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const killed = setTimeout(() => child.process.kill('SIGKILL'), seconds * 1000);
  await child.exited;
  clearTimeout(killed);
}

const TICKS_PER_SECOND = 100;

/**
 * CPU seconds used so far by the local PostgreSQL server's processes: the live ones' own, and
 * the postmaster's share of those that ended (their time goes to it when it reaps them). Null
 * where /proc cannot tell (another OS, or a server on another machine).
 */
export function postgresCpuSeconds(): number | null {
  if (!existsSync('/proc')) return null;
  let ticks = 0;
  let found = false;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended while being read
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    if (name !== 'postgres') continue;
    found = true;
    // Fields after the name: state is 3rd; utime 14th, stime 15th, cutime 16th, cstime 17th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return found ? ticks / TICKS_PER_SECOND : null;
}
