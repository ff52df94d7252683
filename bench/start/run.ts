/**
 * bench/start: how long `npm start` takes to be ready on the embedded database, and how much
 * memory the portal holds after the README's journeys (ADR 0011).
 *
 * Each round, in fresh temporary data folders: the first start with the seeded image (made
 * once at the beginning, as `npm install` does, and timed, as is the bundle of the sources
 * `npm start` runs, ADR 0015), a later start of that folder,
 * and the first start without an image (migrate and seed: the way before). Ready is the
 * log's "Một Cửa is ready" line, counted from spawning `npm start`. The last round's first
 * start then runs the journeys (bench/start/journeys.ts), and the portal's resident memory
 * is read from /proc/<pid>/status of its node process (not npm's).
 *
 *   npm run bench:start                  # BENCH_ROUNDS=3 by default
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle, currentBundle } from '../../bin/app-bundle.mjs';
import { readmeJourneys } from './journeys.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const READY = 'Một Cửa is ready';
const FROM_IMAGE = 'database made from the seeded image';
const SEEDED = 'catalog seeded into the empty database';
const READY_WITHIN_MS = 240_000;

/** What the portal is started with: a fixed secret, so nothing lands in the project. */
const baseEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  NODE_ENV: 'development',
  DATABASE_URL: '',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'info',
  SERVER_SECRET: 'bench-start-secret-of-at-least-32-characters',
});

const running = new Set<ChildProcess>();
const killAll = () => running.forEach((child) => child.pid && process.kill(-child.pid, 'SIGKILL'));
process.once('exit', killAll);
process.once('SIGINT', () => process.exit(130));

/** An npm command in a process group of its own (npm, tsx and the portal's node). */
function npm(args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn('npm', args, { cwd: ROOT, env, detached: true, stdio: 'pipe' });
  running.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, exited, output: () => output };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error()),
      );
    });
  });
}

interface Started {
  ms: number;
  /** The portal's own node process, from its log line. */
  pid: number;
  base: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** `npm start` on a data folder; resolves once it says it is ready and /readyz agrees. */
async function start(dataDir: string, imageDir: string): Promise<Started> {
  const port = await freePort();
  const began = performance.now();
  const portal = npm(['start'], {
    ...baseEnv(),
    DATA_DIR: dataDir,
    FILES_DIR: join(dataDir, 'files'),
    PORT: String(port),
    SEED_IMAGE_DIR: imageDir,
  });
  const stop = async () => {
    if (portal.child.pid && portal.child.exitCode === null) {
      process.kill(-portal.child.pid, 'SIGTERM');
    }
    await portal.exited;
  };
  const deadline = began + READY_WITHIN_MS;
  while (!portal.output().includes(READY)) {
    if (portal.child.exitCode !== null || performance.now() > deadline) {
      await stop();
      throw new Error(`npm start did not get ready:\n${portal.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const ms = performance.now() - began;
  const line =
    portal
      .output()
      .split('\n')
      .find((l) => l.includes(READY)) ?? '';
  const pid = (JSON.parse(line) as { pid: number }).pid;
  const base = `http://127.0.0.1:${port}`;
  const ready = await fetch(`${base}/readyz`);
  if (ready.status !== 200) throw new Error(`/readyz answered ${ready.status}`);
  return { ms, pid, base, output: portal.output, stop };
}

/** Resident memory now and at its peak, in MB, of one process. */
function memory(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return `median ${seconds(median)}  (min ${seconds(sorted[0]!)}, max ${seconds(sorted.at(-1)!)}, ${values.length} rounds)`;
};

function expectSaid(started: Started, words: string, what: string) {
  if (!started.output().includes(words)) {
    throw new Error(`${what}: the log does not say "${words}":\n${started.output()}`);
  }
}

async function main() {
  console.log(
    `bench:start: ${ROUNDS} rounds, Node ${process.version}, ${cpus().length} CPUs, load average ${load()}`,
  );
  const scratch = await mkdtemp(join(tmpdir(), 'motcua-bench-start-'));
  const imageDir = join(scratch, 'image');
  const noImage = join(scratch, 'no-image');
  try {
    const bundling = performance.now();
    const places = { root: ROOT, cache: join(ROOT, 'node_modules', '.cache', 'mot-cua', 'app') };
    const current = await currentBundle(places);
    if (!current) await buildBundle(places);
    console.log(
      `bundle of the sources (npm install makes it): ${current ? 'current' : 'made'}, ${seconds(performance.now() - bundling)}`,
    );
    const began = performance.now();
    const build = npm(['run', 'seed-image'], { ...baseEnv(), SEED_IMAGE_DIR: imageDir });
    if ((await build.exited) !== 0) throw new Error(`seed-image failed:\n${build.output()}`);
    console.log(
      `seeded image made (npm run seed-image, as npm install runs it): ${seconds(performance.now() - began)}`,
    );

    const first: number[] = [];
    const later: number[] = [];
    const baseline: number[] = [];
    let journeys = '';
    for (let round = 1; round <= ROUNDS; round++) {
      const dataDir = join(scratch, `round-${round}`);
      const fromImage = await start(dataDir, imageDir);
      expectSaid(fromImage, FROM_IMAGE, 'first start with the image');
      first.push(fromImage.ms);
      if (round === ROUNDS) {
        const atReady = memory(fromImage.pid);
        const walked = performance.now();
        await readmeJourneys(fromImage.base);
        const after = memory(fromImage.pid);
        journeys = [
          `resident memory of the portal (first start with the image), pid ${fromImage.pid}:`,
          `  at ready ${atReady.rss.toFixed(0)} MB; after the README's journeys (${seconds(performance.now() - walked)}) ${after.rss.toFixed(0)} MB, peak ${after.peak.toFixed(0)} MB`,
        ].join('\n');
      }
      await fromImage.stop();

      const again = await start(dataDir, imageDir);
      later.push(again.ms);
      await again.stop();

      const seeding = await start(join(scratch, `baseline-${round}`), noImage);
      expectSaid(seeding, SEEDED, 'first start without the image');
      baseline.push(seeding.ms);
      await seeding.stop();
      console.log(
        `round ${round}: first start with the image ${seconds(fromImage.ms)}, later start ${seconds(again.ms)}, first start without the image ${seconds(seeding.ms)} (load ${load()})`,
      );
    }
    console.log(`first start, with the image:    ${summary(first)}`);
    console.log(`later start:                    ${summary(later)}`);
    console.log(`first start, without the image: ${summary(baseline)}`);
    console.log(journeys);
    console.log(`load average at the end: ${load()}`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
