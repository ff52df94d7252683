import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/db.js';
import { invalidFields, notFound, ProblemError } from '../../platform/errors.js';
import { earlierAnswer, once, type IdempotencyClaim } from '../../platform/idempotency.js';
import { translator } from '../../platform/i18n/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { DossierFees } from '../dossiers/index.js';
import type { Actor } from '../identity/index.js';
import { billSeenBy } from './bills.js';
import { HTTP } from './http-status.js';
import type { Bill, BillIssuer } from './issuers.js';
import type { PaymentProvider, ProviderRegistry } from './providers.js';
import type { NewOrder, OrderRow, PaymentRepository } from './repository.js';
import { INITIAL_STATUS, type PaymentStatus } from './states.js';
import { isUuid } from '../../platform/ids.js';

export type { OrderRow } from './repository.js';

/** Who pays: the person signed in, for themselves or their business (whose receipt it is). */
export interface Payer {
  accountId: string;
  /** The account the order and its receipt belong to (the person's, or their business's). */
  ownerId: string;
  name: string;
  /** The caller, with the owner's ID number: whose obligations they may read in full. */
  actor: Actor;
}

/** What an order is asked for: a dossier's fee or an obligation, and the provider. */
export interface OrderRequest {
  dossierCode?: string | undefined;
  billCode?: string | undefined;
  provider: string;
}

/** What an answer to a created order carries (stored for Idempotency-Key replays). */
export interface StartedOrder {
  id: string;
  number: string;
  status: PaymentStatus;
  amount: number;
  redirectUrl?: string | undefined;
  qr?: { payload: string; image: string } | undefined;
}

/** What an order is for, checked to be owed. */
type Subject = Pick<
  NewOrder,
  | 'subject'
  | 'dossierFeeId'
  | 'billCode'
  | 'billKind'
  | 'payerName'
  | 'payeeAgencyCode'
  | 'description'
  | 'items'
  | 'amount'
>;

const billSubject = (bill: Bill): Subject => ({
  subject: 'bill',
  dossierFeeId: null,
  billCode: bill.code,
  billKind: bill.kind,
  payerName: bill.payerName,
  payeeAgencyCode: bill.payeeAgencyCode,
  description: bill.description,
  items: bill.items,
  amount: bill.amount,
});

/**
 * Payment orders: created for a dossier's fee or an obligation found by code, started at a
 * provider, and read by their payer and the agencies paid. What happens to them afterwards
 * is the provider's to say (OutcomeService) or a refund (RefundService).
 */
