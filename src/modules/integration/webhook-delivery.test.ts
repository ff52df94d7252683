import { describe, expect, it } from 'vitest';
import { createTestApp, freePort, settableClock } from '../../../test/helpers.js';
import { connectedClient } from '../../../test/integration.js';
import { sessionCookie, simulatedCitizen } from '../../../test/sessions.js';
import { webhookReceiver } from '../../../test/webhook-receiver.js';
import { RETRY_DELAYS_MS } from './webhook-lifecycle.js';

// Webhooks out, from the sender's side: retries on the schedule as the clock moves, every
// attempt on record, replays, endpoints disabled after failing in a row, senders sharing
// the work without sending anything twice, and the administrators' page.

const clock = settableClock('2026-12-01T03:00:00Z');
const DISABLE_AFTER = 12;
const { app, db, modules } = await createTestApp({
  clock,
  env: { INTEGRATION_WEBHOOK_DISABLE_AFTER: String(DISABLE_AFTER) },
});
const webhooks = modules.integration.webhooks;
const [agency] = await db.query<{ code: string }>(
  'SELECT code FROM agencies ORDER BY code LIMIT 1',
);
const BASE = '/api/v1/integration/webhooks/subscriptions';

/** Moves the portal's clock on (never back: sessions and tokens are dated by it). */
const advance = (ms: number) => {
  clock.instant = new Date(clock.instant.getTime() + ms);
};

type Client = Awaited<ReturnType<typeof connectedClient>>;
/**
 * Connected systems registered now, before any test moves the clock (the helper's
 * administrator signs in by the real time); their tokens are asked for by the clock.
 */
const systems: Client[] = [];
for (let n = 0; n < 6; n++) {
  systems.push(await connectedClient(app, db, { clock, allowedAgencies: [agency!.code] }));
}
const system = async (): Promise<Client> => systems.pop()!;
async function call<T>(
  client: Client,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  body?: object,
) {
  const answer = await app.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${await client.token()}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { payload: body } : {}),
  });
  return { status: answer.statusCode, body: answer.json() as T };
}
async function subscribe(client: Client, url: string, eventTypes: string[]) {
  const made = await call<{ subscription: { id: string } }>(client, 'POST', BASE, {
    url,
    eventTypes,
  });
  expect(made.status).toBe(201);
  return made.body.subscription.id;
}

interface Attempt {
  messageId: string;
  attemptNumber: number;
  trigger: string;
  state: string;
  dueAt: string;
  attemptedAt: string | null;
  httpStatus: number | null;
  error: string | null;
  durationMs: number | null;
  nextAttemptAt: string | null;
}
const attemptsOf = async (client: Client, id: string) =>
  (await call<{ items: Attempt[] }>(client, 'GET', `${BASE}/${id}/attempts`)).body.items;

const at = (offsetMs: number, from: Date) => new Date(from.getTime() + offsetMs).toISOString();

