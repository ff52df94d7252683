import { beforeAll, describe, expect, it } from 'vitest';
import {
  an,
  approver,
  base,
  callback,
  confirmAtBank,
  creditsOf,
  db,
  dossierWithFee,
  json,
  KEYS,
  modules,
  now,
  officerCall,
  pdfText,
  receiver,
  referenceOf,
  startOrder,
  startWorld,
  ward,
  type Payment,
} from './flows-world.js';
import { officerWithRoles, sessionCookie } from '../../../test/sessions.js';
import { dossierFixtures } from '../dossiers/index.js';

// These follow each other: the reconciliation at the end counts what the others paid.
beforeAll(startWorld);

describe('paying a dossier’s fee through the sandbox bank', () => {
  // The first fee paid, its receipt looked at in the next test.
  let paidFee: { code: string; id: string; receipt: string };

  it('creates the order once per key, pays at the hosted page and moves the dossier on', async () => {
    const code = await dossierWithFee();
    const key = { 'idempotency-key': `fee-${code}` };
    const created = await startOrder({ dossierCode: code, provider: 'sandbox-bank' }, key);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', amount: 2_000 });
    expect(created.body.number).toMatch(/^TT261124[2-9A-HJKMNP-Z]{8}$/);
    // The same key and body answer the same order; the same key for something else is refused.
    const again = await startOrder({ dossierCode: code, provider: 'sandbox-bank' }, key);
    expect(again.body.id).toBe(created.body.id);
    const other = await json(
      an,
      'POST',
      '/api/v1/payments',
      { billCode: 'VPHC26NAVAUMF6', provider: 'sandbox-bank' },
      key,
    );
    expect(other.status).toBe(409);

    // The bank's page, then the payer confirms with the account that pays.
    const bankPage = await fetch(created.body.redirectUrl!);
    expect(await bankPage.text()).toContain('9704000000000018');
    const reference = await referenceOf(created.body.id);
    const confirmed = await confirmAtBank(reference, '9704000000000018');
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe(`${base}/payments/${created.body.id}/return`);

    const paid = await json<Payment>(an, 'GET', `/api/v1/payments/${created.body.id}`);
    expect(paid.body).toMatchObject({ status: 'succeeded', finished: true, flag: null });
    expect(paid.body.receipt).toBe(`/api/v1/payments/${created.body.id}/receipt.pdf`);
    const [callbackRow] = await db.query<{ outcome: string }>(
      `SELECT outcome FROM payment_callbacks WHERE order_id = $1`,
      [created.body.id],
    );
    expect(callbackRow?.outcome).toBe('applied');

    // The dossier went back to where it was (received), its timeline says it was paid.
    const dossier = await json<{ status: number; timeline: { action: string }[] }>(
      an,
      'GET',
      `/api/v1/dossiers/${code}`,
    );
    expect(dossier.body.status).toBe(2);
    expect(dossier.body.timeline.map((e) => e.action).slice(-2)).toEqual([
      'request_payment',
      'payment_received',
    ]);
    const officerPage = await (
      await fetch(`${base}/backoffice/dossiers/${encodeURIComponent(code)}`, {
        headers: { cookie: receiver },
      })
    ).text();
    expect(officerPage).toContain(created.body.number);
    expect(officerPage).toContain('Đã nộp');
    paidFee = { code, id: created.body.id, receipt: paid.body.receipt! };
  });

  it('issues the receipt, files it in the payer’s store (again after a restart) and takes no second payment', async () => {
    const { code, id } = paidFee;
    // The receipt: its number, the payer, the agency, the amount in figures and in words.
    const receipt = await an.request(paidFee.receipt);
    expect(receipt.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(receipt);
    expect(text).toContain('BIÊN LAI THU PHÍ, LỆ PHÍ ĐIỆN TỬ');
    expect(text).toMatch(/Số: BL261124\d{8}/);
    expect(text).toContain('Nguyễn Văn An');
    expect(text).toContain('Lệ phí chứng thực bản sao điện tử');
    expect(text).toContain('Hai nghìn đồng');
    // The receipt lands in the payer's document store (in the background).
    await expect
      .poll(
        async () =>
          (
            await json<{ items: { fileName: string }[] }>(
              an,
              'GET',
              '/api/v1/me/documents?type=payment_receipt',
            )
          ).body.items.map((d) => d.fileName),
        { timeout: 5000 },
      )
      .toEqual([expect.stringMatching(/^bien-lai-BL\d+\.pdf$/)]);
    expect(await modules.payments.receipts.storeMissing()).toBe(0);
    // Had a restart come between the payment and the stored PDF, the sweep stores it.
    const receiptRow = () =>
      db
        .query<{ document_id: string | null }>(
          'SELECT document_id FROM payment_receipts WHERE order_id = $1',
          [id],
        )
        .then((rows) => rows[0]!.document_id);
    const first = await receiptRow();
    await db.query('UPDATE payment_receipts SET document_id = NULL WHERE order_id = $1', [id]);
    await dossierFixtures.forgetDocument(db, first!);
    expect(await modules.payments.receipts.storeMissing()).toBe(1);
    expect(await receiptRow()).toEqual(expect.any(String));
    // A PDF being filed in the background is waited for when the portal closes.
    const second = await receiptRow();
    await db.query('UPDATE payment_receipts SET document_id = NULL WHERE order_id = $1', [id]);
    await dossierFixtures.forgetDocument(db, second!);
    modules.payments.receipts.storeSoon(id);
    expect(await receiptRow()).toBeNull();
    await modules.payments.receipts.settled();
    expect(await receiptRow()).toEqual(expect.any(String));

    // Paid, the fee cannot be paid again.
    expect(
      (await json(an, 'POST', '/api/v1/payments', { dossierCode: code, provider: 'sandbox-bank' }))
        .status,
    ).toBe(409);
  });

  it('trusts the provider, not the return address; a declined payment can be paid again', async () => {
    const code = await dossierWithFee();
    const first = await startOrder({ dossierCode: code, provider: 'sandbox-bank' });
    // Coming back with a made-up "success" in the address changes nothing.
    const back = await an.request(`/payments/${first.body.id}/return?status=success&amount=2000`);
    expect(back.status).toBe(303);
    expect((await json<Payment>(an, 'GET', `/api/v1/payments/${first.body.id}`)).body.status).toBe(
      'pending',
    );

    const reference = await referenceOf(first.body.id);
    await confirmAtBank(reference, '9704000000000026');
    const declined = await json<Payment>(an, 'GET', `/api/v1/payments/${first.body.id}`);
    expect(declined.body).toMatchObject({ status: 'failed', failureCode: 'insufficient_funds' });
    const page = await (await an.request(`/payments/${first.body.id}`)).text();
    expect(page).toContain(`href="/payments/new?dossier=${encodeURIComponent(code)}"`);

    const second = await startOrder({ dossierCode: code, provider: 'sandbox-bank' });
    expect(second.body.id).not.toBe(first.body.id);
    await confirmAtBank(await referenceOf(second.body.id), '9704000000000059');
    // That account calls back twice: one credit.
    expect((await json<Payment>(an, 'GET', `/api/v1/payments/${second.body.id}`)).body.status).toBe(
      'succeeded',
    );
    expect(await creditsOf(second.body.id)).toBe(1);
  });

  it('takes the provider’s word on return even when its callback comes late, and credits once', async () => {
    const code = await dossierWithFee();
    const order = await startOrder({ dossierCode: code, provider: 'sandbox-bank' });
    await confirmAtBank(await referenceOf(order.body.id), '9704000000000042');
    // Before the bank calls back, the return page's question already finds it paid.
    expect((await json<Payment>(an, 'GET', `/api/v1/payments/${order.body.id}`)).body.status).toBe(
      'succeeded',
    );
    await expect
      .poll(
        async () =>
          (
            await db.query<{ outcome: string }>(
              'SELECT outcome FROM payment_callbacks WHERE order_id = $1',
              [order.body.id],
            )
          ).map((r) => r.outcome),
        { timeout: 5000 },
      )
      .toEqual(['duplicate']);
  });
});

describe('callbacks', () => {
  it('are verified first: forged and stale ones change nothing; a rotated key works; wrong amounts are flagged; duplicates credit once', async () => {
    const order = await startOrder({ billCode: 'EVNHN26JC6DX2JT', provider: 'sandbox-bank' });
    expect(order.body.amount).toBe(877_327);
    const reference = await referenceOf(order.body.id);
    const event = (extra: Record<string, unknown> = {}) => ({
      eventId: `${reference}:succeeded`,
      reference,
      orderNumber: order.body.number,
      outcome: 'succeeded',
      amount: 877_327,
      currency: 'VND',
      at: now.toISOString(),
      ...extra,
    });
    const stateOf = async () =>
      (await json<Payment>(an, 'GET', `/api/v1/payments/${order.body.id}`)).body;
    const recorded = async () =>
      (
        await db.query<{ count: number }>('SELECT count(*)::int AS count FROM payment_callbacks')
      ).at(0)!.count;
    const before = await recorded();

    const forged = await callback(event(), 'not-the-bank-key-at-all');
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { code: string }).code).toBe('callback_forged');
    const stale = await callback(event(), KEYS.primary, new Date(now.getTime() - 10 * 60_000));
    expect(stale.status).toBe(401);
    expect(await recorded()).toBe(before);

    const wrongAmount = await callback(event({ eventId: `${reference}:short`, amount: 877_000 }));
    expect(await wrongAmount.json()).toEqual({ outcome: 'amount_mismatch' });
    expect(await stateOf()).toMatchObject({ status: 'pending', flag: 'amount_mismatch' });

    const rotated = await callback(event(), KEYS.secondary);
    expect(await rotated.json()).toEqual({ outcome: 'applied' });
    expect((await stateOf()).status).toBe('succeeded');
    const duplicate = await callback(event());
    expect(await duplicate.json()).toEqual({ outcome: 'duplicate' });
    const bill = await json<{ paid: boolean }>(an, 'GET', '/api/v1/bills/EVNHN26JC6DX2JT');
    expect(bill.body.paid).toBe(true);
    expect(await creditsOf(order.body.id)).toBe(1);
  });
});

