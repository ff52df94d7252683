import { describe, expect, it } from 'vitest';
import { QRPay } from 'vietnam-qr-pay';
import {
  INITIAL_STATUS,
  PAYMENT_STATUSES,
  isFinished,
  mayRetry,
  nextStatus,
  refundEvent,
  type PaymentEvent,
  type PaymentStatus,
} from './states.js';
import { crc16, vietQrPayload } from './vietqr.js';
import { signatureHeader, verifySignature } from './signatures.js';
import { amountInWords } from './words.js';
import { compareWithReport, totalsCsv } from './reconciliation.js';

const EVENTS: PaymentEvent[] = ['succeed', 'fail', 'expire', 'refund_part', 'refund_rest'];

describe('the payment state graph', () => {
  const expected: Record<PaymentStatus, Partial<Record<PaymentEvent, PaymentStatus>>> = {
    pending: { succeed: 'succeeded', fail: 'failed', expire: 'expired' },
    succeeded: { refund_part: 'partially_refunded', refund_rest: 'refunded' },
    partially_refunded: { refund_part: 'partially_refunded', refund_rest: 'refunded' },
    failed: {},
    expired: {},
    refunded: {},
  };

  it('allows exactly its edges from every state and refuses every other', () => {
    for (const from of PAYMENT_STATUSES) {
      for (const event of EVENTS) {
        expect(nextStatus(from, event), `${from} ${event}`).toBe(expected[from][event] ?? null);
      }
    }
  });

  it('has no state that nothing reaches or that leads nowhere it should', () => {
    // Every state but the one orders are recorded in is the end of some edge.
    const reached = new Set<PaymentStatus>([INITIAL_STATUS]);
    for (const from of PAYMENT_STATUSES) {
      for (const event of EVENTS) {
        const to = nextStatus(from, event);
        if (to) reached.add(to);
      }
    }
    expect([...reached].sort()).toEqual([...PAYMENT_STATUSES].sort());
    // Every event moves some order.
    expect(EVENTS.filter((e) => PAYMENT_STATUSES.every((s) => !nextStatus(s, e)))).toEqual([]);
  });

  it('is finished once decided, and offers another try only after a failure or expiry', () => {
    expect(PAYMENT_STATUSES.filter((s) => !isFinished(s))).toEqual([INITIAL_STATUS]);
    expect(PAYMENT_STATUSES.filter(mayRetry)).toEqual(['failed', 'expired']);
  });

  it('refunds only what is left of a payment', () => {
    expect(refundEvent(200_000, 0, 50_000)).toBe('refund_part');
    expect(refundEvent(200_000, 50_000, 150_000)).toBe('refund_rest');
    expect(refundEvent(200_000, 50_000, 150_001)).toEqual({ refused: 'exceeds_remaining' });
    expect(refundEvent(200_000, 0, 0)).toEqual({ refused: 'invalid_amount' });
    expect(refundEvent(200_000, 0, 1.5)).toEqual({ refused: 'invalid_amount' });
  });
});

describe('VietQR payloads', () => {
  it('decode with an independent decoder to the same bank, account, amount and purpose', () => {
    const payload = vietQrPayload({
      bankBin: '970436',
      account: '0011001234567',
      amount: 200_000,
      purpose: 'MC TT2611240001',
    });
    const decoded = new QRPay(payload);
    // isValid: the decoder recomputed the CRC and found it matching.
    expect(decoded.isValid).toBe(true);
    expect(decoded.crc).toBe(payload.slice(-4));
    expect(decoded.provider.guid).toBe('A000000727');
    expect(decoded.consumer.bankBin).toBe('970436');
    expect(decoded.consumer.bankNumber).toBe('0011001234567');
    expect(decoded.amount).toBe('200000');
    expect(decoded.additionalData.purpose).toBe('MC TT2611240001');
    expect(decoded.currency).toBe('704');
    expect(decoded.nation).toBe('VN');
    // The checksum is over everything before it, "6304" included.
    expect(payload.slice(-4)).toBe(crc16(payload.slice(0, -4)));
    expect(crc16('123456789')).toBe('29B1');
  });

  it('refuses what a bank app could not read', () => {
    const good = { bankBin: '970436', account: '0011001234567', amount: 1, purpose: 'MC' };
    expect(() => vietQrPayload({ ...good, bankBin: '97043' })).toThrow();
    expect(() => vietQrPayload({ ...good, amount: 0 })).toThrow();
    expect(() => vietQrPayload({ ...good, purpose: 'Lệ phí' })).toThrow();
  });
});

