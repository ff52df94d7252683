import { beforeAll, describe, expect, it } from 'vitest';
import {
  an,
  approver,
  base,
  confirmAtBank,
  db,
  dossierWithFee,
  json,
  modules,
  officerCall,
  referenceOf,
  startOrder,
  startWorld,
} from './flows-world.js';

// A refund names the payment's version it saw: however often it is sent, money goes back once.
beforeAll(startWorld);

describe('a refund form sent twice', () => {
  it('refunds once, and says the second time that nothing was refunded', async () => {
    const code = await dossierWithFee(10_000);
    const order = await startOrder({ dossierCode: code, provider: 'sandbox-bank' });
    await confirmAtBank(await referenceOf(order.body.id), '9704000000000018');
    const page = (init: RequestInit = {}) =>
      fetch(`${base}/backoffice/payments`, {
        ...init,
        headers: { ...init.headers, cookie: approver, accept: 'text/html' },
      });
    const html = await (await page()).text();
    const form = new RegExp(
      `action="/backoffice/payments/${order.body.id}/refunds"[\\s\\S]*?name="csrf" value="([^"]+)"[\\s\\S]*?name="version" value="(\\d+)"`,
    ).exec(html)!;
    const send = () =>
      fetch(`${base}/backoffice/payments/${order.body.id}/refunds`, {
        method: 'POST',
        headers: {
          cookie: approver,
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          csrf: form[1]!,
          version: form[2]!,
          amount: '3.000',
          reason: 'Thu thừa',
        }),
      });
    expect((await send()).status).toBe(200);
    const twice = await send();
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('lần này chưa hoàn gì');
    const [row] = await db.query<{ refunded_amount: number }>(
      'SELECT refunded_amount FROM payment_orders WHERE id = $1',
      [order.body.id],
    );
    expect(row!.refunded_amount).toBe(3_000);
  });

  it('sent twice at the same moment (a double click) refunds once at the bank too', async () => {
    const code = await dossierWithFee(10_000);
    const order = await startOrder({ dossierCode: code, provider: 'sandbox-bank' });
    const reference = await referenceOf(order.body.id);
    await confirmAtBank(reference, '9704000000000018');
    const { version } = (
      await json<{ version: number }>(an, 'GET', `/api/v1/payments/${order.body.id}`)
    ).body;
    const refund = () =>
      officerCall(approver, 'POST', `/api/v1/payments/${order.body.id}/refunds`, {
        amount: 2_000,
        reason: 'Thu thừa',
        version,
      });
    const statuses = (await Promise.all([refund(), refund(), refund()])).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 409, 409]);
    const report = await modules.payments.sandboxBank!.dailyReport('2026-11-24');
    expect(report.filter((l) => l.reference === reference && l.kind === 'refund')).toHaveLength(1);
  });
});