describe('refunds', () => {
  it('are made by an approver of the agency paid, never beyond what is left', async () => {
    const code = await dossierWithFee(10_000);
    const order = await startOrder({ dossierCode: code, provider: 'sandbox-bank' });
    await confirmAtBank(await referenceOf(order.body.id), '9704000000000018');
    const refund = (cookie: string, amount: number, version: number) =>
      officerCall<Payment & { version: number; errors?: { field: string }[] }>(
        cookie,
        'POST',
        `/api/v1/payments/${order.body.id}/refunds`,
        { amount, reason: 'Thu thừa số bản sao', version },
      );
    // The payer reads the payment (the version included) as the officer's list shows it.
    const paid = (await json<{ version: number }>(an, 'GET', `/api/v1/payments/${order.body.id}`))
      .body;
    expect((await refund(receiver, 4_000, paid.version)).status).toBe(404);
    const part = await refund(approver, 4_000, paid.version);
    expect(part.body).toMatchObject({ status: 'partially_refunded', refundedAmount: 4_000 });
    // The same call again (a retry, a form sent twice) finds the payment changed: no money moves.
    const again = await refund(approver, 4_000, paid.version);
    expect(again.status).toBe(409);
    const tooMuch = await refund(approver, 6_001, part.body.version);
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.errors?.map((e) => e.field)).toEqual(['amount']);
    const rest = await refund(approver, 6_000, part.body.version);
    expect(rest.body).toMatchObject({ status: 'refunded', refundedAmount: 10_000 });
    const report = await modules.payments.sandboxBank!.dailyReport('2026-11-24');
    const reference = await referenceOf(order.body.id);
    expect(report.filter((l) => l.reference === reference).map((l) => [l.kind, l.amount])).toEqual([
      ['payment', 10_000],
      ['refund', 4_000],
      ['refund', 6_000],
    ]);
  });
});

