import { beforeAll } from 'vitest';
import { settableClock, startTestServer } from './helpers.js';
import { signInAs, type CookieClient } from './browser-client.js';
import { officerWithRoles, sessionCookie, simulatedCitizen } from './sessions.js';
import { badinhWard, fileCertifiedCopy } from './dossiers.js';
import type { Database } from '../src/platform/db.js';

/*
 * What the ratings' HTTP tests share (nothing in the portal imports it): a server on a clock
 * the tests move, citizen An who files, citizen Ngọc, the Ba Đình ward's officers, and
 * dossiers taken through the back office to their returned result.
 */

type Server = Awaited<ReturnType<typeof startTestServer>>;

export const clock = settableClock('2026-11-24T02:00:00Z');

export const world = {} as {
  base: string;
  db: Database;
  modules: Server['modules'];
  app: Server['app'];
  /** An signed in through the simulator (to file), and his account. */
  an: CookieClient;
  anId: string;
  ngocId: string;
  ward: string;
  /** Accounts: the ward's receiver-processor, approver and administrator; another ward's officer. */
  receiver: string;
  approver: string;
  admin: string;
  elsewhere: string;
};

export const DAY_MS = 86_400_000;

/** Starts the server and the people of these tests, once per test file. */
export function useRatingsWorld() {
  beforeAll(async () => {
    const server = await startTestServer({
      clock,
      env: { SUBMISSION_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_PER_MINUTE: '10000' },
    });
    const { db } = server;
    const ward = await badinhWard(db);
    const an = await signInAs(server.base, 'vneid-001');
    const [account] = await db.query<{ id: string }>(
      `SELECT id FROM accounts WHERE personal_id = '001089012345'`,
    );
    Object.assign(world, {
      base: server.base,
      db,
      modules: server.modules,
      app: server.app,
      an,
      anId: account!.id,
      ngocId: (await simulatedCitizen(db, 1)).id,
      ward,
      receiver: await officerWithRoles(db, 'Trần Văn Khoa', ward, ['receiver', 'processor']),
      approver: await officerWithRoles(db, 'Nguyễn Thị Lan', ward, ['approver']),
      admin: await officerWithRoles(db, 'Phan Thị Hoa', ward, ['agency_admin']),
      elsewhere: await officerWithRoles(db, 'Lê Văn Bình', '000.00.01.G05', ['receiver']),
    });
  });
}

/** A session cookie of an account, made at the clock's time (sessions expire as it moves). */
export const cookieOf = (accountId: string) => sessionCookie(world.db, accountId, clock.now());

/** A call to the API as an account, answering its status and JSON. */
export async function call<T = Record<string, unknown>>(
  accountId: string | null,
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await fetch(world.base + path, {
    method,
    headers: {
      accept: 'application/json',
      ...(accountId ? { cookie: await cookieOf(accountId) } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/**
 * A certified copy filed by An at the ward and taken through receipt, review, approval and
 * the return of its result; answers its code once the invitation the return causes is written.
 */
export async function returnedDossier(): Promise<string> {
  const code = await fileCertifiedCopy(world.an, world.ward);
  let version = (
    await call<{ version: number }>(world.receiver, 'GET', `/api/v1/backoffice/dossiers/${code}`)
  ).body.version;
  const steps: [string, string, Record<string, unknown>][] = [
    [world.receiver, 'receive', {}],
    [world.receiver, 'forward', {}],
    [world.receiver, 'forward', {}],
    [world.approver, 'approve', {}],
    [world.receiver, 'return_result', { trackingNumber: 'EB123456789VN' }],
  ];
  for (const [officer, action, more] of steps) {
    const done = await call<{ version: number; status: number }>(
      officer,
      'POST',
      `/api/v1/backoffice/dossiers/${code}/actions`,
      { action, version, ...more },
    );
    if (done.status !== 200) throw new Error(`${action}: ${JSON.stringify(done.body)}`);
    version = done.body.version;
  }
  await world.modules.ratings.service.settled();
  return code;
}

/** Answers every criterion: the same for every test unless changed. */
export const ANSWERS = { onTime: true, visits: 0, conduct: 5, feesAsAnnounced: true, overall: 4 };
