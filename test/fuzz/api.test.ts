import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, type World } from '../authorization/world.js';
import { fuzzRoute, fuzzer, report, runSeed, runsPerRoute, sendOne } from './harness.js';
import { API_REGRESSIONS } from './regressions.js';
import { rawRequests } from './raw-http.js';
import { operationsOf, requestsOf, type Operation } from './api-requests.js';

/*
 * Generative tests of the API: every operation of /api/openapi.json, each parameter and
 * body field given plausible and hostile values (wrong types, empty, huge, NUL, bad UTF-8,
 * injections, odd numbers and dates), bodies broken or of another type, sent as nobody,
 * as citizen A and as an officer of A's ward, on the authorization tests' world (so real
 * codes and ids lead the requests past "not found"). Any answer 5xx fails the test and is
 * printed as it was sent. docs/architecture.md says how to repeat a run.
 */

/** Requests per operation and caller: about 11,000 in all, 20 s to 2 minutes on 2 cores. */
const RUNS = runsPerRoute(80);
const SEED = runSeed('api.test.ts');

let w: World;
let operations: Operation[];

beforeAll(async () => {
  w = await buildWorld();
  const document = await w.app.inject({ method: 'GET', url: '/api/openapi.json' });
  operations = operationsOf(document.json());
}, 300_000);

describe('generated requests to every operation of the API', () => {
  it('answers 4xx to each kind of request once answered 5xx', async () => {
    const f = fuzzer(w.app);
    for (const { why, as, request } of API_REGRESSIONS) {
      const { cookie, ip } = w.callers[as];
      const sent = request(w);
      const headers = cookie ? { ...sent.headers, cookie } : sent.headers;
      await sendOne(f, `${why} (as ${as})`, { ...sent, headers }, ip);
    }
    expect(f.failures.length, report(f.failures, 1)).toBe(0);
  });

  it('are never answered 5xx', async () => {
    const f = fuzzer(w.app);
    const started = Date.now();
    for (const name of ['anon', 'citizenA', 'officer1'] as const) {
      const caller = w.callers[name];
      for (const op of operations) {
        const key = `${op.method} ${op.path} as ${name}`;
        await fuzzRoute(f, SEED, key, requestsOf(op, w, caller.cookie), RUNS, caller.ip);
      }
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(
      `[fuzz] api: ${f.sent} requests to ${operations.length} operations in ${seconds} s`,
    );
    expect(f.failures.length, `seed ${SEED}: ${report(f.failures)}`).toBe(0);
  }, 600_000);

  it('answers raw bytes in the request line and headers without a 5xx', async () => {
    await w.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = w.app.server.address() as AddressInfo;
    const paths = [...new Set(operations.map((op) => op.path))];
    paths.push('/', '/procedures/{code}', '/lookup', '/backoffice', '/dossiers/{code}');
    const { statuses, failures } = await rawRequests(
      port,
      SEED,
      paths,
      w.callers.citizenA.cookie,
      300,
    );
    console.log(`[fuzz] raw: answers by status over a socket: ${[...statuses].sort().join(' ')}`);
    expect(failures.length, `seed ${SEED}: ${report(failures)}`).toBe(0);
  });
});
