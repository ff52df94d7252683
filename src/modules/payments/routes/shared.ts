import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../../../platform/errors.js';
import { assertFormToken } from '../../../platform/forms.js';
import type { CatalogService } from '../../catalog/index.js';
import { applicantFor } from '../../dossiers/index.js';
import { actorOf, type IdentityService } from '../../identity/index.js';
import { HTTP } from '../http-status.js';
import type { OutcomeService } from '../outcomes.js';
import type { ProviderRegistry } from '../providers.js';
import type { ReceiptService } from '../receipts.js';
import type { ReconciliationService } from '../reconciliation.js';
import type { RefundService } from '../refunds.js';
import type { SandboxBank } from '../sandbox-bank.js';
import type { OrderRow, Payer, PaymentService } from '../service.js';
import { PAYMENT_STATUSES } from '../states.js';
import type { VietQrProvider } from '../vietqr-provider.js';

/** What the payments routes and pages are given (each plugin takes what it needs). */
export interface PaymentsRouteDeps {
  orders: PaymentService;
  outcomes: OutcomeService;
  refunds: RefundService;
  receipts: ReceiptService;
  reconciliation: ReconciliationService;
  identity: IdentityService;
  catalog: CatalogService;
  providers: ProviderRegistry;
  sandboxBank: SandboxBank | undefined;
  vietQr: VietQrProvider | undefined;
}

export const tags = ['payments'];

/**
 * Obligations looked up by code (API and page), per client, as the dossier lookup has it:
 * codes of other people's obligations cannot be tried in bulk.
 */
export const BILL_LOOKUP_LIMIT = { max: 10, timeWindow: '1 minute' };

export const Item = Type.Object({ name: Type.String(), amount: Type.Integer() });

export const Payment = Type.Object({
  id: Type.String(),
  number: Type.String({
    description: 'TT + day + 8 random characters: the code banks show (transfer content)',
  }),
  status: Type.String({ description: PAYMENT_STATUSES.join(', ') }),
  finished: Type.Boolean(),
  failureCode: Type.Union([Type.String(), Type.Null()]),
  subject: Type.String(),
  billCode: Type.Union([Type.String(), Type.Null()]),
  payeeAgencyCode: Type.String(),
  description: Type.String(),
  items: Type.Array(Item),
  amount: Type.Integer({ description: 'whole đồng' }),
  refundedAmount: Type.Integer(),
  version: Type.Integer({
    description: 'changes with every change of the payment; a refund sends back the one it saw',
  }),
  currency: Type.Literal('VND'),
  provider: Type.String(),
  flag: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  expiresAt: Type.String(),
  paidAt: Type.Union([Type.String(), Type.Null()]),
  receipt: Type.Union([Type.String(), Type.Null()]),
});

export const paymentDto = (order: OrderRow, hasReceipt: boolean) => ({
  id: order.id,
  number: order.number,
  status: order.status,
  finished: order.finished,
  failureCode: order.failure_code,
  subject: order.subject,
  billCode: order.bill_code,
  payeeAgencyCode: order.payee_agency_code,
  description: order.description,
  items: order.items,
  amount: order.amount,
  refundedAmount: order.refunded_amount,
  version: order.version,
  currency: 'VND' as const,
  provider: order.provider,
  flag: order.flag,
  createdAt: order.created_at.toISOString(),
  expiresAt: order.expires_at.toISOString(),
  paidAt: order.paid_at?.toISOString() ?? null,
  receipt: hasReceipt ? `/api/v1/payments/${order.id}/receipt.pdf` : null,
});

/** A form's fields or a page's query, as they come. */
export type Query = Record<string, string | undefined>;
export const LooseQuery = Type.Record(Type.String(), Type.String());

const payers = new WeakMap<FastifyRequest, Payer>();

/**
 * A preHandler for routes whose caller pays (they state `access: 'citizen'`): who pays, for
 * themselves or the business they act for; `payerOf` reads it in the handler.
 */
export function requirePayer(identity: IdentityService) {
  return async (request: FastifyRequest) => {
    const who = await applicantFor(identity, request.session!, request.locale);
    if (!who) throw new ProblemError(HTTP.forbidden, 'not_applicant', 'errors.notApplicant');
    payers.set(request, {
      accountId: who.accountId,
      ownerId: who.ownerId,
      name: who.name,
      actor: { ...actorOf(request), idNumber: who.idNumber },
    });
  };
}

export function payerOf(request: FastifyRequest): Payer {
  const payer = payers.get(request);
  if (!payer) throw new Error(`${request.routeOptions.url} has no requirePayer`);
  return payer;
}

/** A preHandler for pages' forms: a POST carries the session's token. */
export async function checkFormToken(request: FastifyRequest) {
  if (request.method === 'POST') {
    assertFormToken(request.viewer?.csrfToken, (request.body as Query | undefined)?.csrf);
  }
}
