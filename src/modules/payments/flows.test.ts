import { beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { QRPay } from 'vietnam-qr-pay';
import { startTestServer } from '../../../test/helpers.js';
import { signInAs, type CookieClient } from '../../../test/browser-client.js';
import { officerWithRoles, sessionCookie } from '../../../test/sessions.js';
import { badinhWard, fileCertifiedCopy } from '../../../test/dossiers.js';
import type { Database } from '../../platform/db.js';
import { signatureHeader } from './signatures.js';

// Tuesday 24 November 2026, 09:00 in Vietnam; the clock moves when a test says so.
let now = new Date('2026-11-24T02:00:00Z');
const clock = { now: () => now };
const KEYS = { primary: 'primary-key-0123456789', secondary: 'secondary-key-0123456789' };
let base: string;
let db: Database;
let an: CookieClient;
let modules: Awaited<ReturnType<typeof startTestServer>>['modules'];
let ward: string;
let receiver: string;
let approver: string;

interface Started {
  id: string;
  number: string;
  status: string;
  amount: number;
  redirectUrl?: string;
  qr?: { payload: string; image: string };
}
interface Payment {
  id: string;
  status: string;
  finished: boolean;
  failureCode: string | null;
  flag: string | null;
  amount: number;
  refundedAmount: number;
  receipt: string | null;
}

const json = async <T>(
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

const officerCall = async <T>(cookie: string, method: string, path: string, body?: unknown) => {
  const response = await fetch(base + path, {
    method,
    headers: { cookie, accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
};

/** A certified copy filed and received at the ward, then a fee asked of it. */
async function dossierWithFee(amount = 2_000): Promise<string> {
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
async function later<T>(minutes: number, work: () => Promise<T>): Promise<T> {
  const started = now;
  now = new Date(started.getTime() + minutes * 60_000);
  try {
    return await work();
  } finally {
    now = started;
  }
}

/** A signed callback from the sandbox bank, as its key says. */
const callback = (event: Record<string, unknown>, key = KEYS.primary, at = now) => {
  const body = JSON.stringify(event);
  return fetch(`${base}/api/v1/payments/callbacks/sandbox-bank`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': signatureHeader(body, key, at) },
    body,
  });
};

/** The payer confirms at the sandbox bank's page with a test account. */
const confirmAtBank = (reference: string, account: string) =>
  fetch(`${base}/sandbox-bank/pay/${reference}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ account, action: 'confirm' }),
  });

const referenceOf = async (id: string) =>
  (
    await db.query<{ provider_ref: string }>(
      'SELECT provider_ref FROM payment_orders WHERE id = $1',
      [id],
    )
  )[0]!.provider_ref;

beforeAll(async () => {
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
});

describe('paying a dossier’s fee through the sandbox bank', () => {
  it('creates the order once per key, pays at the hosted page, moves the dossier on and issues the receipt', async () => {
    const code = await dossierWithFee();
    const key = { 'idempotency-key': `fee-${code}` };
    const created = await json<Started>(
      an,
      'POST',
      '/api/v1/payments',
      { dossierCode: code, provider: 'sandbox-bank' },
      key,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', amount: 2_000 });
    expect(created.body.number).toMatch(/^TT261124\d{8}$/);
    // The same key and body answer the same order; the same key for something else is refused.
    const again = await json<Started>(
      an,
      'POST',
      '/api/v1/payments',
      { dossierCode: code, provider: 'sandbox-bank' },
      key,
    );
    expect(again.body.id).toBe(created.body.id);
    const other = await json(
      an,
      'POST',
      '/api/v1/payments',
      { billCode: 'VPHC2611000123', provider: 'sandbox-bank' },
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

    // The receipt: its number, the payer, the agency, the amount in figures and in words.
    const receipt = await an.request(paid.body.receipt!);
    expect(receipt.headers.get('content-type')).toBe('application/pdf');
    const pdf = await getDocument({ data: new Uint8Array(await receipt.arrayBuffer()) }).promise;
    const text = (await (await pdf.getPage(1)).getTextContent()).items
      .map((i) => ('str' in i ? i.str : ''))
      .join(' ');
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
          [created.body.id],
        )
        .then((rows) => rows[0]!.document_id);
    const first = await receiptRow();
    await db.query('UPDATE payment_receipts SET document_id = NULL WHERE order_id = $1', [
      created.body.id,
    ]);
    await db.query('DELETE FROM documents WHERE id = $1', [first]);
    expect(await modules.payments.receipts.storeMissing()).toBe(1);
    expect(await receiptRow()).toEqual(expect.any(String));

    // Paid, the fee cannot be paid again.
    expect(
      (await json(an, 'POST', '/api/v1/payments', { dossierCode: code, provider: 'sandbox-bank' }))
        .status,
    ).toBe(409);
  });

  it('trusts the provider, not the return address; a declined payment can be paid again', async () => {
    const code = await dossierWithFee();
    const first = await json<Started>(an, 'POST', '/api/v1/payments', {
      dossierCode: code,
      provider: 'sandbox-bank',
    });
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

    const second = await json<Started>(an, 'POST', '/api/v1/payments', {
      dossierCode: code,
      provider: 'sandbox-bank',
    });
    expect(second.body.id).not.toBe(first.body.id);
    await confirmAtBank(await referenceOf(second.body.id), '9704000000000059');
    // That account calls back twice: one credit.
    expect((await json<Payment>(an, 'GET', `/api/v1/payments/${second.body.id}`)).body.status).toBe(
      'succeeded',
    );
    const outcomes = await db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM payment_events WHERE order_id = $1 AND event = 'succeed'`,
      [second.body.id],
    );
    expect(outcomes[0]?.count).toBe(1);
  });

  it('takes the provider’s word on return even when its callback comes late, and credits once', async () => {
    const code = await dossierWithFee();
    const order = await json<Started>(an, 'POST', '/api/v1/payments', {
      dossierCode: code,
      provider: 'sandbox-bank',
    });
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

describe('fees due on filing', () => {
  it('are asked when the procedure says so, one at a time, and paid online', async () => {
    const justice = '000.00.01.H01';
    const draft = await json<{ id: string }>(an, 'POST', '/api/v1/dossiers', {
      procedureCode: '2.000505',
      agencyCode: justice,
    });
    const saved = await json(an, 'PATCH', `/api/v1/dossiers/${draft.body.id}`, {
      answers: {
        recordType: '1',
        purpose: 'Bổ sung hồ sơ xin việc',
        residences: [{ from: '09/2007', to: '11/2026', place: 'Phường Ba Đình, Hà Nội' }],
        declaration: true,
      },
    });
    expect(saved.status).toBe(200);
    const { code } = (
      await json<{ code: string }>(an, 'POST', `/api/v1/dossiers/${draft.body.id}/submit`)
    ).body;
    const dossier = await json<{ status: number }>(an, 'GET', `/api/v1/dossiers/${code}`);
    expect(dossier.body.status).toBe(1);
    // The officers cannot ask for a second fee while this one waits.
    const officer = await sessionCookie(
      db,
      await officerWithRoles(db, 'Phạm Minh Châu', justice, ['receiver', 'processor']),
      now,
    );
    const detail = await officerCall<{ version: number }>(
      officer,
      'GET',
      `/api/v1/backoffice/dossiers/${code}`,
    );
    const received = await officerCall<{ version: number }>(
      officer,
      'POST',
      `/api/v1/backoffice/dossiers/${code}/actions`,
      { action: 'receive', version: detail.body.version },
    );
    const second = await officerCall<{ code: string }>(
      officer,
      'POST',
      `/api/v1/backoffice/dossiers/${code}/actions`,
      {
        action: 'request_payment',
        version: received.body.version,
        fee: [{ name: 'Phí', amount: 1 }],
      },
    );
    expect([second.status, second.body.code]).toEqual([409, 'fee_already_due']);
    // Nor is it offered, on the API or on the page; a form sent anyway reads why.
    const offered = await officerCall<{ actions: string[] }>(
      officer,
      'GET',
      `/api/v1/backoffice/dossiers/${code}`,
    );
    expect(offered.body.actions).toEqual(['refuse', 'request_supplement', 'forward']);
    const officerPage = await fetch(`${base}/backoffice/dossiers/${encodeURIComponent(code)}`, {
      headers: { cookie: officer },
    });
    const officerHtml = await officerPage.text();
    expect(officerHtml).not.toContain('value="request_payment"');
    const refused = await fetch(`${base}/backoffice/dossiers/${encodeURIComponent(code)}/actions`, {
      method: 'POST',
      headers: { cookie: officer, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        csrf: /name="csrf" value="([^"]+)"/.exec(officerHtml)![1]!,
        action: 'request_payment',
        version: String(received.body.version),
        feeName: 'Phí',
        feeAmount: '1000',
      }),
    });
    expect(refused.status).toBe(409);
    const reason = await refused.text();
    expect(reason).toContain('Hồ sơ đang có một khoản phí chờ nộp');
    expect(reason).not.toContain('người khác');
    const page = await (await an.request(`/dossiers/${encodeURIComponent(code)}`)).text();
    expect(page).toContain('Nộp 200.000 ₫ trực tuyến');
    const order = await json<Started>(an, 'POST', '/api/v1/payments', {
      dossierCode: code,
      provider: 'sandbox-bank',
    });
    expect(order.body.amount).toBe(200_000);
    await confirmAtBank(await referenceOf(order.body.id), '9704000000000018');
    expect((await json<Payment>(an, 'GET', `/api/v1/payments/${order.body.id}`)).body.status).toBe(
      'succeeded',
    );
    // Paid, nothing else is due; the dossier stays where it was (received).
    expect(
      (await json<{ status: number }>(an, 'GET', `/api/v1/dossiers/${code}`)).body.status,
    ).toBe(2);
    expect(
      (await json(an, 'POST', '/api/v1/payments', { dossierCode: code, provider: 'sandbox-bank' }))
        .status,
    ).toBe(409);
  });
});

describe('callbacks', () => {
  it('are verified first: forged and stale ones change nothing; a rotated key works; wrong amounts are flagged; duplicates credit once', async () => {
    const order = await json<Started>(an, 'POST', '/api/v1/payments', {
      billCode: 'EVNHN2611004567',
      provider: 'sandbox-bank',
    });
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
    const bill = await json<{ paid: boolean }>(an, 'GET', '/api/v1/bills/EVNHN2611004567');
    expect(bill.body.paid).toBe(true);
    const credits = await db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM payment_events WHERE order_id = $1 AND event = 'succeed'`,
      [order.body.id],
    );
    expect(credits[0]?.count).toBe(1);
  });

  it('expire orders after their time; money arriving later is recorded and flagged for a refund', async () => {
    const order = await json<Started>(an, 'POST', '/api/v1/payments', {
      billCode: 'THADS2611001357',
      provider: 'sandbox-bank',
    });
    const reference = await referenceOf(order.body.id);
    expect(await later(89, () => modules.payments.outcomes.expireDue())).toBe(0);
    expect(await later(91, () => modules.payments.outcomes.expireDue())).toBe(1);
    const late = await later(91, () =>
      callback({
        eventId: `${reference}:succeeded`,
        reference,
        outcome: 'succeeded',
        amount: 300_000,
        currency: 'VND',
        at: now.toISOString(),
      }),
    );
    expect(await late.json()).toEqual({ outcome: 'paid_after_expiry' });
    const state = (await json<Payment>(an, 'GET', `/api/v1/payments/${order.body.id}`)).body;
    expect(state).toMatchObject({
      status: 'expired',
      failureCode: 'expired',
      flag: 'paid_after_expiry',
    });
  });
});

describe('refunds', () => {
  it('are made by an approver of the agency paid, never beyond what is left', async () => {
    const code = await dossierWithFee(10_000);
    const order = await json<Started>(an, 'POST', '/api/v1/payments', {
      dossierCode: code,
      provider: 'sandbox-bank',
    });
    await confirmAtBank(await referenceOf(order.body.id), '9704000000000018');
    const refund = (cookie: string, amount: number) =>
      officerCall<Payment & { errors?: { field: string }[] }>(
        cookie,
        'POST',
        `/api/v1/payments/${order.body.id}/refunds`,
        {
          amount,
          reason: 'Thu thừa số bản sao',
        },
      );
    expect((await refund(receiver, 4_000)).status).toBe(404);
    const part = await refund(approver, 4_000);
    expect(part.body).toMatchObject({ status: 'partially_refunded', refundedAmount: 4_000 });
    const tooMuch = await refund(approver, 6_001);
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.errors?.map((e) => e.field)).toEqual(['amount']);
    const rest = await refund(approver, 6_000);
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

describe('obligations by code and VietQR', () => {
  it('finds an obligation and gives a transfer code an independent decoder reads back', async () => {
    const fine = await json<{ kind: string; amount: number; paid: boolean }>(
      an,
      'GET',
      '/api/v1/bills/vphc2611000123',
    );
    expect(fine.body).toMatchObject({ kind: 'fine', amount: 5_000_000, paid: false });
    expect((await json(an, 'GET', '/api/v1/bills/KHONGCO123')).status).toBe(404);
    const order = await json<Started>(an, 'POST', '/api/v1/payments', {
      billCode: 'VPHC2611000123',
      provider: 'vietqr',
    });
    expect(order.status).toBe(201);
    const decoded = new QRPay(order.body.qr!.payload);
    expect(decoded.isValid).toBe(true);
    expect(decoded.consumer.bankBin).toBe('970415');
    expect(decoded.amount).toBe('5000000');
    expect(decoded.additionalData.purpose).toBe(order.body.number);
    expect(order.body.qr!.image).toMatch(/^data:image\/png;base64,/);
    const page = await (await an.request(`/payments/${order.body.id}`)).text();
    expect(page).toContain('Chuyển khoản bằng mã VietQR');
    expect(
      (
        await json(an, 'POST', '/api/v1/payments', {
          billCode: 'VPHC2611000123',
          provider: 'paypal',
        })
      ).status,
    ).toBe(422);
  });
});

describe('reconciliation', () => {
  it('confirms VietQR transfers from the statement, compares each provider’s day, and totals per agency', async () => {
    const order = await json<Started>(an, 'POST', '/api/v1/payments', {
      billCode: 'BHXH2611002468',
      provider: 'vietqr',
    });
    const treasurer = await sessionCookie(
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
    expect(await imported.json()).toEqual({ lines: 2, added: 2, applied: 1 });
    expect((await json<Payment>(an, 'GET', `/api/v1/payments/${order.body.id}`)).body.status).toBe(
      'succeeded',
    );
    // The same statement again adds nothing and credits nothing.
    expect(await (await importStatement(treasurer)).json()).toEqual({
      lines: 2,
      added: 0,
      applied: 0,
    });

    // The electricity bill was paid by a callback the bank's own books do not show.
    const runs = await officerCall<{ runs: { provider: string; mismatches: number }[] }>(
      treasurer,
      'POST',
      '/api/v1/payments/reconciliations',
      { day: '2026-11-24' },
    );
    expect(runs.body.runs).toEqual([
      expect.objectContaining({ provider: 'sandbox-bank', mismatches: 1 }),
      expect.objectContaining({ provider: 'vietqr', matched: 1, mismatches: 0 }),
    ]);
    const power = await sessionCookie(
      db,
      await officerWithRoles(db, 'Phan Văn Lực', '000.00.04.G07', ['approver']),
      now,
    );
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

describe('a bank that does not answer', () => {
  it('leaves the order pending, then it expires and can be paid again', async () => {
    const code = await dossierWithFee();
    const order = await json<Started>(an, 'POST', '/api/v1/payments', {
      dossierCode: code,
      provider: 'sandbox-bank',
    });
    const back = await confirmAtBank(await referenceOf(order.body.id), '9704000000000034');
    expect(back.status).toBe(303);
    expect(
      (await json<Payment>(an, 'GET', `/api/v1/payments/${order.body.id}`)).body,
    ).toMatchObject({ status: 'pending', finished: false });
    await later(91, () => modules.payments.outcomes.expireDue());
    expect(
      (await json<Payment>(an, 'GET', `/api/v1/payments/${order.body.id}`)).body,
    ).toMatchObject({ status: 'expired', failureCode: 'expired', finished: true });
    const again = await json<Started>(an, 'POST', '/api/v1/payments', {
      dossierCode: code,
      provider: 'sandbox-bank',
    });
    expect(again.status).toBe(201);
  });
});
