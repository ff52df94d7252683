import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { createTestApp, settableClock } from '../../../test/helpers.js';
import { badinhWard } from '../../../test/dossiers.js';
import { connectedClient } from '../../../test/integration.js';
import { sessionCookie, simulatedCitizen } from '../../../test/sessions.js';
import { webhookReceiver, type Received } from '../../../test/webhook-receiver.js';
import { counterDossier } from '../../../test/sync-world.js';

// Webhooks out, from a connected system's side: subscriptions, signatures checked by the
// independent Standard Webhooks implementation, and who receives which events.

// Real time: `standardwebhooks` refuses a timestamp more than 5 minutes from its own clock.
const clock = settableClock(new Date().toISOString());
const { app, db, modules } = await createTestApp({ clock });
const webhooks = modules.integration.webhooks;
const [first, second] = await db.query<{ code: string }>(
  'SELECT code FROM agencies ORDER BY code LIMIT 2',
);
const BASE = '/api/v1/integration/webhooks/subscriptions';

type Headers = Record<string, string>;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const call = (headers: Headers, method: Method, url: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    headers: {
      ...headers,
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

interface Made {
  subscription: { id: string; status: string; eventTypes: string[] };
  secret: string;
}
async function subscribe(headers: Headers, url: string, eventTypes: string[]) {
  const made = await call(headers, 'POST', BASE, { url, eventTypes });
  expect(made.statusCode, made.body).toBe(201);
  return made.json() as Made;
}

const headersOf = (r: Received) => r.headers as Record<string, string>;

describe('subscriptions', () => {
  it('are made with a secret answered once, and changed, rotated and deleted by their client', async () => {
    const client = await connectedClient(app, db, { clock, allowedAgencies: [first!.code] });
    const made = await subscribe(client.headers, 'https://hooks.example.vn/mot-cua', [
      'payment.succeeded',
    ]);
    expect(made.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(made.subscription).toMatchObject({
      status: 'active',
      eventTypes: ['payment.succeeded'],
    });
    const { id } = made.subscription;

    const listed = await call(client.headers, 'GET', BASE);
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain('whsec_');
    expect((listed.json() as { items: { id: string }[] }).items.map((s) => s.id)).toEqual([id]);
    expect((await call(client.headers, 'GET', `${BASE}/${id}`)).body).not.toContain('secret"');

    const changed = await call(client.headers, 'PATCH', `${BASE}/${id}`, {
      eventTypes: ['payment.succeeded', 'catalog.changed'],
      description: ' Kế toán ',
    });
    expect(changed.json()).toMatchObject({
      url: 'https://hooks.example.vn/mot-cua',
      description: 'Kế toán',
      eventTypes: ['payment.succeeded', 'catalog.changed'],
    });

    const rotated = await call(client.headers, 'POST', `${BASE}/${id}/secret`);
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json() as Made & { subscription: { previousSecretExpiresAt: string } };
    expect(fresh.secret).not.toBe(made.secret);
    expect(Date.parse(fresh.subscription.previousSecretExpiresAt)).toBe(
      clock.now().getTime() + 24 * 3600_000,
    );

    const paused = await call(client.headers, 'POST', `${BASE}/${id}/disable`);
    expect(paused.json()).toMatchObject({ status: 'disabled', disabledReason: 'client' });
    expect((await call(client.headers, 'POST', `${BASE}/${id}/disable`)).statusCode).toBe(409);
    const enabled = await call(client.headers, 'POST', `${BASE}/${id}/enable`);
    expect(enabled.json()).toMatchObject({ status: 'active', disabledReason: null });

    expect((await call(client.headers, 'DELETE', `${BASE}/${id}`)).statusCode).toBe(204);
    expect((await call(client.headers, 'GET', `${BASE}/${id}`)).statusCode).toBe(404);
    expect((await call(client.headers, 'GET', BASE)).json()).toEqual({ items: [] });
    const audited = await db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE resource_type = 'webhook_subscription'
       AND resource_id = $1 ORDER BY id`,
      [id],
    );
    expect(audited.map((a) => a.action)).toEqual([
      'webhook_subscription.create',
      'webhook_subscription.update',
      'webhook_subscription.update',
      'webhook_subscription.pause',
      'webhook_subscription.enable',
      'webhook_subscription.delete',
    ]);
  });

  it('send only to https, or http to this machine outside production, and name known events', async () => {
    const client = await connectedClient(app, db, { clock });
    const refused = async (url: string) => {
      const answer = await call(client.headers, 'POST', BASE, {
        url,
        eventTypes: ['catalog.changed'],
      });
      expect(answer.statusCode, url).toBe(422);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      return (answer.json() as { errors: { field: string; message: string }[] }).errors[0]!;
    };
    expect((await refused('http://hooks.example.vn/x')).field).toBe('url');
    await refused('ftp://hooks.example.vn/x');
    await refused('https://user:pass@hooks.example.vn/x');
    await refused('https://169.254.169.254/latest');
    await refused('not a url at all');
    const unknown = await call(client.headers, 'POST', BASE, {
      url: 'https://hooks.example.vn/x',
      eventTypes: ['dossier.deleted'],
    });
    expect(unknown.statusCode).toBe(400);
    // (For an agency the client is not allowed: nothing is ever sent there.)
    await subscribe(client.headers, 'http://127.0.0.1:9/x', ['delivery.available']);
    await subscribe(client.headers, 'http://localhost:9/x', ['delivery.available']);
  });

  it('are their client’s own: another’s answers 404 to every call, and the scope is needed', async () => {
    const owner = await connectedClient(app, db, { clock });
    const other = await connectedClient(app, db, { clock });
    const made = await subscribe(owner.headers, 'https://hooks.example.vn/a', [
      'delivery.available',
    ]);
    const id = made.subscription.id;
    const [message] = await db.query<{ id: string }>('SELECT id FROM webhook_messages LIMIT 1');
    const calls: [Method, string, unknown?][] = [
      ['GET', `${BASE}/${id}`],
      ['PATCH', `${BASE}/${id}`, { url: 'https://evil.example/x' }],
      ['DELETE', `${BASE}/${id}`],
      ['POST', `${BASE}/${id}/secret`],
      ['POST', `${BASE}/${id}/disable`],
      ['POST', `${BASE}/${id}/enable`],
      ['GET', `${BASE}/${id}/messages`],
      ['GET', `${BASE}/${id}/attempts`],
      ['GET', `${BASE}/${id}/messages/${message?.id ?? 'msg_none'}`],
      ['POST', `${BASE}/${id}/messages/${message?.id ?? 'msg_none'}/replay`],
    ];
    for (const [method, url, body] of calls) {
      const answer = await call(other.headers, method, url, body);
      expect(answer.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await call(other.headers, 'GET', BASE)).json()).toEqual({ items: [] });
    const still = await call(owner.headers, 'GET', `${BASE}/${id}`);
    expect(still.json()).toMatchObject({ url: 'https://hooks.example.vn/a', status: 'active' });

    const narrow = await connectedClient(app, db, { clock, scopes: ['catalog:read'] });
    expect((await call(narrow.headers, 'GET', BASE)).statusCode).toBe(403);
    expect((await call({}, 'GET', BASE)).statusCode).toBe(401);
    // Administrators see every client's.
    const all = await call(
      { cookie: owner.admin },
      'GET',
      `/api/v1/integration/admin/webhooks/subscriptions?clientId=${owner.clientId}`,
    );
    expect((all.json() as { items: { id: string }[] }).items.map((s) => s.id)).toEqual([id]);
  });
});

describe('signed webhooks', () => {
  it('are verified by the standardwebhooks package, with both secrets after a rotation', async () => {
    const receiver = await webhookReceiver();
    const client = await connectedClient(app, db, { clock });
    const made = await subscribe(client.headers, receiver.url, ['catalog.changed']);
    // The catalog changes as src/app.ts wires it: versions took effect.
    modules.catalog.changes.changed();
    await receiver.until(1);
    const [sent] = receiver.received;
    const payload = new Webhook(made.secret).verify(sent!.body, headersOf(sent!)) as {
      type: string;
      timestamp: string;
      data: { changedAt: string };
    };
    expect(payload).toEqual({
      type: 'catalog.changed',
      timestamp: clock.now().toISOString(),
      data: { changedAt: clock.now().toISOString() },
    });
    expect(sent!.id).toMatch(/^msg_[A-Za-z0-9_-]{22}$/);
    expect(sent!.headers['webhook-timestamp']).toBe(
      String(Math.floor(clock.now().getTime() / 1000)),
    );
    expect(sent!.headers['content-type']).toBe('application/json');
    const wrong = new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`);
    expect(() => wrong.verify(sent!.body, headersOf(sent!))).toThrow();
    expect(() => new Webhook(made.secret).verify(`${sent!.body} `, headersOf(sent!))).toThrow();

    const rotated = await call(client.headers, 'POST', `${BASE}/${made.subscription.id}/secret`);
    const { secret } = rotated.json() as Made;
    await webhooks.publish(db, { type: 'catalog.changed', data: { generation: 99 } });
    await receiver.until(2);
    const after = receiver.received[1]!;
    expect(after.headers['webhook-signature']!.toString().split(' ')).toHaveLength(2);
    expect(new Webhook(secret).verify(after.body, headersOf(after))).toMatchObject({
      data: { generation: 99 },
    });
    expect(new Webhook(made.secret).verify(after.body, headersOf(after))).toMatchObject({
      type: 'catalog.changed',
    });
    // A day later the old secret signs no more.
    clock.instant = new Date(clock.instant.getTime() + 25 * 3600_000);
    try {
      const id = await webhooks.publish(db, { type: 'catalog.changed', data: {} });
      await webhooks.settled();
      const [late] = await db.query<{ state: string }>(
        'SELECT state FROM webhook_attempts WHERE message_id = $1 AND subscription_id = $2',
        [id, made.subscription.id],
      );
      expect(late).toMatchObject({ state: 'succeeded' });
      const third = receiver.received[2]!;
      expect(third.headers['webhook-signature']!.toString().split(' ')).toHaveLength(1);
    } finally {
      clock.instant = new Date(clock.instant.getTime() - 25 * 3600_000);
    }
  });
});

describe('who receives an event', () => {
  it('is a subscriber whose client is allowed the agency; the catalog goes to every subscriber', async () => {
    const receiverA = await webhookReceiver();
    const receiverB = await webhookReceiver();
    const a = await connectedClient(app, db, { clock, allowedAgencies: [first!.code] });
    const b = await connectedClient(app, db, { clock, allowedAgencies: [second!.code] });
    const types = ['dossier.status_changed', 'delivery.available', 'catalog.changed'];
    const subA = await subscribe(a.headers, receiverA.url, types);
    await subscribe(b.headers, receiverB.url, types);
    const before = { a: receiverA.received.length, b: receiverB.received.length };

    webhooks.onDossierStatusChanged({
      code: 'H01.22-261201-0001',
      agencyCode: first!.code,
      status: 4,
      at: clock.now(),
      source: 'sync',
    });
    await webhooks.publish(db, {
      type: 'delivery.available',
      agencyCode: second!.code,
      data: { deliveryId: 'd1' },
    });
    await webhooks.publish(db, { type: 'catalog.changed', data: { generation: 5 } });
    // Nobody is allowed this agency: nothing is written at all.
    const nobody = await webhooks.publish(db, {
      type: 'delivery.available',
      agencyCode: 'NO-SUCH-AGENCY',
      data: {},
    });
    expect(nobody).toBeNull();
    await receiverA.until(before.a + 2);
    await receiverB.until(before.b + 2);
    await webhooks.settled();
    const typesOf = (received: Received[], from: number) =>
      received
        .slice(from)
        .map((r) => (JSON.parse(r.body) as { type: string }).type)
        .sort();
    expect(typesOf(receiverA.received, before.a)).toEqual([
      'catalog.changed',
      'dossier.status_changed',
    ]);
    expect(typesOf(receiverB.received, before.b)).toEqual([
      'catalog.changed',
      'delivery.available',
    ]);
    const dossier = receiverA.received.find((r) => r.body.includes('dossier.status_changed'))!;
    expect(new Webhook(subA.secret).verify(dossier.body, headersOf(dossier))).toMatchObject({
      data: { code: 'H01.22-261201-0001', agencyCode: first!.code, status: 4, source: 'sync' },
    });
  });

  it('includes a status the status sync applied, announced by the dossiers module once committed', async () => {
    const receiver = await webhookReceiver();
    const ward = await badinhWard(db);
    const client = await connectedClient(app, db, { clock, allowedAgencies: [ward] });
    const made = await subscribe(client.headers, receiver.url, ['dossier.status_changed']);
    const pushed = await modules.dossiers.sync.apply(
      { id: client.clientId, allowedAgencies: [ward] },
      [counterDossier('H01-WEBHOOK-0001', ward)],
    );
    expect(pushed).toMatchObject({ accepted: 1, refused: [] });
    await receiver.until(1);
    const sent = receiver.received[0]!;
    expect(new Webhook(made.secret).verify(sent.body, headersOf(sent))).toMatchObject({
      type: 'dossier.status_changed',
      data: {
        code: 'H01-WEBHOOK-0001',
        agencyCode: ward,
        status: 2,
        changedAt: '2026-11-20T02:00:00.000Z',
        source: 'sync',
      },
    });
  });

  it('includes the payment a citizen makes, announced by the payments module once committed', async () => {
    const receiver = await webhookReceiver();
    const payee = '000.00.13.H01';
    const client = await connectedClient(app, db, { clock, allowedAgencies: [payee] });
    const made = await subscribe(client.headers, receiver.url, ['payment.succeeded']);
    const citizen = await sessionCookie(db, (await simulatedCitizen(db)).id, clock.now());
    const order = await call({ cookie: citizen }, 'POST', '/api/v1/payments', {
      billCode: 'VPHC26NAVAUMF6',
      provider: 'vietqr',
    });
    expect(order.statusCode, order.body).toBe(201);
    const { id, number } = order.json() as { id: string; number: string };
    expect(
      await modules.payments.outcomes.confirmTransfer(
        number,
        'FT26335000001',
        5_000_000,
        clock.now(),
      ),
    ).toBe('applied');
    await receiver.until(1);
    const sent = receiver.received[0]!;
    expect(new Webhook(made.secret).verify(sent.body, headersOf(sent))).toMatchObject({
      type: 'payment.succeeded',
      data: {
        paymentId: id,
        number,
        payeeAgencyCode: payee,
        amount: 5_000_000,
        currency: 'VND',
        billCode: 'VPHC26NAVAUMF6',
      },
    });
    expect(sent.body).not.toContain('Nguyễn Văn An');
  });
  it('includes feedback sent to the agency, announced by the feedback module, without the sender', async () => {
    const receiver = await webhookReceiver();
    const ward = await badinhWard(db);
    const client = await connectedClient(app, db, { clock, allowedAgencies: [ward] });
    const made = await subscribe(client.headers, receiver.url, ['feedback.changed']);
    const citizen = await sessionCookie(db, (await simulatedCitizen(db)).id, clock.now());
    const sent = await call({ cookie: citizen }, 'POST', '/api/v1/feedback', {
      kind: 'conduct',
      agencyCode: ward,
      title: 'Cán bộ một cửa đến muộn',
      body: 'Bộ phận một cửa mở cửa muộn 30 phút so với giờ niêm yết.',
      publishConsent: false,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const { code } = sent.json() as { code: string };
    await receiver.until(1);
    const event = receiver.received[0]!;
    expect(new Webhook(made.secret).verify(event.body, headersOf(event))).toMatchObject({
      type: 'feedback.changed',
      data: { code, kind: 'conduct', action: 'submit', status: 'submitted', agencyCode: ward },
    });
    expect(event.body).not.toContain('Nguyễn Văn An');
    expect(event.body).not.toContain('muộn');
  });
});
