import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/helpers.js';
import type { Clock } from '../../platform/clock.js';
import { HttpSmsProvider, type MessageProvider } from './providers.js';
import { NotificationService, RECIPIENT_LIMIT_PER_HOUR } from './service.js';
import { MAX_ATTEMPTS, renderTemplate, retryDelayMs } from './templates.js';

const clock = {
  offsetMs: 0,
  now() {
    return new Date(Date.now() + this.offsetMs);
  },
} satisfies Clock & { offsetMs: number };
let ctx: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  ctx = await createTestApp({ clock });
});

const otp = (to: string, code = '123456') => ({
  channel: 'email' as const,
  recipient: to,
  template: 'one_time_code' as const,
  locale: 'vi' as const,
  values: { code, minutes: 5 },
});

describe('templates', () => {
  it('fill every placeholder, in either language, and refuse to send one half-filled', () => {
    expect(renderTemplate('one_time_code', 'vi', { code: '042917', minutes: 5 }).body).toContain(
      '042917',
    );
    expect(renderTemplate('one_time_code', 'en', { code: '1', minutes: 5 }).subject).toBe(
      'Một Cửa verification code: 1',
    );
    expect(() => renderTemplate('one_time_code', 'vi', { code: '1' })).toThrow(/minutes/);
  });

  it('retry later each time, up to an hour', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(20)).toBe(3_600_000);
  });
});

