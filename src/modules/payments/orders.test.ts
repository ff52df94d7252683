import { beforeAll, describe, expect, it } from 'vitest';
import { QRPay } from 'vietnam-qr-pay';
import {
  an,
  base,
  callback,
  confirmAtBank,
  db,
  dossierWithFee,
  json,
  later,
  modules,
  now,
  officerCall,
  referenceOf,
  startOrder,
  startWorld,
  type Payment,
} from './flows-world.js';
import { officerWithRoles, sessionCookie } from '../../../test/sessions.js';

beforeAll(startWorld);

describe('fees due on filing', () => {
  const justice = '000.00.01.H01';
  // The judicial record certificate asked for, its fee due from filing.
  let code: string;

  it('are asked when the procedure says so', async () => {
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
    ({ code } = (
      await json<{ code: string }>(an, 'POST', `/api/v1/dossiers/${draft.body.id}/submit`)
    ).body);
    const dossier = await json<{ status: number }>(an, 'GET', `/api/v1/dossiers/${code}`);
    expect(dossier.body.status).toBe(1);
    const page = await (await an.request(`/dossiers/${encodeURIComponent(code)}`)).text();
    expect(page).toContain('Nộp 200.000 ₫ trực tuyến');
  });

  it('wait one at a time: a second is neither taken nor offered', async () => {
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
  });

  it('are paid online, and then nothing is due', async () => {
    const order = await startOrder({ dossierCode: code, provider: 'sandbox-bank' });
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

// Before any other order is left open: the job's count is this test's order alone.
describe('orders that run out of time', () => {
  it('expire after their time; money arriving later is recorded and flagged for a refund', async () => {
    const order = await startOrder({ billCode: 'THADS26ANHZBY6V', provider: 'sandbox-bank' });
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

  it('leaves the order pending, then it expires and can be paid again', async () => {
    const code = await dossierWithFee();
    const order = await startOrder({ dossierCode: code, provider: 'sandbox-bank' });
    const back = await confirmAtBank(await referenceOf(order.body.id), '9704000000000034');
    expect(back.status).toBe(303);
    expect(
      (await json<Payment>(an, 'GET', `/api/v1/payments/${order.body.id}`)).body,
    ).toMatchObject({ status: 'pending', finished: false });
    await later(91, () => modules.payments.outcomes.expireDue());
    expect(
      (await json<Payment>(an, 'GET', `/api/v1/payments/${order.body.id}`)).body,
    ).toMatchObject({ status: 'expired', failureCode: 'expired', finished: true });
    const again = await startOrder({ dossierCode: code, provider: 'sandbox-bank' });
    expect(again.status).toBe(201);
  });
});

describe('obligations by code and VietQR', () => {
  it('finds an obligation and gives a transfer code an independent decoder reads back', async () => {
    const fine = await json<{ kind: string; amount: number; paid: boolean }>(
      an,
      'GET',
      '/api/v1/bills/vphc26navaumf6',
    );
    expect(fine.body).toMatchObject({ kind: 'fine', amount: 5_000_000, paid: false });
    expect((await json(an, 'GET', '/api/v1/bills/KHONGCO123')).status).toBe(404);
    const order = await startOrder({ billCode: 'VPHC26NAVAUMF6', provider: 'vietqr' });
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
          billCode: 'VPHC26NAVAUMF6',
          provider: 'paypal',
        })
      ).status,
    ).toBe(422);
  });
});
