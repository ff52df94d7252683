import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle, currentBundle } from '../../bin/app-bundle.mjs';
import { freePort } from '../../bench/lib/processes.js';

/*
 * Several portal processes on one PostgreSQL behind nginx, as a deployment runs them
 * (docs/load-balancer.md): N `serve` processes, a `worker`, and nginx from Debian's package
 * with a generated configuration in a folder of its own. No vitest here: the scale-out test
 * and bench/scale both use it.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUTPUT_LINES = 300;

export interface PortalProcess {
  name: string;
  role: 'serve' | 'worker';
  /** Where it listens itself (a worker gets a port too, unused), to ask it directly. */
  base: string;
  child: ChildProcess;
  /** Its last lines of output, to say why it died. */
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Processes started here and still running: killed should this process end first. */
const running = new Set<ChildProcess>();

export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    // ESRCH: the group is gone already.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

const killAll = () => running.forEach((child) => signalGroup(child, 'SIGKILL'));
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}

/** A program in a process group of its own (signalling the group reaches its children). */
function launch(command: string, args: string[], env: NodeJS.ProcessEnv, name: string) {
  const child = spawn(command, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      output.push(line);
      if (process.env.CLUSTER_DEBUG) console.error(`[${name}] ${line}`);
    }
    output.splice(0, Math.max(0, output.length - OUTPUT_LINES));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, output, exited };
}

/** The bundle `npm start` runs, made once here rather than by every process at once. */
export async function ensureBundle(): Promise<void> {
  const places = { root: ROOT, cache: join(ROOT, 'node_modules', '.cache', 'mot-cua', 'app') };
  if (!(await currentBundle(places))) await buildBundle(places);
}

/** `npm start -- --role <role>` with these settings (and nothing of this process's own). */
export async function startPortalProcess(
  name: string,
  role: 'serve' | 'worker',
  env: Record<string, string>,
  port?: number,
): Promise<PortalProcess> {
  port ??= await freePort();
  const started = launch(
    process.execPath,
    ['bin/mot-cua.mjs', 'serve', '--role', role],
    {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    name,
  );
  return { name, role, base: `http://127.0.0.1:${port}`, ...started };
}

/** Waits until a serve process's /readyz says 200; fails if it exits or time runs out. */
export async function waitUntilReady(portal: PortalProcess, seconds = 120): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  let gone = false;
  void portal.exited.then(() => (gone = true));
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${portal.name} exited:\n${portal.output.join('\n')}`);
    try {
      const response = await fetch(`${portal.base}/readyz`);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${portal.name} not ready within ${seconds} s:\n${portal.output.join('\n')}`);
}

/** Stops a process (SIGTERM to its group, SIGKILL after `seconds`): its exit. */
export async function stopProcess(
  target: { child: ChildProcess; exited: PortalProcess['exited'] },
  seconds = 15,
) {
  signalGroup(target.child, 'SIGTERM');
  const killing = setTimeout(() => signalGroup(target.child, 'SIGKILL'), seconds * 1000);
  const exit = await target.exited;
  clearTimeout(killing);
  return exit;
}

/**
 * nginx's configuration for the portal (docs/load-balancer.md explains each line), plus an
 * X-Upstream header on each answer naming the process that gave it, for the test and the
 * benchmark (a deployment leaves it out: it names internal addresses).
 */