describe('a failing endpoint', () => {
  it('is tried again after 5 s, 5 min and 30 min, then delivered; every attempt on record', async () => {
    const receiver = await webhookReceiver({ status: (_r, index) => (index < 3 ? 500 : 200) });
    const client = await system();
    const id = await subscribe(client, receiver.url, ['dossier.status_changed']);
    const t0 = clock.now();
    const messageId = await webhooks.publish(db, {
      type: 'dossier.status_changed',
      agencyCode: agency!.code,
      data: { code: 'H01-0001', status: 4 },
    });
    await webhooks.settled();
    expect(receiver.received).toHaveLength(1);

    advance(4_000);
    expect(await webhooks.sendDue()).toEqual({ sent: 0, delivered: 0, failed: 0 });
    for (const wait of [1_000, 5 * 60_000, 30 * 60_000]) {
      advance(wait);
      const sent = await webhooks.sendDue();
      expect(sent.sent).toBe(1);
    }
    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.received.map((r) => r.id))).toEqual(new Set([messageId]));
    const stamps = receiver.received.map((r) => Number(r.headers['webhook-timestamp']) * 1000);
    const second = 1000;
    expect(stamps.map((s) => s - t0.getTime())).toEqual([
      0,
      5 * second,
      5 * second + 5 * 60 * second,
      5 * second + 35 * 60 * second,
    ]);

    const attempts = await attemptsOf(client, id);
    expect(attempts.map((a) => [a.attemptNumber, a.trigger, a.state, a.httpStatus])).toEqual([
      [4, 'retry', 'succeeded', 200],
      [3, 'retry', 'failed', 500],
      [2, 'retry', 'failed', 500],
      [1, 'event', 'failed', 500],
    ]);
    expect(attempts.map((a) => a.attemptedAt)).toEqual(
      stamps.map((s) => new Date(s).toISOString()).reverse(),
    );
    expect(attempts.map((a) => a.nextAttemptAt)).toEqual([
      null,
      at(5_000 + 35 * 60_000, t0),
      at(5_000 + 5 * 60_000, t0),
      at(5_000, t0),
    ]);
    for (const a of attempts) expect(a.durationMs).toBeGreaterThanOrEqual(0);

    const messages = await call<{ items: { id: string; state: string; attempts: number }[] }>(
      client,
      'GET',
      `${BASE}/${id}/messages`,
    );
    expect(messages.body.items).toEqual([
      expect.objectContaining({ id: messageId, state: 'succeeded', attempts: 4 }),
    ]);
    const one = await call<{ message: { payload: unknown }; attempts: Attempt[] }>(
      client,
      'GET',
      `${BASE}/${id}/messages/${messageId}`,
    );
    expect(one.body.message.payload).toMatchObject({
      type: 'dossier.status_changed',
      data: { code: 'H01-0001', status: 4 },
    });
    expect(one.body.attempts).toHaveLength(4);
    const subscription = await call<{ consecutiveFailures: number; lastSuccessAt: string }>(
      client,
      'GET',
      `${BASE}/${id}`,
    );
    expect(subscription.body).toMatchObject({
      consecutiveFailures: 0,
      lastSuccessAt: clock.now().toISOString(),
    });
  });

  it('is given up after nine tries over two days; a replay sends the message once more, now', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/hooks`;
    const client = await system();
    const id = await subscribe(client, closed, ['payment.succeeded']);
    const messageId = await webhooks.publish(db, {
      type: 'payment.succeeded',
      agencyCode: agency!.code,
      data: { paymentId: 'p-1' },
    });
    await webhooks.settled();
    for (const wait of RETRY_DELAYS_MS) {
      advance(wait);
      expect((await webhooks.sendDue()).failed).toBe(1);
    }
    advance(24 * 3600_000);
    expect((await webhooks.sendDue()).sent).toBe(0);
    const attempts = await attemptsOf(client, id);
    expect(attempts).toHaveLength(9);
    expect(attempts[0]).toMatchObject({
      attemptNumber: 9,
      state: 'abandoned',
      nextAttemptAt: null,
    });
    expect(attempts.slice(1).every((a) => a.state === 'failed' && a.nextAttemptAt)).toBe(true);
    for (const a of attempts) {
      expect(a.httpStatus).toBeNull();
      expect(a.error).toMatch(/ECONNREFUSED/);
    }
    const subscription = await call<{ status: string; consecutiveFailures: number }>(
      client,
      'GET',
      `${BASE}/${id}`,
    );
    expect(subscription.body).toMatchObject({ status: 'active', consecutiveFailures: 9 });

    // The system puts its endpoint right and asks for the message again.
    const receiver = await webhookReceiver();
    await call(client, 'PATCH', `${BASE}/${id}`, { url: receiver.url });
    const replay = await call<Attempt>(
      client,
      'POST',
      `${BASE}/${id}/messages/${messageId}/replay`,
    );
    expect(replay.status).toBe(202);
    expect(replay.body).toMatchObject({ attemptNumber: 10, trigger: 'replay', state: 'pending' });
    await webhooks.settled();
    expect(receiver.received.map((r) => r.id)).toEqual([messageId]);
    expect((await attemptsOf(client, id))[0]).toMatchObject({
      attemptNumber: 10,
      state: 'succeeded',
      httpStatus: 204,
    });

    // Administrators replay too; a message never meant for the subscription is not found.
    const admin = await adminSession();
    const byAdmin = await app.inject({
      method: 'POST',
      url: `/api/v1/integration/admin/webhooks/subscriptions/${id}/messages/${messageId}/replay`,
      headers: { cookie: admin },
    });
    expect(byAdmin.statusCode).toBe(202);
    await webhooks.settled();
    expect(receiver.received).toHaveLength(2);
    const [other] = await db.query<{ id: string }>(
      'SELECT id FROM webhook_messages WHERE id <> $1 LIMIT 1',
      [messageId],
    );
    expect((await call(client, 'POST', `${BASE}/${id}/messages/${other!.id}/replay`)).status).toBe(
      404,
    );
    const audited = await db.query<{ actor_id: string | null }>(
      `SELECT actor_id FROM audit_log WHERE action = 'webhook_message.replay' AND resource_id = $1
       ORDER BY id`,
      [id],
    );
    expect(audited.map((a) => a.actor_id === null)).toEqual([true, false]);
  });

  it(`is disabled after ${DISABLE_AFTER} failures in a row, its contact emailed; enabled, it gets what waited`, async () => {
    const receiver = await webhookReceiver({ status: 503 });
    const client = await system();
    const id = await subscribe(client, receiver.url, ['delivery.available']);
    await db.transaction(async (tx) => {
      for (let n = 0; n < DISABLE_AFTER; n++) {
        await webhooks.publish(tx, {
          type: 'delivery.available',
          agencyCode: agency!.code,
          data: { deliveryId: `d-${n}` },
        });
      }
    });
    await webhooks.settled();
    expect(receiver.received).toHaveLength(DISABLE_AFTER);
    const disabled = await call<{
      status: string;
      disabledReason: string;
      consecutiveFailures: number;
    }>(client, 'GET', `${BASE}/${id}`);
    expect(disabled.body).toMatchObject({
      status: 'disabled',
      disabledReason: 'failing',
      consecutiveFailures: DISABLE_AFTER,
    });
    const mail = await db.query<{
      recipient: string;
      subject: string;
      body: string;
      status: string;
    }>(
      `SELECT recipient, subject, body, status FROM notifications
       WHERE template = 'webhook_endpoint_disabled'`,
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ recipient: 'ketnoi@example.vn', status: 'queued' });
    expect(mail[0]!.subject).toBe(`Đã tạm dừng gửi webhook tới ${receiver.url}`);
    expect(mail[0]!.body).toContain(`${DISABLE_AFTER} lần gửi liên tiếp không thành công`);
    expect(mail[0]!.body).toContain(`/subscriptions/${id}/enable`);

    // Disabled: no new message is made for it, and its retries wait.
    expect(
      await webhooks.publish(db, {
        type: 'delivery.available',
        agencyCode: agency!.code,
        data: {},
      }),
    ).toBeNull();
    advance(60_000);
    expect(await webhooks.sendDue()).toEqual({ sent: 0, delivered: 0, failed: 0 });
    expect(receiver.received).toHaveLength(DISABLE_AFTER);

    receiver.answer(200);
    const enabled = await call<{ status: string; consecutiveFailures: number }>(
      client,
      'POST',
      `${BASE}/${id}/enable`,
    );
    expect(enabled.body).toMatchObject({ status: 'active', consecutiveFailures: 0 });
    await webhooks.settled();
    expect(receiver.received).toHaveLength(2 * DISABLE_AFTER);
    const states = (await attemptsOf(client, id)).map((a) => a.state);
    expect(states.filter((s) => s === 'succeeded')).toHaveLength(DISABLE_AFTER);
    expect(states.filter((s) => s === 'failed')).toHaveLength(DISABLE_AFTER);
  });
});

describe('several senders at once', () => {
  it('never send one attempt twice (FOR UPDATE SKIP LOCKED)', async () => {
    const receiver = await webhookReceiver({ delayMs: 5 });
    const client = await system();
    const id = await subscribe(client, receiver.url, ['catalog.changed']);
    const count = 45;
    await db.transaction(async (tx) => {
      for (let n = 0; n < count; n++) {
        await webhooks.publish(tx, { type: 'catalog.changed', data: { generation: 1000 + n } });
      }
    });
    // Two senders of this process at once, and the one a publish sets off in the background.
    const [a, b] = await Promise.all([webhooks.sendDue(), webhooks.sendDue()]);
    await webhooks.settled();
    expect(a.sent + b.sent).toBeLessThanOrEqual(count);
    expect(a.sent).toBeGreaterThan(0);
    expect(b.sent).toBeGreaterThan(0);
    expect(receiver.received).toHaveLength(count);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(count);
    const rows = await db.query<{ state: string; attempt_number: number }>(
      'SELECT state, attempt_number FROM webhook_attempts WHERE subscription_id = $1',
      [id],
    );
    expect(rows).toHaveLength(count);
    expect(rows.every((r) => r.state === 'succeeded' && r.attempt_number === 1)).toBe(true);
  });

  // On PostgreSQL a second connection holds some attempts locked; the embedded database has
  // one connection (a transaction holding rows would block it), so two senders share it.
  it('skip the attempts another sender holds, without waiting for it, and send none twice', async () => {
    const seen = new Set<string>();
    const receiver = await webhookReceiver({
      status: (r) => (seen.has(r.id) ? 200 : (seen.add(r.id), 500)),
    });
    const client = await system();
    const id = await subscribe(client, receiver.url, ['delivery.available']);
    for (let n = 0; n < 6; n++) {
      await webhooks.publish(db, {
        type: 'delivery.available',
        agencyCode: agency!.code,
        data: { deliveryId: `skip-${n}` },
      });
    }
    await webhooks.settled();
    expect(receiver.received).toHaveLength(6);
    advance(5_000);
    if (db.kind === 'postgres') {
      await db.transaction(async (tx) => {
        const held = await tx.query<{ id: string }>(
          `SELECT id FROM webhook_attempts WHERE subscription_id = $1 AND state = 'pending'
             ORDER BY id LIMIT 4 FOR UPDATE`,
          [id],
        );
        expect(held).toHaveLength(4);
        // Another connection: the 2 not held are sent, the 4 held are passed over at once.
        expect(await webhooks.sendDue()).toEqual({ sent: 2, delivered: 2, failed: 0 });
      });
      expect(await webhooks.sendDue()).toEqual({ sent: 4, delivered: 4, failed: 0 });
    } else {
      const [one, other] = await Promise.all([webhooks.sendDue(), webhooks.sendDue()]);
      expect(one.sent + other.sent).toBe(6);
    }
    expect(receiver.received).toHaveLength(12);
  });
});

/** A portal administrator signed in now, by the portal's clock. */
async function adminSession(): Promise<string> {
  const [account] = await db.query<{ id: string }>(
    `INSERT INTO accounts (kind, name, email) VALUES ('system_admin', 'Quản trị', $1) RETURNING id`,
    [`admin.${clock.now().getTime()}.${Math.random()}@example.vn`],
  );
  return sessionCookie(db, account!.id, clock.now());
}

describe('the administrators’ page', () => {
  it('lists subscriptions and attempts, and replays a message with a form that works without JavaScript', async () => {
    const receiver = await webhookReceiver({ status: 500 });
    const client = await system();
    const id = await subscribe(client, receiver.url, ['dossier.status_changed']);
    const messageId = await webhooks.publish(db, {
      type: 'dossier.status_changed',
      agencyCode: agency!.code,
      data: { code: 'H01-0002', status: 2 },
    });
    await webhooks.settled();
    const admin = await adminSession();
    const page = await app.inject({
      method: 'GET',
      url: `/admin/integration/webhooks?subscription=${id}`,
      headers: { cookie: admin },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Webhook gửi tới hệ thống kết nối');
    expect(page.body).toContain(receiver.url);
    expect(page.body).toContain(messageId);
    expect(page.body).toContain('HTTP 500');
    const form = new RegExp(
      `<form[^>]*action="/admin/integration/webhooks/replay"[\\s\\S]*?value="${messageId}"[\\s\\S]*?</form>`,
    ).exec(page.body)?.[0];
    expect(form).toBeDefined();
    const csrf = /name="csrf" value="([^"]+)"/.exec(form!)![1]!;

    const post = (body: Record<string, string>, cookie = admin) =>
      app.inject({
        method: 'POST',
        url: '/admin/integration/webhooks/replay',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(body).toString(),
      });
    expect((await post({ csrf: 'forged', subscription: id, message: messageId! })).statusCode).toBe(
      403,
    );
    receiver.answer(204);
    const replayed = await post({ csrf, subscription: id, message: messageId! });
    expect(replayed.statusCode).toBe(303);
    const after = await app.inject({
      method: 'GET',
      url: replayed.headers.location as string,
      headers: { cookie: admin },
    });
    expect(after.body).toContain(`Đã xếp lịch gửi lại thông điệp ${messageId}`);
    await webhooks.settled();
    expect(receiver.received.at(-1)!.id).toBe(messageId);
    const unknown = await post({ csrf, subscription: id, message: 'msg_unknownunknownunknown' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('class="error-summary"');

    const citizen = await sessionCookie(db, (await simulatedCitizen(db)).id, clock.now());
    expect(
      (
        await app.inject({
          method: 'GET',
          url: '/admin/integration/webhooks',
          headers: { cookie: citizen },
        })
      ).statusCode,
    ).toBe(403);
    const anonymous = await app.inject({ method: 'GET', url: '/admin/integration/webhooks' });
    expect(anonymous.statusCode).toBe(303);
  });
});