export class PaymentService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly deps: {
      repository: PaymentRepository;
      providers: ProviderRegistry;
      issuer: BillIssuer;
      catalog: CatalogService;
      publicUrl: string;
      ttlMinutes: number;
      /** Dossiers' fees: what is owed. */
      fees: DossierFees;
    },
  ) {}

  async order(id: string): Promise<OrderRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.deps.repository.find(id);
  }

  /** An order of the payer's own; anyone else's is not found. */
  async own(payer: Payer, id: string): Promise<OrderRow> {
    const row = await this.order(id);
    if (!row || row.payer_account_id !== payer.ownerId) throw notFound('errors.paymentNotFound');
    return row;
  }

  async bill(code: string) {
    const bill = await this.deps.issuer.find(code);
    if (!bill) throw notFound('errors.billNotFound');
    return bill;
  }

  /** An obligation still to pay (409 once paid). */
  async unpaidBill(code: string) {
    const bill = await this.bill(code);
    if (bill.paid) throw new ProblemError(HTTP.conflict, 'already_paid', 'errors.alreadyPaid');
    return bill;
  }

  /** The fee one of the payer's dossiers waits for, for the pay page. */
  async dossierFee(payer: Payer, code: string) {
    const subject = await this.feeSubject(payer, code);
    return { ...subject, code, agencyCode: subject.payeeAgencyCode };
  }

  /** Where to try again after a failed or expired payment: the same subject, if still owed. */
  async retryLink(order: OrderRow): Promise<string | null> {
    if (order.bill_code) return `/payments/new?bill=${encodeURIComponent(order.bill_code)}`;
    if (!order.dossier_fee_id) return null;
    const code = await this.deps.fees.owedDossierCode(order.dossier_fee_id);
    return code ? `/payments/new?dossier=${encodeURIComponent(code)}` : null;
  }

  /** The orders made for these fees, oldest first (the officers' view of a dossier). */
  ordersForFees(feeIds: string[]) {
    return this.deps.repository.ordersForFees(feeIds);
  }

  /** The agencies' payments that came in, latest first, for their officers. */
  recentPaid(agencies: string[], limit: number) {
    return this.deps.repository.recentPaid(agencies, limit);
  }

  /** The providers an agency takes payments through, for the pay page. */
  providersFor(agencyCode: string) {
    return this.deps.providers.forAgency(agencyCode);
  }

  /**
   * Creates an order and starts it at the provider. Idempotent with a key (the same key and
   * body answer the first order; another body is 409). The subject must still be owed.
   */
  async create(payer: Payer, input: OrderRequest, idempotencyKey?: string): Promise<StartedOrder> {
    const claim: IdempotencyClaim | null = idempotencyKey
      ? {
          accountId: payer.accountId,
          key: idempotencyKey,
          scope: 'POST /api/v1/payments',
          body: input,
          now: this.clock.now(),
        }
      : null;
    const earlier = claim ? await earlierAnswer<StartedOrder>(this.db, claim) : null;
    if (earlier) return earlier;

    const subject = await this.subjectOf(payer, input);
    const provider = await this.providerOf(subject.payeeAgencyCode, input.provider);
    // The provider is an outside system: it is called before the transaction that records
    // the order (a lost idempotency race leaves only an unused session at the provider).
    const { order, started } = await this.start(payer, subject, provider);
    const answer: StartedOrder = {
      id: order.id,
      number: order.number,
      status: INITIAL_STATUS,
      amount: order.amount,
      ...(started.redirectUrl ? { redirectUrl: started.redirectUrl } : {}),
      ...(started.qr ? { qr: started.qr } : {}),
    };
    const record = async (tx: Queryable) => {
      await this.deps.repository.insert(tx, order, payer.accountId);
      return answer;
    };
    return this.db.transaction((tx) => (claim ? once(tx, claim, () => record(tx)) : record(tx)));
  }

  /** Numbers the order and starts it at the provider: what to record, and where to pay. */
  private async start(payer: Payer, subject: Subject, provider: PaymentProvider) {
    const now = this.clock.now();
    const id = randomUUID();
    const number = await this.deps.repository.nextNumber(now);
    const expiresAt = new Date(now.getTime() + this.deps.ttlMinutes * 60_000);
    const started = await provider.start({
      id,
      number,
      amount: subject.amount,
      description: subject.description,
      payerName: payer.name,
      returnUrl: `${this.deps.publicUrl}/payments/${id}/return`,
      expiresAt,
    });
    const order: NewOrder = {
      ...subject,
      id,
      number,
      ownerId: payer.ownerId,
      provider: provider.code,
      providerRef: started.reference,
      createdAt: now,
      expiresAt,
    };
    return { order, started };
  }

  /** The provider asked for, if the agency paid takes it (422 otherwise). */
  private async providerOf(agencyCode: string, code: string): Promise<PaymentProvider> {
    const provider = (await this.deps.providers.forAgency(agencyCode)).find((p) => p.code === code);
    if (provider) return provider;
    throw invalidFields('provider_unavailable', [
      { field: 'provider', messageKey: 'payments.error.provider' },
    ]);
  }

  /** What an order is for, checked: the dossier's open fee, or an unpaid obligation. */
  private async subjectOf(payer: Payer, input: OrderRequest): Promise<Subject> {
    if (Boolean(input.dossierCode) === Boolean(input.billCode)) {
      throw invalidFields('subject_required', [
        { field: 'dossierCode', messageKey: 'payments.error.subject' },
      ]);
    }
    // Another's obligation is paid as it is seen: the order (and its receipt) says what is
    // owed, not the case behind it. Kept with the order in Vietnamese, as receipts print it.
    if (input.billCode) {
      return billSubject(billSeenBy(payer.actor, await this.unpaidBill(input.billCode), 'vi'));
    }
    return this.feeSubject(payer, input.dossierCode!);
  }

  /** The open fee of one of the payer's dossiers (409 when none is due). */
  private async feeSubject(payer: Payer, dossierCode: string): Promise<Subject> {
    const { dossier, fee } = await this.deps.fees.owed(payer.ownerId, dossierCode);
    if (!fee) throw new ProblemError(HTTP.conflict, 'no_fee_due', 'errors.noFeeDue');
    const procedure = await this.deps.catalog.getProcedure(dossier.procedure_code);
    return {
      subject: 'dossier_fee',
      dossierFeeId: fee.id,
      billCode: null,
      billKind: null,
      payerName: dossier.applicant_name ?? payer.name,
      payeeAgencyCode: dossier.agency_code,
      // Kept with the order as receipts print it: in Vietnamese.
      description: translator('vi')('payments.feeDescription', {
        procedure: procedure.name,
        code: dossier.code!,
      }),
      items: fee.items,
      amount: fee.amount,
    };
  }
}
