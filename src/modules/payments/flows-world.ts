import { expect } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { startTestServer } from '../../../test/helpers.js';
import { signInAs, type CookieClient } from '../../../test/browser-client.js';
import { officerWithRoles, sessionCookie } from '../../../test/sessions.js';
import { badinhWard, fileCertifiedCopy } from '../../../test/dossiers.js';
import type { Database } from '../../platform/db.js';
import { signatureHeader } from './signatures.js';

/*
 * The world the payment flows are tried in: a server on a clock of its own, citizen An
 * signed in, the Ba Đình ward with a receiver and an approver, and the calls the tests make.
 * Each test file that imports this starts its own (`startWorld` in its beforeAll); the
 * bindings below are live, so tests read them as they are once it has started.
 */

// Tuesday 24 November 2026, 09:00 in Vietnam; the clock moves when a test says so.
export let now = new Date('2026-11-24T02:00:00Z');
const clock = { now: () => now };
export const KEYS = { primary: 'primary-key-0123456789', secondary: 'secondary-key-0123456789' };
export let base: string;
export let db: Database;
export let an: CookieClient;
export let modules: Awaited<ReturnType<typeof startTestServer>>['modules'];
export let ward: string;
export let receiver: string;
export let approver: string;

export interface Started {
  id: string;
  number: string;
  status: string;
  amount: number;
  redirectUrl?: string;
  qr?: { payload: string; image: string };
}
export interface Payment {
  id: string;
  status: string;
  finished: boolean;
  failureCode: string | null;
  flag: string | null;
  amount: number;
  refundedAmount: number;
  receipt: string | null;
}

export const json = async <T>(
  client: CookieClient,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const response = await client.request(path, {
    method,
    headers: {
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
};

export const officerCall = async <T>(
  cookie: string,
  method: string,
  path: string,
  body?: unknown,
) => {
  const response = await fetch(base + path, {
    method,
    headers: { cookie, accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
};

/** Citizen An asks for an order (a fee or an obligation, and the provider). */
export const startOrder = (body: Record<string, string>, headers: Record<string, string> = {}) =>
  json<Started>(an, 'POST', '/api/v1/payments', body, headers);

/** A certified copy filed and received at the ward, then a fee asked of it. */
export async function dossierWithFee(amount = 2_000): Promise<string> {
  const code = await fileCertifiedCopy(an, ward);
  const act = (body: Record<string, unknown>) =>
    officerCall<{ version: number; status: number }>(
      receiver,
      'POST',
      `/api/v1/backoffice/dossiers/${code}/actions`,
      body,
    );
  const detail = await officerCall<{ version: number }>(
    receiver,
    'GET',
    `/api/v1/backoffice/dossiers/${code}`,
  );
  const received = await act({ action: 'receive', version: detail.body.version });
  const asked = await act({
    action: 'request_payment',
    version: received.body.version,
    fee: [{ name: 'Lệ phí chứng thực bản sao điện tử', amount }],
  });
  expect(asked.body.status).toBe(6);
  return code;
}

/**
 * Runs `work` that many minutes later, then brings the clock back (sessions would time out
 * if it stayed there).
 */
export async function later<T>(minutes: number, work: () => Promise<T>): Promise<T> {
  const started = now;
  now = new Date(started.getTime() + minutes * 60_000);
  try {
    return await work();
  } finally {
    now = started;
  }
}

/** A signed callback from the sandbox bank, as its key says. */
export const callback = (event: Record<string, unknown>, key = KEYS.primary, at = now) => {
  const body = JSON.stringify(event);
  return fetch(`${base}/api/v1/payments/callbacks/sandbox-bank`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': signatureHeader(body, key, at) },
    body,
  });
};

/** The payer confirms at the sandbox bank's page with a test account. */
export const confirmAtBank = (reference: string, account: string) =>
  fetch(`${base}/sandbox-bank/pay/${reference}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ account, action: 'confirm' }),
  });

export const referenceOf = async (id: string) =>
  (
    await db.query<{ provider_ref: string }>(
      'SELECT provider_ref FROM payment_orders WHERE id = $1',
      [id],
    )
  )[0]!.provider_ref;

/** Starts the server and signs everyone in (a test file's beforeAll). */
export async function startWorld() {
  ({ base, db, modules } = await startTestServer({
    clock,
    env: {
      SANDBOX_BANK_KEYS: `${KEYS.primary},${KEYS.secondary}`,
      SANDBOX_BANK_LATE_CALLBACK_MS: '100',
      SUBMISSION_RATE_LIMIT_PER_MINUTE: '1000',
      RATE_LIMIT_PER_MINUTE: '10000',
    },
  }));
  an = await signInAs(base, 'vneid-001');
  ward = await badinhWard(db);
  receiver = await sessionCookie(
    db,
    await officerWithRoles(db, 'Trần Văn Khoa', ward, ['receiver', 'processor']),
    now,
  );
  approver = await sessionCookie(
    db,
    await officerWithRoles(db, 'Nguyễn Thị Lan', ward, ['approver']),
    now,
  );
}

/** How many times an order was credited (moved to succeeded). */
export async function creditsOf(orderId: string): Promise<number> {
  const [row] = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM payment_events WHERE order_id = $1 AND event = 'succeed'`,
    [orderId],
  );
  return row!.count;
}

/** The text of a PDF's first page, as a reader would find it. */
export async function pdfText(response: Response): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(await response.arrayBuffer()) }).promise;
  return (await (await pdf.getPage(1)).getTextContent()).items
    .map((i) => ('str' in i ? i.str : ''))
    .join(' ');
}
