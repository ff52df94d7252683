/**
 * bench/scale: requests per second of a mixed workload (search API, procedure pages, sign-in
 * with the identity simulator, dossiers filed, the officers' inbox) through nginx in front
 * of 1, 2 and 4 `serve` processes on one PostgreSQL database, with the CPU seconds each part
 * used, so that where the bottleneck sits shows (docs/load-balancer.md).
 *
 *   npm run bench:scale      # BENCH_DATABASE_URL defaults to the local server
 *   BENCH_SECONDS=2 BENCH_PROCESSES_LIST=1,2 BENCH_USERS=4 npm run bench:scale   # CI's tiny size
 */
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { freshDatabase } from '../lib/database.js';
import { dropDatabase } from '../lib/drop-database.js';
import { citizenAccount, signedInOfficer } from '../lib/people.js';
import { ensureBundle, startCluster, type Cluster } from '../../test/scale-out/cluster.js';
import { badinhWard } from '../../test/dossiers.js';
import { openDatabase } from '../../src/platform/db.js';
import { dossierFixtures } from '../../src/modules/dossiers/index.js';
import { cpuUsedBetween, sampleCpu, type CpuSample } from './cpu.js';
import { runFor, signInUsers, type Tally, type World } from './workload.js';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const PROCESSES = (process.env.BENCH_PROCESSES_LIST ?? '1,2,4').split(',').map(Number);
const USERS = Number(process.env.BENCH_USERS ?? 24);
/** JIT, pools, each process's catalog memory and caches, before any figure. */
const WARM_UP_SECONDS = Math.min(3, SECONDS);
/** The officer's agency has a busy inbox already. */
const INBOX_DOSSIERS = 5_000;
const DATABASE = 'motcua_bench_scale';
/** The portal as deployed, but with the rate limits lifted: the load comes from few addresses. */
const SETTINGS = {
  NODE_ENV: 'production',
  RATE_LIMIT_PER_MINUTE: '100000000',
  SUBMISSION_RATE_LIMIT_PER_MINUTE: '100000000',
  DRAIN_SECONDS: '0',
};

/** Migrated and seeded by the real CLI, as a deployment's first start; a busy agency. */
async function prepareWorld(): Promise<{ url: string; world: World }> {
  const url = await freshDatabase(SERVER_URL, DATABASE);
  await ensureBundle();
  const env = {
    PATH: process.env.PATH,
    DATABASE_URL: url,
    LOG_LEVEL: 'warn',
    IDP_SIMULATOR: 'true',
  };
  for (const command of ['migrate', 'seed']) {
    await promisify(execFile)(process.execPath, ['bin/mot-cua.mjs', command], { env });
  }
  const db = await openDatabase({ url });
  try {
    const agencyCode = await badinhWard(db);
    const [{ commune_code: commune } = { commune_code: '00004' }] = await db.query<{
      commune_code: string;
    }>('SELECT commune_code FROM agencies WHERE code = $1', [agencyCode]);
    const others = await citizenAccount(db, { n: 1, name: 'Trần Văn Bình', commune });
    await dossierFixtures.insertSyntheticDossiers(db, {
      ownerId: others,
      agencies: [agencyCode],
      count: INBOX_DOSSIERS,
    });
    const officer = await signedInOfficer(db, { name: 'Phạm Minh Châu', agency: agencyCode });
    const procedures = await db.query<{ code: string }>(
      'SELECT code FROM procedures ORDER BY code',
    );
    await db.exec('VACUUM ANALYZE');
    return {
      url,
      world: {
        agencyCode,
        procedureCodes: procedures.map((p) => p.code),
        officerCookie: officer.cookie,
      },
    };
  } finally {
    await db.close();
  }
}

interface Line {
  processes: number;
  tally: Tally;
  elapsed: number;
  cpu: CpuSample;
}

/** `processes` serve processes behind nginx: warmed up, then measured for SECONDS. */
async function measure(url: string, world: World, processes: number): Promise<Line> {
  const cluster: Cluster = await startCluster({
    databaseUrl: url,
    serves: processes,
    worker: false,
    env: SETTINGS,
  });
  try {
    const users = await signInUsers(cluster.base, USERS);
    await runFor(users, world, cluster.base, WARM_UP_SECONDS);
    const pids = cluster.serves.map((serve) => serve.child.pid!);
    const before = sampleCpu(pids);
    const { tally, elapsed } = await runFor(users, world, cluster.base, SECONDS);
    return { processes, tally, elapsed, cpu: cpuUsedBetween(before, sampleCpu(pids)) };
  } catch (error) {
    // What nginx and the processes said: a 502 is explained there.
    console.error(await cluster.nginx.errorLog());
    for (const serve of cluster.serves) console.error(serve.output.slice(-20).join('\n'));
    throw error;
  } finally {
    await cluster.stop();
  }
}

const percentile = (sorted: number[], q: number) =>
  (sorted[Math.floor(q * (sorted.length - 1))] ?? NaN).toFixed(1);

function printTable(lines: Line[]) {
  const cores = availableParallelism();
  console.log(
    `\n${USERS} users at once, ${SECONDS} s per line, nginx in front; ${cores} cores for everything (portal, PostgreSQL, nginx, Redis and this load); Node ${process.version}\n`,
  );
  console.log(
    '| serve processes | req/s | × 1 process | p50 ms | p95 ms | portal CPU s | PostgreSQL CPU s | nginx CPU s | Redis CPU s | load CPU s | machine busy |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  const rateOf = (line: Line) => line.tally.latencies.length / line.elapsed;
  const first = lines[0] ? rateOf(lines[0]) : NaN;
  for (const line of lines) {
    const sorted = [...line.tally.latencies].sort((a, b) => a - b);
    const { portal, postgres, nginx, redis, load } = line.cpu;
    const busy = (portal + postgres + nginx + redis + load) / (line.elapsed * cores);
    console.log(
      `| ${line.processes} | ${rateOf(line).toFixed(0)} | ${(rateOf(line) / first).toFixed(2)} | ${percentile(sorted, 0.5)} | ${percentile(sorted, 0.95)} | ${portal.toFixed(1)} | ${postgres.toFixed(1)} | ${nginx.toFixed(1)} | ${redis.toFixed(1)} | ${load.toFixed(1)} | ${(busy * 100).toFixed(0)} % |`,
    );
  }
  for (const line of lines) {
    const ops = Object.entries(line.tally.operations)
      .map(([op, n]) => `${op} ${n}`)
      .join(', ');
    console.log(`${line.processes} process(es): ${ops}`);
  }
}

async function main() {
  const started = Date.now();
  const { url, world } = await prepareWorld();
  console.log(`prepared in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const lines: Line[] = [];
  try {
    for (const processes of PROCESSES) lines.push(await measure(url, world, processes));
    printTable(lines);
    const errors = lines.flatMap((line) => line.tally.errors);
    if (errors.length > 0) {
      throw new Error(
        `${errors.length} failed requests; the first: ${errors.slice(0, 3).join('\n')}`,
      );
    }
  } finally {
    await dropDatabase(SERVER_URL, DATABASE);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
