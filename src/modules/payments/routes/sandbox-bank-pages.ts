import { h } from 'preact';
import { notFound } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import { HTTP } from '../http-status.js';
import { SANDBOX_ACCOUNTS, type SandboxBank } from '../sandbox-bank.js';
import { SandboxBankPage } from '../sandbox-bank.page.js';
import { LooseQuery, type Query } from './shared.js';

/**
 * The sandbox bank's hosted page, where it runs (development stand-ins): public, as a bank's
 * page would be; the payer picks a test account, or cancels.
 */
export async function sandboxBankPageRoutes(app: App, { bank }: { bank: SandboxBank }) {
  app.get<{ Params: { reference: string } }>(
    '/sandbox-bank/pay/:reference',
    { schema: { hide: true } },
    async (request, reply) => {
      const payment = await bank.payment(request.params.reference);
      if (!payment) throw notFound();
      return reply.page(
        h(SandboxBankPage, {
          reference: payment.reference,
          orderNumber: payment.order_number,
          amount: payment.amount,
          open: payment.status === 'open',
          accounts: [...SANDBOX_ACCOUNTS],
        }),
      );
    },
  );

  app.post<{ Params: { reference: string }; Body: Query }>(
    '/sandbox-bank/pay/:reference',
    // Single texts: a post with no fields, or a name twice, is a 400 rather than a crash.
    { schema: { hide: true, body: LooseQuery } },
    async (request, reply) => {
      const account = request.body.action === 'cancel' ? null : (request.body.account ?? '');
      const back = await bank.confirm(request.params.reference, account);
      if (!back) throw notFound();
      return reply.redirect(back, HTTP.seeOther);
    },
  );
}
