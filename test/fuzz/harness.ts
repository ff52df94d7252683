import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import type { WireRequest } from './wire.js';

/*
 * Runs generated requests through the app and keeps every answer 5xx, with what caused it.
 * One seed drives a whole run: FUZZ_SEED when given, else a new one, printed first, so any
 * run can be repeated; each route's requests come from that seed and the route alone, so
 * FUZZ_ONLY (a substring of "METHOD /path as caller") repeats one route's exactly.
 */

export function runSeed(file: string): number {
  const given = process.env.FUZZ_SEED;
  const seed = given ? Number(given) : Math.floor(Math.random() * 2 ** 31);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer: ${given}`);
  console.log(
    `[fuzz] ${file}: seed ${seed}; repeat with FUZZ_SEED=${seed} npx vitest run test/fuzz/${file}`,
  );
  return seed;
}

/** The seed of one route's requests: the run's seed and the route, nothing else. */
export const seedFor = (seed: number, key: string) =>
  createHash('sha256').update(`${seed}:${key}`).digest().readUInt32BE(0) | 0;

/** Whether a route is run, by FUZZ_ONLY. */
export const selected = (key: string) => {
  const only = process.env.FUZZ_ONLY;
  return !only || key.includes(only);
};

/** How many requests per route and caller: FUZZ_RUNS, else the file's default. */
export const runsPerRoute = (fallback: number) => Number(process.env.FUZZ_RUNS ?? fallback);

export interface Failure {
  key: string;
  request: WireRequest;
  status: number;
  answer: string;
  cause: string;
}

type Injectable = Pick<FastifyInstance, 'inject' | 'log'>;

/**
 * With the logger off (as in tests), Fastify's request loggers are the app's one null
 * logger: replacing its `error` lets the test read the error the handler logs with a 5xx.
 */
export function captureErrors(app: Injectable): { last: string | null } {
  const seen = { last: null as string | null };
  const log = app.log as unknown as { error: (o: unknown, msg?: string) => void };
  log.error = (o: unknown) => {
    const err = (o as { err?: unknown } | null)?.err ?? o;
    const stack = err instanceof Error ? (err.stack ?? String(err)) : String(err);
    seen.last = stack
      .split('\n')
      .filter((line, i) => i === 0 || (line.includes('/src/') && !line.includes('node_modules')))
      .slice(0, 3)
      .join(' ← ')
      .replace(/\s+/g, ' ');
  };
  return seen;
}

export interface Fuzzer {
  app: Injectable;
  failures: Failure[];
  sent: number;
  errors: { last: string | null };
}

export const fuzzer = (app: Injectable): Fuzzer => ({
  app,
  failures: [],
  sent: 0,
  errors: captureErrors(app),
});

/**
 * Sends one request as it is, from a given address; keeps it when it is answered 5xx, or
 * when it is not answered at all (an error thrown out of Fastify: a real client would see
 * its connection dropped), as status 0.
 */
export async function sendOne(f: Fuzzer, key: string, request: WireRequest, ip: string) {
  f.errors.last = null;
  f.sent += 1;
  let status: number;
  let answer: string;
  try {
    const response = await f.app.inject({
      method: request.method as 'GET',
      url: request.url,
      headers: request.headers,
      remoteAddress: ip,
      ...(request.body ? { payload: request.body } : {}),
    });
    status = response.statusCode;
    answer = response.body.slice(0, 200);
  } catch (error) {
    status = 0;
    answer = '(no answer)';
    f.errors.last ??= error instanceof Error ? (error.stack ?? String(error)) : String(error);
  }
  if (status >= 500 || status === 0) {
    const cause = (f.errors.last ?? '(no error logged)').split('\n').slice(0, 3).join(' ← ');
    f.failures.push({ key, request, status, answer, cause: cause.replace(/\s+/g, ' ') });
  }
}

/** Generates a route's requests from its own seed and sends them one after another. */
export async function fuzzRoute(
  f: Fuzzer,
  seed: number,
  key: string,
  arbitrary: fc.Arbitrary<WireRequest>,
  numRuns: number,
  ip: string,
  beforeEach?: (request: WireRequest) => Promise<WireRequest>,
) {
  if (!selected(key)) return;
  for (const generated of fc.sample(arbitrary, { seed: seedFor(seed, key), numRuns })) {
    const request = beforeEach ? await beforeEach(generated) : generated;
    await sendOne(f, key, request, ip);
  }
}

/** Bytes as readable text: printable ASCII as is, the rest escaped; long bodies cut. */
export function excerpt(bytes: Buffer | string | undefined, max = 300): string {
  if (bytes === undefined) return '(none)';
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  const text = [...buffer.subarray(0, max)]
    .map((b) =>
      b >= 0x20 && b < 0x7f && b !== 0x5c
        ? String.fromCharCode(b)
        : `\\x${b.toString(16).padStart(2, '0')}`,
    )
    .join('');
  return buffer.length > max ? `${text}… (${buffer.length} bytes)` : text;
}

/** One failure, as someone repeats it: the request, the answer and the cause. */
export function describe5xx(failure: Failure): string {
  const { request } = failure;
  const type = request.headers['content-type'] ?? '(none)';
  return [
    `${failure.key}: ${failure.status}`,
    `  ${request.method} ${excerpt(request.url, 400)}`,
    `  content-type: ${excerpt(type, 100)}`,
    `  body: ${excerpt(request.body)}`,
    `  cause: ${failure.cause}`,
  ].join('\n');
}

/**
 * The report of a run: every failure is counted; the first few of each route and cause are
 * shown whole, so one repeated cause does not hide the others.
 */
export function report(failures: Failure[], perClass = 2): string {
  const shown = new Map<string, number>();
  const lines: string[] = [];
  for (const failure of failures) {
    const cls = `${failure.key} ${failure.cause.split(' ← ')[0]}`;
    const count = (shown.get(cls) ?? 0) + 1;
    shown.set(cls, count);
    if (count <= perClass) lines.push(describe5xx(failure));
  }
  return `${failures.length} answers 5xx in ${shown.size} classes:\n${lines.join('\n')}`;
}
