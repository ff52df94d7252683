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
  // Issue 13's red-team finding, as it was done: an approver of one agency (agency 2 here)
  // imports a statement line naming another agency's (agency 1's) VietQR order.
  it('red team: an approver of agency 2 imports a line for agency 1’s VietQR order, which stays unpaid', async () => {
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

    // Answered like a line naming no order at all: it does not say the order exists.
    expect(await statement('officer2')).toEqual({
      lines: 1,
      added: 0,
      applied: 0,
      notMatched: [2],
    });
    // The payer's look asks the provider, which reads the statement: still nothing there.
    expect(await status()).toBe('pending');
    const recorded = await w.db.query(
      `SELECT 1 FROM bank_statement_lines WHERE bank_reference = 'FT26342001'`,
    );
    expect(recorded).toEqual([]);

    // The agency's own approver imports the same line: it was left for them, and it pays.
    expect(await statement('officer1')).toEqual({
      lines: 1,
      added: 1,
      applied: 1,
      notMatched: [],
    });
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
    expect(answer).toMatchObject({ added: 0, applied: 0, notMatched: [2] });
  });

  it('another agency’s approver cannot take the bank reference of agency 1’s transfer first', async () => {
    const order = await w.payByQr(await w.fileWithFee(7_000));
    // The same bank line without the order's number (as if the content were garbled): before,
    // it was recorded for anyone, and agency 1's own import of the line was then a repeat.
    const garbled = statementOf(order, order.amount, 'FT26342004', '2026-12-08').replace(
      `MC ${order.number}`,
      'MC chuyen khoan',
    );
    const taken = await w.as<{ added: number; notMatched: number[] }>(
      w.callers.officer2,
      { method: 'POST', url: '/api/v1/payments/statements', csv: garbled },
      200,
    );
    expect(taken).toMatchObject({ added: 0, notMatched: [2] });
    const own = await w.as(
      w.callers.officer1,
      {
        method: 'POST',
        url: '/api/v1/payments/statements',
        csv: statementOf(order, order.amount, 'FT26342004', '2026-12-08'),
      },
      200,
    );
    expect(own).toMatchObject({ added: 1, applied: 1 });
  });

  it('an approver’s reconciliation run compares and replaces only their own agency’s mismatches', async () => {
    const order = await w.payByQr(await w.fileWithFee(8_000));
    const day = '2026-12-09';
    await w.as(
      w.callers.officer1,
      {
        method: 'POST',
        url: '/api/v1/payments/statements',
        csv: statementOf(order, 5_000, 'FT26343001', day),
      },
      200,
    );
    const run = (who: CallerName) =>
      w.as<{ runs: { provider: string; matched: number; mismatches: number }[] }>(
        w.callers[who],
        { method: 'POST', url: '/api/v1/payments/reconciliations', json: { day } },
        200,
      );
    const openOfAgency1 = async () =>
      (
        await w.db.query<{ id: string }>(
          `SELECT id::text FROM reconciliation_mismatches
           WHERE day = $1 AND resolved_at IS NULL AND payee_agency_code = $2 ORDER BY id`,
          [day, w.agency1],
        )
      ).map((m) => m.id);

    expect((await run('officer1')).runs).toContainEqual({
      provider: 'vietqr',
      matched: 0,
      mismatches: 1,
    });
    const found = await openOfAgency1();
    expect(found).toHaveLength(1);
    // Agency 2's approver runs the same day: agency 1's money is neither looked at (no count
    // of it in the answer) nor its open mismatch replaced.
    expect((await run('officer2')).runs).toEqual([
      { provider: 'sandbox-bank', matched: 0, mismatches: 0 },
      { provider: 'vietqr', matched: 0, mismatches: 0 },
    ]);
    expect(await openOfAgency1()).toEqual(found);
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