describe('reconciliation', () => {
  // An approver of the social insurance office, whose VietQR collection it imports.
  let treasurer: string;

  it('confirms VietQR transfers from the statement, each bank line once', async () => {
    const order = await startOrder({ billCode: 'BHXH26BDCNJ57D', provider: 'vietqr' });
    treasurer = await sessionCookie(
      db,
      await officerWithRoles(db, 'Đinh Thị Thu', '000.00.15.H48', ['approver']),
      now,
    );
    const statement = [
      'booked_at,amount,description,bank_reference',
      `2026-11-24T09:30:00+07:00,2906280,"CT DEN: ${order.body.number.slice(0, 8)} ${order.body.number.slice(8)} BHYT HO GD",FT26328001`,
      '2026-11-24T09:40:00+07:00,150000,"Chuyen tien an trua",FT26328002',
    ].join('\n');
    const importStatement = (cookie: string) =>
      fetch(`${base}/api/v1/payments/statements`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'text/csv', accept: 'application/json' },
        body: statement,
      });
    expect((await importStatement(receiver)).status).toBe(403);
    const imported = await importStatement(treasurer);
    // The lunch money names no order: left alone, and said so by its line number.
    expect(await imported.json()).toEqual({ lines: 2, added: 1, applied: 1, notMatched: [3] });
    expect((await json<Payment>(an, 'GET', `/api/v1/payments/${order.body.id}`)).body.status).toBe(
      'succeeded',
    );
    // The same statement again adds nothing and credits nothing.
    expect(await (await importStatement(treasurer)).json()).toEqual({
      lines: 2,
      added: 0,
      applied: 0,
      notMatched: [3],
    });
    // Each import is in the audit log: who, and what it confirmed.
    const imports = await db.query<{ after: { applied: number } }>(
      `SELECT after FROM audit_log WHERE action = 'payment.statement_import' ORDER BY id`,
    );
    expect(imports.map((entry) => entry.after.applied)).toEqual([1, 0]);
  });

  it('compares each provider’s day, and the agency concerned settles what does not agree', async () => {
    type Runs = { runs: { provider: string; matched: number; mismatches: number }[] };
    const reconcile = (cookie: string) =>
      officerCall<Runs>(cookie, 'POST', '/api/v1/payments/reconciliations', { day: '2026-11-24' });
    // The treasurer's run compares the social insurance office's orders only.
    expect((await reconcile(treasurer)).body.runs).toEqual([
      { provider: 'sandbox-bank', matched: 0, mismatches: 0 },
      { provider: 'vietqr', matched: 1, mismatches: 0 },
    ]);
    // The electricity bill was paid by a callback the bank's own books do not show: the
    // power company's approver finds it.
    const power = await sessionCookie(
      db,
      await officerWithRoles(db, 'Phan Văn Lực', '000.00.04.G07', ['approver']),
      now,
    );
    expect((await reconcile(power)).body.runs).toEqual([
      expect.objectContaining({ provider: 'sandbox-bank', mismatches: 1 }),
      expect.objectContaining({ provider: 'vietqr', matched: 0, mismatches: 0 }),
    ]);
    const open = await officerCall<{ items: { id: string; kind: string; portalAmount: number }[] }>(
      power,
      'GET',
      '/api/v1/payments/mismatches',
    );
    expect(open.body.items).toEqual([
      expect.objectContaining({ kind: 'missing_at_provider', portalAmount: 877_327 }),
    ]);
    expect((await officerCall(treasurer, 'GET', '/api/v1/payments/mismatches')).body).toEqual({
      items: [],
    });
    const settled = await fetch(
      `${base}/api/v1/payments/mismatches/${open.body.items[0]!.id}/resolution`,
      {
        method: 'POST',
        headers: { cookie: power, 'content-type': 'application/json' },
        body: JSON.stringify({
          resolution: 'Ngân hàng xác nhận giao dịch, bổ sung vào báo cáo ngày',
        }),
      },
    );
    expect(settled.status).toBe(204);
    expect((await officerCall(power, 'GET', '/api/v1/payments/mismatches')).body).toEqual({
      items: [],
    });
  });

  it('totals per agency per day, as JSON and as a spreadsheet’s CSV', async () => {
    // The ward's day: four fees paid (2,000 × 3 and 10,000), 10,000 refunded.
    const totals = await officerCall<{ items: Record<string, unknown>[] }>(
      receiver,
      'GET',
      '/api/v1/payments/totals?from=2026-11-24&to=2026-11-24',
    );
    expect(totals.body.items).toEqual([
      {
        day: '2026-11-24',
        agencyCode: ward,
        agencyName: expect.stringContaining('Ba Đình'),
        payments: 4,
        collected: 16_000,
        refunded: 10_000,
      },
    ]);
    const csv = await fetch(
      `${base}/api/v1/payments/totals?from=2026-11-24&to=2026-11-24&format=csv`,
      {
        headers: { cookie: receiver },
      },
    );
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // A byte-order mark first, so spreadsheet programs read the Vietnamese as UTF-8.
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'Ngày,Mã cơ quan,Tên cơ quan,Số giao dịch,Số tiền thu (đồng),Số tiền hoàn (đồng)',
    );
    expect(lines[1]).toMatch(
      new RegExp(`^2026-11-24,${ward.replace(/\./g, '\\.')},.+,4,16000,10000$`),
    );
  });
});
