/**
 * bench/pages: the pages people see, each against a bare route that answers the very same
 * bytes, on PostgreSQL. The portal (`src/main.ts serve`, as deployed) and the bare server
 * run in processes of their own; this process only makes the load.
 *
 *   npm run bench:pages        # BENCH_DATABASE_URL defaults to the local server
 *   BENCH_SECONDS=1 BENCH_CONNECTIONS_LIST=10 npm run bench:pages     # CI's tiny size
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabase } from '../lib/drop-database.js';
import {
  freePort,
  startTypeScript,
  stopChild,
  waitUntilAnswering,
  type Child,
} from '../lib/processes.js';
import type { SignedIn } from '../lib/people.js';
import { recordAnswers } from './answers.js';
import { failures, load, type Figures } from './load.js';
import { printTable, printTargets, type HealthRow, type Row } from './report.js';
import { prepareWorld, startDrafts, type World } from './world.js';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS_LIST ?? '10,100').split(',').map(Number);
/** Each server warms up (JIT, pools, the catalog's memory) on every page before any figure. */
const WARM_UP_SECONDS = Math.min(2, SECONDS);
const DATABASE = 'motcua_bench_pages';
const SERVER_SECRET = 'benchmark-server-secret-of-32-characters-or-more';

/** The pages of issue 14: four anyone sees, three only their own person does. */
const ANONYMOUS = ['/', '/procedures?q=giay+phep+lai+xe', '/procedures/1.001193', '/agencies'];

interface Page {
  path: string;
  who: Row['who'];
  person: SignedIn | null;
}

function pagesOf(world: World): Page[] {
  return [
    ...ANONYMOUS.map((path) => ({ path, who: 'anonymous' as const, person: null })),
    { path: '/procedures/1.001193', who: 'citizen', person: world.citizen },
    { path: '/my/dossiers', who: 'citizen', person: world.citizen },
    { path: '/backoffice', who: 'officer', person: world.officer },
  ];
}

/**
 * The portal as a deployment runs it: production, PostgreSQL, its own public address. The
 * development stand-ins (identity simulator, mailbox) stay off, as they are in production:
 * nobody signs in during the benchmark, the sessions are made in the database beforehand as
 * the other benchmarks do. Background jobs run in a worker of their own in a deployment, so
 * none run here. The rate limit is lifted: the load comes from one address.
 */
async function startPortal(world: World, dir: string): Promise<{ child: Child; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = startTypeScript('portal', ['src/main.ts', 'serve'], {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: world.url,
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: base,
    // A fixed key for form tokens; data and files in a folder of the run's own.
    SERVER_SECRET,
    DATA_DIR: join(dir, 'data'),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
  await waitUntilAnswering(child, `${base}/readyz`);
  return { child, base };
}

async function startBare(answersFile: string): Promise<{ child: Child; base: string }> {
  const child = startTypeScript('bare', ['bench/pages/bare-server.ts', answersFile], {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
  });
  const base = await new Promise<string>((resolve, reject) => {
    child.process.stdout?.on('data', (chunk: Buffer) => {
      const match = /listening (\S+)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1]);
    });
    void child.exited.then(() => reject(new Error('the bare server exited before listening')));
  });
  return { child, base };
}

/** Every page (and the health lines) at every connection count: portal, bare route, ratio. */
async function measure(pages: Page[], portal: string, bare: string) {
  const at = (base: string, page: Page, connections: number, seconds: number, marked = false) =>
    load({ base, path: page.path, cookie: page.person?.cookie, connections, seconds, marked });
  for (const page of pages) {
    await at(portal, page, 10, WARM_UP_SECONDS);
    await at(bare, page, 10, WARM_UP_SECONDS);
  }
  const rows: Row[] = [];
  const health: HealthRow[] = [];
  for (const connections of CONNECTIONS) {
    for (const page of pages) {
      const bareFigures = await at(bare, page, connections, SECONDS);
      const row = (variant: Row['variant'], figures: Figures): Row => ({
        page: page.path,
        who: page.who,
        variant,
        connections,
        portal: figures,
        bare: bareFigures,
      });
      rows.push(row('cached', await at(portal, page, connections, SECONDS)));
      // The same bytes from the bare route: the marker only changes the portal's URL.
      rows.push(row('uncached', await at(portal, page, connections, SECONDS, true)));
    }
    const anyone = (path: string): Page => ({ path, who: 'anonymous', person: null });
    health.push({
      connections,
      healthz: await at(portal, anyone('/healthz'), connections, SECONDS),
      readyz: await at(portal, anyone('/readyz'), connections, SECONDS),
    });
  }
  return { rows, health };
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'motcua-bench-pages-'));
  const children: Child[] = [];
  const cleanUp = async () => {
    await Promise.all(children.map((child) => stopChild(child)));
    await dropDatabase(SERVER_URL, DATABASE);
    await rm(dir, { recursive: true, force: true });
  };
  // Ctrl+C leaves no portal running and no database behind either.
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
  try {
    const started = Date.now();
    const world = await prepareWorld(SERVER_URL, DATABASE);
    const portal = await startPortal(world, dir);
    children.push(portal.child);
    await startDrafts(portal.base, world);
    console.log(`prepared and started in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const pages = pagesOf(world);
    const answersFile = join(dir, 'answers.json');
    const recorded = await recordAnswers(
      portal.base,
      pages.map((p) => ({ path: p.path, cookie: p.person?.cookie, name: p.person?.name })),
      answersFile,
    );
    for (const [i, answer] of recorded.entries()) {
      const page = pages[i]!;
      console.log(`${page.path} (${page.who}): ${Buffer.byteLength(answer.body, 'base64')} bytes`);
    }
    const bare = await startBare(answersFile);
    children.push(bare.child);

    const { rows, health } = await measure(pages, portal.base, bare.base);
    printTable(rows, health, SECONDS);
    printTargets(rows);
    if (failures.length > 0) {
      throw new Error(`answers that were not 2xx, or errors:\n${failures.join('\n')}`);
    }
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
