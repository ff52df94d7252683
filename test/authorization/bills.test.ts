import { beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_BILLS } from '../../src/modules/payments/issuers.js';
import { PaymentRepository } from '../../src/modules/payments/repository.js';
import { send, type Caller } from './http.js';
import { buildWorld, type World } from './world.js';

let w: World;

beforeAll(async () => {
  w = await buildWorld();
});

interface BillAnswer {
  payerName: string;
  description: string;
  items: { name: string; amount: number }[];
  amount: number;
  limited: boolean;
}

/** What only the payer (Nguyễn Văn An) may read of his traffic fine. */
const CASE = ['Nguyễn Văn An', '123/QĐ-XPHC', 'đèn tín hiệu', 'Tiền phạt vi phạm hành chính'];

/*
 * Issue 13: a bill looked up by its code showed the payer's full name and the case to any
 * signed-in person, and codes followed a guessable pattern.
 */
describe('obligations found by code', () => {
  it('are shown in full to their payer, and to anyone else masked and without the case', async () => {
    const url = `/api/v1/bills/${w.bill}`;
    const mine = await w.as<BillAnswer>(w.callers.citizenA, { method: 'GET', url }, 200);
    expect(mine).toMatchObject({ payerName: 'Nguyễn Văn An', limited: false, amount: 5_000_000 });
    expect(mine.description).toContain('123/QĐ-XPHC');

    const answer = await send(w.app, w.callers.citizenB, { method: 'GET', url });
    expect(answer.status).toBe(200);
    expect(answer.json<BillAnswer>()).toMatchObject({
      payerName: 'Nguyễn V*** A***',
      limited: true,
      amount: 5_000_000,
      items: [{ amount: 5_000_000 }],
    });
    expect(CASE.filter((text) => answer.body.includes(text))).toEqual([]);

    // The page says the same, in the page's words.
    const page = await send(w.app, w.callers.citizenB, {
      method: 'GET',
      url: `/bills?code=${w.bill}`,
      headers: { accept: 'text/html' },
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain('Nguyễn V*** A***');
    expect(CASE.filter((text) => page.body.includes(text))).toEqual([]);
  });

  it('paid for by someone else, the order and its page name what is owed, not the case', async () => {
    const order = await w.as<{ id: string }>(
      w.callers.citizenB,
      { method: 'POST', url: '/api/v1/payments', json: { billCode: w.bill, provider: 'vietqr' } },
      201,
    );
    for (const url of [`/api/v1/payments/${order.id}`, `/payments/${order.id}`]) {
      const answer = await send(w.app, w.callers.citizenB, {
        method: 'GET',
        url,
        headers: { accept: url.startsWith('/api') ? 'application/json' : 'text/html' },
      });
      expect(answer.status, url).toBe(200);
      expect(
        CASE.filter((text) => answer.body.includes(text)),
        url,
      ).toEqual([]);
    }
  });

  it('are looked up at most 10 times a minute by one client, then 429', async () => {
    // B from an address of its own, so the other tests' lookups do not count.
    const b: Caller = { ...w.callers.citizenB, ip: '10.0.9.1' };
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      const answer = await send(w.app, b, { method: 'GET', url: `/api/v1/bills/VPHC26ZZZZZZ${i}` });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([...Array<number>(10).fill(404), 429]);
    const limited = await send(w.app, b, { method: 'GET', url: `/api/v1/bills/${w.bill}` });
    expect(limited.status).toBe(429);
    expect(limited.json<{ code: string }>().code).toBe('rate_limited');
    // The page too, where only lookups count: the empty form, opened from the header, does not.
    for (let i = 0; i < 12; i++) {
      const form = await send(w.app, b, {
        method: 'GET',
        url: '/bills',
        headers: { accept: 'text/html' },
      });
      expect(form.status).toBe(200);
    }
    const pages = [];
    for (let i = 0; i < 11; i++) {
      const answer = await send(w.app, b, {
        method: 'GET',
        url: `/bills?code=VPHC26ZZZZZZ${i}`,
        headers: { accept: 'text/html' },
      });
      pages.push(answer.status);
    }
    expect(pages.at(-1)).toBe(429);
    // Another client is not held back by B's tries.
    expect(
      (await send(w.app, w.callers.citizenA, { method: 'GET', url: `/api/v1/bills/${w.bill}` }))
        .status,
    ).toBe(200);
  });
});

describe('codes people and banks see', () => {
  const RANDOM = /^TT\d{6}[2-9A-HJKMNP-Z]{8}$/;

  it('number orders at random, in characters no one misreads, never one after another', async () => {
    const first = await w.payByQr(await w.fileWithFee(1_000));
    const second = await w.payByQr(await w.fileWithFee(1_000));
    expect(first.number).toMatch(RANDOM);
    expect(second.number).toMatch(RANDOM);
    // A running number would differ only at its end.
    expect(first.number.slice(0, 13)).not.toBe(second.number.slice(0, 13));

    const repository = new PaymentRepository(w.db);
    const numbers = await Promise.all(
      Array.from({ length: 200 }, () => repository.nextNumber(w.clock.now())),
    );
    expect(new Set(numbers).size).toBe(200);
    expect(numbers.filter((n) => !RANDOM.test(n))).toEqual([]);
  });

  it('give the sandbox’s obligations codes that do not follow a count', () => {
    for (const bill of SANDBOX_BILLS) {
      expect(bill.code).toMatch(/^[A-Z]+26[2-9A-HJKMNP-Z]{8}$/);
    }
  });
});