export function nginxConfig(options: { dir: string; port: number; upstreams: string[] }): string {
  const { dir, port, upstreams } = options;
  // Run as root (a container, CI), the workers would switch to `nobody`, who cannot write
  // the temporary folders in this root-owned scratch folder.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  const servers = upstreams
    .map((address) => `    server ${address} max_fails=1 fail_timeout=5s;`)
    .join('\n');
  return `${user}daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_max_body_size 60m;
  upstream portal {
${servers}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://portal;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout http_503;
      proxy_next_upstream_tries 3;
      proxy_next_upstream_timeout 10s;
      proxy_connect_timeout 2s;
      proxy_read_timeout 120s;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
}

export interface Nginx {
  base: string;
  child: ChildProcess;
  exited: PortalProcess['exited'];
  output: string[];
  errorLog(): Promise<string>;
  stop(): Promise<void>;
}

/** nginx in front of these addresses (host:port), on a free port of 127.0.0.1. */
export async function startNginx(upstreams: string[]): Promise<Nginx> {
  const dir = await mkdtemp(join(tmpdir(), 'motcua-nginx-'));
  const port = await freePort();
  await writeFile(join(dir, 'nginx.conf'), nginxConfig({ dir, port, upstreams }));
  // -e: even before it reads the configuration, nginx logs nowhere but here.
  const started = launch(
    '/usr/sbin/nginx',
    ['-p', dir, '-c', 'nginx.conf', '-e', join(dir, 'error.log')],
    { PATH: process.env.PATH },
    'nginx',
  );
  const base = `http://127.0.0.1:${port}`;
  const errorLog = () => readFile(join(dir, 'error.log'), 'utf8').catch(() => '');
  await waitForListener(port, started.exited, errorLog);
  return {
    base,
    ...started,
    errorLog,
    async stop() {
      await stopProcess(started);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Until nginx accepts connections on `port`, or exits. A connection only: a request would be
 * passed on to processes not started yet, and nginx would count them failed for a while.
 */
async function waitForListener(
  port: number,
  exited: PortalProcess['exited'],
  log: () => Promise<string>,
) {
  let gone = false;
  void exited.then(() => (gone = true));
  const accepts = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setTimeout(1000);
      socket.once('connect', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
  for (let tries = 0; tries < 100; tries++) {
    if (gone) throw new Error(`nginx exited: ${await log()}`);
    if (await accepts()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nginx did not listen: ${await log()}`);
}

export interface Cluster {
  /** nginx's address: PUBLIC_URL of every process. */
  base: string;
  serves: PortalProcess[];
  worker: PortalProcess | null;
  nginx: Nginx;
  filesDir: string;
  /** Everything stopped (SIGTERM, then SIGKILL), the shared files removed. */
  stop(): Promise<void>;
}

/** The settings every process shares: one secret, one files folder, one database, one Redis. */
export function sharedSettings(options: {
  databaseUrl: string;
  publicUrl: string;
  filesDir: string;
  env?: Record<string, string>;
}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: options.databaseUrl,
    PUBLIC_URL: options.publicUrl,
    TRUST_PROXY: 'loopback',
    // Empty: the rate limits and the messages between processes go through PostgreSQL.
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    IDP_SIMULATOR: 'true',
    SEED_ON_START: 'false',
    SERVER_SECRET: 'scale-out-server-secret-shared-by-every-process',
    FILES_DIR: options.filesDir,
    DATA_DIR: join(options.filesDir, 'data'),
    DRAIN_SECONDS: '2',
    SHUTDOWN_TIMEOUT_SECONDS: '10',
    ...options.env,
  };
}

/**
 * `serves` serve processes (and a worker) behind nginx on an existing database. nginx's port
 * comes first: every process's PUBLIC_URL is its address.
 */
export async function startCluster(options: {
  databaseUrl: string;
  serves: number;
  worker: boolean;
  env?: Record<string, string>;
}): Promise<Cluster> {
  await ensureBundle();
  const filesDir = await mkdtemp(join(tmpdir(), 'motcua-cluster-files-'));
  const ports = await Promise.all(Array.from({ length: options.serves }, () => freePort()));
  const nginx = await startNginx(ports.map((port) => `127.0.0.1:${port}`));
  const env = sharedSettings({ ...options, publicUrl: nginx.base, filesDir });
  const serves = await Promise.all(
    ports.map((port, i) => startPortalProcess(`serve-${i + 1}`, 'serve', env, port)),
  );
  const worker = options.worker ? await startPortalProcess('worker', 'worker', env) : null;
  const all = [...serves, ...(worker ? [worker] : [])];
  const cluster: Cluster = {
    base: nginx.base,
    serves,
    worker,
    nginx,
    filesDir,
    async stop() {
      await Promise.all(all.map((portal) => stopProcess(portal)));
      await nginx.stop();
      await rm(filesDir, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all(serves.map((serve) => waitUntilReady(serve)));
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