describe('callback signatures', () => {
  const body = JSON.stringify({ event: 'payment.succeeded', reference: 'SB-1', amount: 200000 });
  const now = new Date('2026-11-24T02:00:00Z');

  it('accept the primary or the secondary key, and refuse forged, replayed-late and malformed ones', () => {
    const primary = 'k-primary';
    const secondary = 'k-secondary';
    expect(
      verifySignature(body, signatureHeader(body, primary, now), [primary, secondary], now),
    ).toBe('valid');
    // During a rotation the provider may still sign with the other key.
    expect(
      verifySignature(body, signatureHeader(body, secondary, now), [primary, secondary], now),
    ).toBe('valid');
    expect(
      verifySignature(body, signatureHeader(body, 'someone-else', now), [primary, secondary], now),
    ).toBe('forged');
    expect(verifySignature(`${body} `, signatureHeader(body, primary, now), [primary], now)).toBe(
      'forged',
    );
    const old = signatureHeader(body, primary, new Date(now.getTime() - 10 * 60_000));
    expect(verifySignature(body, old, [primary], now)).toBe('stale');
    // Moving the timestamp forward breaks the signature: the time is signed too.
    const moved = old.replace(/t=\d+/, `t=${Math.floor(now.getTime() / 1000)}`);
    expect(verifySignature(body, moved, [primary], now)).toBe('forged');
    expect(verifySignature(body, undefined, [primary], now)).toBe('malformed');
    expect(verifySignature(body, 't=1,v1=zz', [primary], now)).toBe('malformed');
  });
});

describe('amounts in words', () => {
  it('reads amounts as Vietnamese receipts write them', () => {
    expect(amountInWords(0)).toBe('Không đồng');
    expect(amountInWords(15_000)).toBe('Mười lăm nghìn đồng');
    expect(amountInWords(200_000)).toBe('Hai trăm nghìn đồng');
    expect(amountInWords(1_250_000)).toBe('Một triệu hai trăm năm mươi nghìn đồng');
    expect(amountInWords(1_005_000)).toBe('Một triệu không trăm linh năm nghìn đồng');
    expect(amountInWords(21_000)).toBe('Hai mươi mốt nghìn đồng');
    expect(amountInWords(24_500)).toBe('Hai mươi tư nghìn năm trăm đồng');
    expect(amountInWords(3_000_000_105)).toBe('Ba tỷ một trăm linh năm đồng');
    expect(amountInWords(3_000_000_005)).toBe('Ba tỷ không trăm linh năm đồng');
  });
});

describe('comparing a day with a provider’s report', () => {
  it('names what one side has and the other does not, and what differs', () => {
    const at = new Date('2026-11-24T03:00:00Z');
    const result = compareWithReport(
      [
        { reference: 'A', orderId: 'o-a', agencyCode: 'X', paid: 200_000, refunded: 0 },
        { reference: 'B', orderId: 'o-b', agencyCode: 'X', paid: 100_000, refunded: 0 },
        { reference: 'C', orderId: 'o-c', agencyCode: 'X', paid: 50_000, refunded: 20_000 },
        { reference: 'D', orderId: 'o-d', agencyCode: 'X', paid: 10_000, refunded: 0 },
      ],
      [
        { reference: 'A', amount: 200_000, kind: 'payment', at },
        { reference: 'C', amount: 50_000, kind: 'payment', at },
        { reference: 'C', amount: 10_000, kind: 'refund', at },
        { reference: 'D', amount: 9_000, kind: 'payment', at },
        { reference: 'E', amount: 70_000, kind: 'payment', at },
      ],
    );
    expect(result.matched).toBe(1);
    expect(
      result.mismatches.map((m) => [m.kind, m.reference, m.portalAmount, m.providerAmount]),
    ).toEqual([
      ['missing_at_provider', 'B', 100_000, 0],
      ['refund_differs', 'C', 20_000, 10_000],
      ['amount_differs', 'D', 10_000, 9_000],
      ['missing_in_portal', 'E', 0, 70_000],
    ]);
  });

  it('writes totals a spreadsheet opens, quoting what needs it', () => {
    const csv = totalsCsv([
      {
        day: '2026-11-24',
        agencyCode: '001.00.50.H01',
        agencyName: 'Ủy ban nhân dân phường Ba Đình, "Hà Nội"',
        payments: 2,
        collected: 4_000,
        refunded: 0,
      },
    ]);
    expect(csv.split('\r\n')[1]).toBe(
      '2026-11-24,001.00.50.H01,"Ủy ban nhân dân phường Ba Đình, ""Hà Nội""",2,4000,0',
    );
  });
});
