import { beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../platform/i18n/index.js';
import {
  approver,
  base,
  confirmAtBank,
  dossierWithFee,
  referenceOf,
  startOrder,
  startWorld,
} from './flows-world.js';

// The officers' money page: a refused refund comes back as typed, and says why beside the field.
beforeAll(startWorld);

const t = translator('vi');

/** A payment of that much, paid at the sandbox bank: its order's id. */
async function paid(amount: number): Promise<string> {
  const order = await startOrder({
    dossierCode: await dossierWithFee(amount),
    provider: 'sandbox-bank',
  });
  await confirmAtBank(await referenceOf(order.body.id), '9704000000000018');
  return order.body.id;
}

const page = async () =>
  (
    await fetch(`${base}/backoffice/payments`, {
      headers: { cookie: approver, accept: 'text/html' },
    })
  ).text();

/** The refund form of one payment on the page, as its markup. */
const formOf = (html: string, id: string) =>
  new RegExp(`<form[^>]*action="/backoffice/payments/${id}/refunds"[\\s\\S]*?</form>`).exec(
    html,
  )?.[0] ?? '';

/** The input named so in a form, as its markup. */
const inputOf = (form: string, name: string) =>
  new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(form)?.[0] ?? '';

/** Sends a refund as the page's form of that payment does, with what the officer typed. */
async function refund(id: string, typed: { amount: string; reason: string }) {
  const form = formOf(await page(), id);
  const value = (name: string) => /value="([^"]*)"/.exec(inputOf(form, name))![1]!;
  return fetch(`${base}/backoffice/payments/${id}/refunds`, {
    method: 'POST',
    headers: {
      cookie: approver,
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ csrf: value('csrf'), version: value('version'), ...typed }),
  });
}

describe('a refused refund on the money page', () => {
  it('keeps the amount and reason typed, says beside the amount what is wrong, and leaves the other forms alone', async () => {
    const first = await paid(10_000);
    const other = await paid(7_000);
    const before = formOf(await page(), other);
    expect(before).toContain('value="7000"');

    const response = await refund(first, { amount: 'abc', reason: 'Thu thừa' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('class="error-summary"');
    const form = formOf(html, first);
    const amount = inputOf(form, 'amount');
    expect(amount).toContain('value="abc"');
    expect(amount).toContain('aria-invalid="true"');
    expect(amount).toContain(`aria-describedby="refund-${first}-amount-error"`);
    expect(form).toContain(
      `<p id="refund-${first}-amount-error" class="field-error">${t('payments.error.refundAmount')}</p>`,
    );
    const reason = inputOf(form, 'reason');
    expect(reason).toContain('value="Thu thừa"');
    expect(reason).not.toContain('aria-invalid');
    // The other payment's form is as it was: its whole remainder, no reason, no error.
    expect(formOf(html, other)).toBe(before);
    expect(formOf(html, other)).not.toContain('field-error');
  });

  it('without a reason: the amount stays as typed and the reason says it is needed', async () => {
    const id = await paid(10_000);
    for (const amount of ['0', '-5', '20.000']) {
      const refused = await refund(id, { amount, reason: 'Thu thừa' });
      expect(refused.status).toBe(422);
      expect(inputOf(formOf(await refused.text(), id), 'amount')).toContain(`value="${amount}"`);
    }
    const response = await refund(id, { amount: '3.000', reason: '' });
    expect(response.status).toBe(422);
    const form = formOf(await response.text(), id);
    expect(inputOf(form, 'amount')).toContain('value="3.000"');
    expect(inputOf(form, 'amount')).not.toContain('aria-invalid');
    const reason = inputOf(form, 'reason');
    expect(reason).toContain('aria-invalid="true"');
    expect(reason).toContain(`aria-describedby="refund-${id}-reason-error"`);
    expect(form).toContain(`id="refund-${id}-reason-error" class="field-error"`);
    expect(form).toContain(t('errors.field.required'));
  });
});

describe('the daily totals', () => {
  it('are headed once, and no two regions of the page share a name', async () => {
    const html = await page();
    expect(html.split(t('payments.officer.totals'))).toHaveLength(2);
    const names = [...html.matchAll(/<(?:section|div)[^>]*aria-labelledby="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(new Set(names).size).toBe(names.length);
  });
});