describe('outbox', () => {
  it('exists only if the transaction that caused it commits', async () => {
    const service = ctx.modules.notifications.service;
    await expect(
      ctx.db.transaction(async (tx) => {
        await service.enqueue(tx, otp('rollback@example.vn'));
        throw new Error('the event failed');
      }),
    ).rejects.toThrow('the event failed');
    await ctx.db.transaction((tx) => service.enqueue(tx, otp('commit@example.vn')));
    const rows = await ctx.db.query<{ recipient: string; status: string }>(
      `SELECT recipient, status FROM notifications WHERE recipient LIKE '%@example.vn' ORDER BY recipient`,
    );
    expect(rows).toEqual([{ recipient: 'commit@example.vn', status: 'queued' }]);
  });

  it('is sent by the dispatch job to the development mailbox, which shows it', async () => {
    const service = ctx.modules.notifications.service;
    await ctx.db.transaction((tx) => service.enqueue(tx, otp('mailbox@example.vn', '654321')));
    const result = await service.dispatchDue();
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const [row] = await ctx.db.query<{ status: string; provider: string }>(
      `SELECT status, provider FROM notifications WHERE recipient = 'mailbox@example.vn'`,
    );
    expect(row).toEqual({ status: 'delivered', provider: 'dev-mailbox' });
    const page = await ctx.app.inject({ url: '/dev/mailbox', headers: { accept: 'text/html' } });
    expect(page.body).toContain('Mã xác thực Một Cửa: 654321');
    expect(page.body).toContain('mailbox@example.vn');
  });

  it('retries a failing provider with growing delays, then marks the message failed with its answer', async () => {
    const failing: MessageProvider = {
      name: 'broken',
      send: async () => {
        throw new Error('connection refused');
      },
    };
    const service = new NotificationService(
      ctx.db,
      clock,
      { email: failing, sms: failing },
      ctx.modules.changes,
    );
    await ctx.db.transaction((tx) => service.enqueue(tx, otp('retry@example.vn')));
    try {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        await service.dispatchDue();
        const [row] = await ctx.db.query<{
          status: string;
          attempts: number;
          provider_answer: string;
        }>(
          `SELECT status, attempts, provider_answer FROM notifications WHERE recipient = 'retry@example.vn'`,
        );
        expect(row?.attempts).toBe(attempt);
        expect(row?.provider_answer).toBe('connection refused');
        expect(row?.status).toBe(attempt < MAX_ATTEMPTS ? 'queued' : 'failed');
        // Not due again before its delay.
        expect((await service.dispatchDue()).sent).toBe(0);
        clock.offsetMs += retryDelayMs(attempt) + 1000;
      }
    } finally {
      clock.offsetMs = 0;
    }
  });

  it('sends each message once when several workers dispatch at the same time', async () => {
    let sends = 0;
    const counting: MessageProvider = {
      name: 'counting',
      send: async () => {
        sends += 1;
        return { status: 'sent', providerMessageId: null, answer: 'ok' };
      },
    };
    const service = new NotificationService(
      ctx.db,
      clock,
      { email: counting, sms: counting },
      ctx.modules.changes,
    );
    for (let i = 0; i < 8; i++) {
      await ctx.db.transaction((tx) => service.enqueue(tx, otp(`worker${i}@example.org`)));
    }
    await Promise.all([
      service.dispatchDue(3),
      service.dispatchDue(3),
      service.dispatchDue(3),
      service.dispatchDue(3),
    ]);
    expect(sends).toBe(8);
  });

  it(`limits one recipient to ${RECIPIENT_LIMIT_PER_HOUR} messages an hour`, async () => {
    const service = ctx.modules.notifications.service;
    for (let i = 0; i < RECIPIENT_LIMIT_PER_HOUR; i++) {
      await ctx.db.transaction((tx) => service.enqueue(tx, otp('busy@example.vn')));
    }
    await expect(
      ctx.db.transaction((tx) => service.enqueue(tx, otp('busy@example.vn'))),
    ).rejects.toMatchObject({
      status: 429,
      code: 'too_many_messages',
    });
  });

  it('tells a person the way they chose: in the portal always, email and SMS when asked', async () => {
    const [account] = await ctx.db.query<{ id: string }>(
      `INSERT INTO accounts (kind, name, email, phone, notify_by_email, notify_by_sms)
       VALUES ('officer', 'Người chọn SMS', 'pref@example.vn', '0912000111', false, true) RETURNING id`,
    );
    await ctx.db.transaction((tx) =>
      ctx.modules.notifications.service.notifyAccount(tx, account!.id, {
        template: 'welcome',
        locale: 'en',
        values: { name: 'Người chọn SMS' },
      }),
    );
    const rows = await ctx.db.query<{ channel: string; recipient: string; subject: string }>(
      `SELECT channel, recipient, subject FROM notifications WHERE account_id = $1 ORDER BY channel`,
      [account!.id],
    );
    expect(rows.map((r) => [r.channel, r.recipient])).toEqual([
      ['in_app', account!.id],
      ['sms', '0912000111'],
    ]);
    expect(rows[0]?.subject).toBe('Welcome to the Một Cửa portal, Người chọn SMS');
  });

  it('/api/v1/me/notifications needs a signed-in person', async () => {
    const response = await ctx.app.inject({ url: '/api/v1/me/notifications' });
    expect(response.statusCode).toBe(401);
  });
});

describe('HTTP SMS gateway provider', () => {
  const gateway = Fastify();
  const received: unknown[] = [];
  let url: string;
  beforeAll(async () => {
    gateway.post('/sms', async (request, reply) => {
      received.push(request.body);
      if ((request.body as { to: string }).to === '0000')
        return reply.status(503).send('gateway down');
      return { accepted: true };
    });
    url = `${await gateway.listen({ port: 0, host: '127.0.0.1' })}/sms`;
  });
  afterAll(() => gateway.close());

  it('posts the text with the token and records the answer; an error status is a failure', async () => {
    const provider = new HttpSmsProvider(url, 'secret-token');
    const result = await provider.send({ to: '0912345678', subject: 's', body: 'Mã 123456' });
    expect(result).toMatchObject({ status: 'sent', answer: '{"accepted":true}' });
    expect(received).toEqual([{ to: '0912345678', text: 'Mã 123456' }]);
    await expect(provider.send({ to: '0000', subject: 's', body: 'x' })).rejects.toThrow(/503/);
  });
});
