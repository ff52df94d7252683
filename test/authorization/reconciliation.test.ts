import { beforeAll, describe, expect, it } from 'vitest';
import { officerWithRoles, sessionCookie } from '../sessions.js';
import { send, type Caller, type CallerName } from './http.js';
import { buildWorld, statementOf, type World } from './world.js';

let w: World;

beforeAll(async () => {
  w = await buildWorld();
});

/*
 * Reconciliation is limited to the officers of the agency concerned. Two ways it was not:
 * any approver's statement import confirmed every agency's orders (and the line it recorded
 * made the order paid at the payer's next look), and a mismatch was settled by anyone with
 * a role at its agency, as long as they approved somewhere.
 */
describe('reconciliation stays within the agency concerned', () => {
  it('an approver of another agency cannot mark agency 1’s order paid with a statement', async () => {
    const order = await w.payByQr(await w.fileWithFee(4_000));
    const csv = statementOf(order, order.amount, 'FT26342001', '2026-12-08');
    const statement = (who: CallerName) =>
      w.as<{ lines: number; added: number; applied: number }>(
        w.callers[who],
        { method: 'POST', url: '/api/v1/payments/statements', csv },
        200,
      );
    const status = async () =>
      (
        await w.as<{ status: string }>(
          w.callers.citizenA,
          { method: 'GET', url: `/api/v1/payments/${order.id}` },
          200,
        )
      ).status;

    expect(await statement('officer2')).toEqual({ lines: 1, added: 0, applied: 0 });
    // The payer's look asks the provider, which reads the statement: still nothing there.
    expect(await status()).toBe('pending');
    const recorded = await w.db.query(
      `SELECT 1 FROM bank_statement_lines WHERE bank_reference = 'FT26342001'`,
    );
    expect(recorded).toEqual([]);

    // The agency's own approver imports the same line: it was left for them, and it pays.
    expect(await statement('officer1')).toEqual({ lines: 1, added: 1, applied: 1 });
    expect(await status()).toBe('succeeded');
  });

  it('a line naming no order of the importer’s agencies is not kept, so it cannot pay one later', async () => {
    const unknown = { id: '', number: 'TT26120899999999', amount: 5_000 };
    const answer = await w.as<{ added: number; applied: number }>(
      w.callers.officer2,
      {
        method: 'POST',
        url: '/api/v1/payments/statements',
        csv: statementOf(unknown, unknown.amount, 'FT26342002', '2026-12-08'),
      },
      200,
    );
    expect(answer).toMatchObject({ added: 0, applied: 0 });
  });

  it('a mismatch of agency 1 is settled only by an approver of agency 1', async () => {
    const order = await w.payByQr(await w.fileWithFee(6_000));
    await w.as(
      w.callers.officer1,
      {
        method: 'POST',
        url: '/api/v1/payments/statements',
        csv: statementOf(order, 5_000, 'FT26342003', '2026-12-08'),
      },
      200,
    );
    await w.as(
      w.callers.officer1,
      { method: 'POST', url: '/api/v1/payments/reconciliations', json: { day: '2026-12-08' } },
      200,
    );
    const open = async () =>
      (
        await w.as<{ items: { id: string; orderId: string | null }[] }>(
          w.callers.officer1,
          { method: 'GET', url: '/api/v1/payments/mismatches' },
          200,
        )
      ).items.find((m) => m.orderId === order.id);
    const mismatch = (await open())!;
    expect(mismatch).toBeDefined();

    // Approves at agency 2, and only receives at agency 1.
    const elsewhere = await officerWithRoles(w.db, 'Vũ Thị Hạnh', w.agency2, ['approver']);
    await w.db.query(
      `INSERT INTO role_grants (account_id, agency_code, role) VALUES ($1, $2, 'receiver')`,
      [elsewhere, w.agency1],
    );
    const mixed: Caller = {
      name: 'officer2',
      cookie: await sessionCookie(w.db, elsewhere, w.clock.now()),
      ip: '10.0.1.1',
    };
    const settle = (who: Caller) =>
      send(w.app, who, {
        method: 'POST',
        url: `/api/v1/payments/mismatches/${mismatch.id}/resolution`,
        json: { resolution: 'Đã đối chiếu với ngân hàng' },
      });
    expect((await settle(mixed)).status).toBe(404);
    // Nor through the officers' money page, where agency 1's administrator has a form.
    const admin = w.callers.admin1;
    // The form's token, as a browser has it: from a page of the admin's session.
    const account = await send(w.app, admin, {
      method: 'GET',
      url: '/account',
      headers: { accept: 'text/html' },
    });
    const csrf = /name="csrf" value="([^"]+)"/.exec(account.body)?.[1] ?? '';
    expect(csrf).not.toBe('');
    const page = await send(w.app, admin, {
      method: 'POST',
      url: `/backoffice/payments/mismatches/${mismatch.id}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      raw: new URLSearchParams({ csrf, resolution: 'Đã đối chiếu với ngân hàng' }).toString(),
    });
    expect([403, 404]).toContain(page.status);
    expect(await open()).toBeDefined();

    expect((await settle(w.callers.officer1)).status).toBe(204);
    expect(await open()).toBeUndefined();
  });
});
