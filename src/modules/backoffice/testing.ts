import { beforeAll } from 'vitest';
import { fixedClock, startTestServer } from '../../../test/helpers.js';
import { signInAs, type CookieClient } from '../../../test/browser-client.js';
import { officerWithRoles, sessionCookie } from '../../../test/sessions.js';
import { badinhWard, fileCertifiedCopy } from '../../../test/dossiers.js';
import type { Database } from '../../platform/db.js';

/*
 * What this module's HTTP tests share (nothing in the portal imports it): a server on a
 * fixed clock, a citizen signed in, the Ba Đình ward with a receiver-processor and an
 * approver, an officer of another agency, and calls to the API as any of them. The bindings
 * below are set by `startBackoffice`, which each test file runs once before its tests.
 */

// Tuesday 24 November 2026, 09:00 in Vietnam.
export const NOW = new Date('2026-11-24T02:00:00Z');

type Server = Awaited<ReturnType<typeof startTestServer>>;

export let base: string;
export let db: Database;
/** Citizen An, who files the dossiers. */
export let an: CookieClient;
/** The Ba Đình ward. */
export let agency: string;
/** Session cookies: a receiver and processor, an approver (both of the ward), another agency's receiver. */
export let receiver: string;
export let approver: string;
export let elsewhere: string;
export let modules: Server['modules'];
export let config: Server['config'];

export interface State {
  code: string;
  status: number;
  step: string | null;
  version: number;
  dueAt: string;
  late: boolean;
}

export interface Problem {
  code: string;
  current?: { status: number; version: number };
  errors?: { field: string }[];
}

/** Starts the server and the people of these tests, once per test file. */
export function startBackoffice() {
  beforeAll(async () => {
    ({ base, db, modules, config } = await startTestServer({
      clock: fixedClock(NOW.toISOString()),
      env: { SUBMISSION_RATE_LIMIT_PER_MINUTE: '1000', RATE_LIMIT_PER_MINUTE: '10000' },
    }));
    an = await signInAs(base, 'vneid-001');
    agency = await badinhWard(db);
    const officer = async (name: string, at: string, roles: string[]) =>
      sessionCookie(db, await officerWithRoles(db, name, at, roles), NOW);
    receiver = await officer('Trần Văn Khoa', agency, ['receiver', 'processor']);
    approver = await officer('Nguyễn Thị Lan', agency, ['approver']);
    elsewhere = await officer('Lê Văn Bình', '000.00.01.G05', ['receiver']);
  });
}

/** A call to the API as whoever the cookie is, answering JSON. */
export async function call<T>(cookie: string, method: string, path: string, body?: unknown) {
  const response = await fetch(base + path, {
    method,
    headers: {
      cookie,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export const act = (cookie: string, code: string, body: Record<string, unknown>) =>
  call<State & Problem>(cookie, 'POST', `/api/v1/backoffice/dossiers/${code}/actions`, body);

/** A citizen files a certified copy at the ward; answers its code. */
export const submitted = () => fileCertifiedCopy(an, agency);
