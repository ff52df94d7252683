import { randomUUID } from 'node:crypto';
import { audit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { vietnamDate } from '../../platform/clock.js';
import type { Database, Queryable, Transaction } from '../../platform/db.js';
import { notFound, ProblemError } from '../../platform/errors.js';
import type { FileStore } from '../../platform/files.js';
import { earlierAnswer, once } from '../../platform/idempotency.js';
import type { CatalogService } from '../catalog/service.js';
import { translator } from '../../platform/i18n/index.js';
import { DossierRepository } from '../dossiers/repository.js';
import type { BillIssuer } from './issuers.js';
import type { CallbackEvent, ProviderRegistry } from './providers.js';
import { receiptPdf } from './receipt.js';
import {
  isPaid,
  nextStatus,
  refundEvent,
  type FailureCode,
  type PaymentEvent,
  type PaymentStatus,
} from './states.js';

export interface OrderRow {
  id: string;
  number: string;
  subject: 'dossier_fee' | 'bill';
  dossier_fee_id: string | null;
  bill_code: string | null;
  bill_kind: string | null;
  payer_account_id: string | null;
  payer_name: string;
  payee_agency_code: string;
  description: string;
  items: { name: string; amount: number }[];
  amount: number;
  currency: string;
  provider: string;
  provider_ref: string | null;
  status: PaymentStatus;
  finished: boolean;
  failure_code: FailureCode | null;
  refunded_amount: number;
  flag: 'paid_after_expiry' | 'amount_mismatch' | 'paid_twice' | null;
  created_at: Date;
  expires_at: Date;
  paid_at: Date | null;
  updated_at: Date;
  version: number;
}

/** Who pays: the person signed in, for themselves or their business (whose receipt it is). */
export interface Payer {
  accountId: string;
  /** The account the order and its receipt belong to (the person's, or their business's). */
  ownerId: string;
  name: string;
}

export type CallbackOutcome =
  | 'applied'
  | 'duplicate'
  | 'amount_mismatch'
  | 'paid_after_expiry'
  | 'paid_twice'
  | 'ignored'
  | 'unknown_order';

// Money is bigint in the database; read as numbers (VND amounts stay far below 2^53).
const ORDER_COLUMNS = `id, number, subject, dossier_fee_id, bill_code, bill_kind, payer_account_id,
  payer_name, payee_agency_code, description, items, amount::float8 AS amount, currency,
  provider, provider_ref, status, finished, failure_code,
  refunded_amount::float8 AS refunded_amount, flag, created_at, expires_at, paid_at,
  updated_at, version`;

/** Thrown inside a callback's transaction to undo it when the event was recorded before. */
class RepeatedEvent extends Error {}

/** An order as locked for a change, with whether its subject is paid by another order. */
type LockedOrder = Pick<
  OrderRow,
  'id' | 'status' | 'amount' | 'dossier_fee_id' | 'bill_code' | 'payer_account_id'
> & { paid_before: boolean };

/** What a provider says happened to a payment. */
type ProviderOutcome =
  | { kind: 'succeeded'; amount: number; currency: string; at: Date }
  | { kind: 'failed'; failureCode: FailureCode };

/** What an answer to a created order carries (stored for Idempotency-Key replays). */
export interface StartedOrder {
  id: string;
  number: string;
  status: PaymentStatus;
  amount: number;
  redirectUrl?: string | undefined;
  qr?: { payload: string; image: string } | undefined;
}

/**
 * Payment orders: created for a dossier's fee or an obligation found by code, started at a
 * provider, moved only along the state graph by what the provider says (callbacks, the
 * return page's query, statement matching), each order's changes serialised by a row lock.
 */
export class PaymentService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly deps: {
      providers: ProviderRegistry;
      issuer: BillIssuer;
      catalog: CatalogService;
      files: FileStore;
      publicUrl: string;
      ttlMinutes: number;
      /** Moves a dossier whose fee is paid on from status 6 (the back office's hook). */
      onFeePaid: (dossierId: string) => Promise<void>;
    },
  ) {}

  async order(id: string): Promise<OrderRow | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const [row] = await this.db.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM payment_orders WHERE id = $1`,
      [id],
    );
    return row;
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

  /** The fee one of the payer's dossiers waits for, for the pay page. */
  async dossierFee(payer: Payer, code: string) {
    const { feeId: _fee, ...subject } = await this.subjectOf(payer, { dossierCode: code });
    return { ...subject, code, agencyCode: subject.payeeAgencyCode };
  }

  /** Where to try again after a failed payment of a fee: the fee, if still owed. */
  async retryLink(order: OrderRow): Promise<string | null> {
    if (!order.dossier_fee_id) return null;
    const [fee] = await this.db.query<{ code: string }>(
      `SELECT d.code FROM dossier_fees f JOIN dossiers d ON d.id = f.dossier_id
       WHERE f.id = $1 AND f.paid_order_id IS NULL`,
      [order.dossier_fee_id],
    );
    return fee ? `/payments/new?dossier=${encodeURIComponent(fee.code)}` : null;
  }

  async hasReceipt(orderId: string): Promise<boolean> {
    const rows = await this.db.query('SELECT 1 FROM payment_receipts WHERE order_id = $1', [
      orderId,
    ]);
    return rows.length > 0;
  }

  /** The fee a dossier waits for, if any. */
  async openFee(dossierId: string) {
    const [fee] = await this.db.query<{
      id: string;
      amount: number;
      items: { name: string; amount: number }[];
    }>(
      `SELECT id, amount::float8 AS amount, items FROM dossier_fees
       WHERE dossier_id = $1 AND paid_order_id IS NULL`,
      [dossierId],
    );
    return fee;
  }

  /**
   * Creates an order and starts it at the provider. Idempotent with a key (the same key and
   * body answer the first order; another body is 409). The subject must still be owed.
   */
  async create(
    payer: Payer,
    input: { dossierCode?: string | undefined; billCode?: string | undefined; provider: string },
    idempotencyKey?: string,
  ): Promise<StartedOrder> {
    const claim = idempotencyKey
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
    const providers = await this.deps.providers.forAgency(subject.payeeAgencyCode);
    const provider = providers.find((p) => p.code === input.provider);
    if (!provider) {
      throw new ProblemError(422, 'provider_unavailable', 'errors.invalidAnswers', { count: 1 }, [
        { field: 'provider', messageKey: 'payments.error.provider' },
      ]);
    }
    const now = this.clock.now();
    const id = randomUUID();
    // The provider is an outside system: it is called before the transaction that records
    // the order (a lost idempotency race leaves only an unused session at the provider).
    const number = await nextOrderNumber(this.db, now);
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
    const create = async (tx: Transaction): Promise<StartedOrder> => {
      await tx.query(
        `INSERT INTO payment_orders (id, number, subject, dossier_fee_id, bill_code, bill_kind,
           payer_account_id, payer_name, payee_agency_code, description, items, amount, provider,
           provider_ref, status, created_at, expires_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'pending', $15, $16, $15)`,
        [
          id,
          number,
          subject.kind,
          subject.feeId,
          subject.billCode,
          subject.billKind,
          payer.ownerId,
          subject.payerName,
          subject.payeeAgencyCode,
          subject.description,
          JSON.stringify(subject.items),
          subject.amount,
          provider.code,
          started.reference,
          now,
          expiresAt,
        ],
      );
      await addEvent(tx, id, now, 'start', 'created', 'pending', payer.accountId, {
        provider: provider.code,
        reference: started.reference,
      });
      return {
        id,
        number,
        status: 'pending',
        amount: subject.amount,
        ...(started.redirectUrl ? { redirectUrl: started.redirectUrl } : {}),
        ...(started.qr ? { qr: started.qr } : {}),
      };
    };
    return this.db.transaction((tx) => (claim ? once(tx, claim, () => create(tx)) : create(tx)));
  }

  /** What an order is for, checked: the dossier's open fee, or an unpaid obligation. */
  private async subjectOf(
    payer: Payer,
    input: { dossierCode?: string | undefined; billCode?: string | undefined },
  ) {
    if (Boolean(input.dossierCode) === Boolean(input.billCode)) {
      throw new ProblemError(422, 'subject_required', 'errors.invalidAnswers', { count: 1 }, [
        { field: 'dossierCode', messageKey: 'payments.error.subject' },
      ]);
    }
    if (input.billCode) {
      const bill = await this.bill(input.billCode);
      if (bill.paid) throw new ProblemError(409, 'already_paid', 'errors.alreadyPaid');
      return {
        kind: 'bill' as const,
        feeId: null,
        billCode: bill.code,
        billKind: bill.kind,
        payerName: bill.payerName,
        payeeAgencyCode: bill.payeeAgencyCode,
        description: bill.description,
        items: bill.items,
        amount: bill.amount,
      };
    }
    const [dossier] = await this.db.query<{
      id: string;
      code: string;
      owner_id: string;
      agency_code: string;
      applicant_name: string | null;
      procedure_code: string;
    }>(
      `SELECT d.id, d.code, d.owner_id, d.agency_code, d.applicant_name, d.procedure_code
       FROM dossiers d WHERE d.code = $1 AND d.owner_id = $2`,
      [input.dossierCode, payer.ownerId],
    );
    if (!dossier) throw notFound('errors.dossierNotFound');
    const fee = await this.openFee(dossier.id);
    if (!fee) throw new ProblemError(409, 'no_fee_due', 'errors.noFeeDue');
    const procedure = await this.deps.catalog.getProcedure(dossier.procedure_code);
    return {
      kind: 'dossier_fee' as const,
      feeId: fee.id,
      billCode: null,
      billKind: null,
      payerName: dossier.applicant_name ?? payer.name,
      payeeAgencyCode: dossier.agency_code,
      // Kept with the order as receipts print it: in Vietnamese.
      description: translator('vi')('payments.feeDescription', {
        procedure: procedure.name,
        code: dossier.code,
      }),
      items: fee.items,
      amount: fee.amount,
    };
  }

  /**
   * Locks an order for applying what a provider says (changes to one order are serialised),
   * with whether another order of the same fee or obligation is paid already (two tabs).
   */
  private async lock(
    tx: Queryable,
    where: { id: string } | { provider: string; reference: string },
  ): Promise<LockedOrder | undefined> {
    const [row] = await tx.query<LockedOrder>(
      `SELECT o.id, o.status, o.amount::float8 AS amount, o.dossier_fee_id, o.bill_code,
         o.payer_account_id,
         -- One equality per subject, so each is an index lookup.
         coalesce(EXISTS (SELECT 1 FROM payment_orders p WHERE p.dossier_fee_id = o.dossier_fee_id
             AND p.id <> o.id AND p.paid_at IS NOT NULL)
           OR EXISTS (SELECT 1 FROM payment_orders p WHERE p.bill_code = o.bill_code
             AND p.id <> o.id AND p.paid_at IS NOT NULL), false) AS paid_before
       FROM payment_orders o
       WHERE ${'id' in where ? 'o.id = $1' : 'o.provider = $1 AND o.provider_ref = $2'}
       FOR UPDATE OF o`,
      'id' in where ? [where.id] : [where.provider, where.reference],
    );
    return row;
  }

  /**
   * Applies what a provider says to a locked order: the graph decides, and money that
   * arrives where it should not (an expired order, a wrong amount, a second payment) is
   * recorded and flagged for an officer, never lost.
   */
  private async apply(
    tx: Queryable,
    locked: LockedOrder,
    outcome: ProviderOutcome,
    source: Record<string, unknown>,
  ): Promise<{ outcome: CallbackOutcome; paidNow: boolean }> {
    const now = this.clock.now();
    if (outcome.kind === 'failed') {
      const to = nextStatus(locked.status, 'fail');
      if (!to) return { outcome: 'ignored', paidNow: false };
      await this.move(tx, locked, 'fail', to, { failure_code: outcome.failureCode }, source);
      return { outcome: 'applied', paidNow: false };
    }
    if (outcome.currency !== 'VND' || outcome.amount !== locked.amount) {
      await this.flag(tx, locked, 'amount_mismatch', { ...source, received: outcome.amount });
      return { outcome: 'amount_mismatch', paidNow: false };
    }
    if (isPaid(locked.status)) return { outcome: 'duplicate', paidNow: false };
    const to = nextStatus(locked.status, 'succeed');
    if (!to) {
      await this.flag(tx, locked, 'paid_after_expiry', source);
      return { outcome: 'paid_after_expiry', paidNow: false };
    }
    await this.move(tx, locked, 'succeed', to, { paid_at: outcome.at }, source);
    if (locked.paid_before) {
      await this.flag(tx, { ...locked, status: to }, 'paid_twice', source);
      return { outcome: 'paid_twice', paidNow: false };
    }
    if (locked.dossier_fee_id) {
      await tx.query('UPDATE dossier_fees SET paid_order_id = $2 WHERE id = $1', [
        locked.dossier_fee_id,
        locked.id,
      ]);
    }
    if (locked.bill_code) await this.deps.issuer.markPaid(tx, locked.bill_code, now);
    await tx.query(
      `INSERT INTO payment_receipts (number, order_id, issued_at)
       VALUES ('BL' || $3::text || lpad(nextval('payment_receipt_numbers')::text, 8, '0'), $1, $2)`,
      [locked.id, now, compactDay(now)],
    );
    return { outcome: 'applied', paidNow: true };
  }

  /**
   * After a payment is committed: the dossier moves on now; the receipt's PDF goes into the
   * payer's store in the background (a bank's callback is not kept waiting for a PDF), and
   * the `payments-receipts` job stores any a restart interrupted.
   */
  async afterPaid(order: Pick<OrderRow, 'id' | 'dossier_fee_id' | 'payer_account_id'>) {
    if (order.payer_account_id) {
      setImmediate(() => {
        this.order(order.id)
          .then((paid) => paid && this.storeReceipt(paid))
          .catch(() => undefined);
      });
    }
    if (order.dossier_fee_id) {
      const [fee] = await this.db.query<{ dossier_id: string }>(
        'SELECT dossier_id FROM dossier_fees WHERE id = $1',
        [order.dossier_fee_id],
      );
      if (fee) await this.deps.onFeePaid(fee.dossier_id);
    }
  }

  /** The scheduled sweep: receipts whose PDF is not stored yet. */
  async storeMissingReceipts(): Promise<number> {
    const missing = await this.db.query<{ order_id: string }>(
      `SELECT order_id FROM payment_receipts WHERE document_id IS NULL ORDER BY issued_at LIMIT 200`,
    );
    for (const { order_id } of missing) {
      const order = await this.order(order_id);
      if (order) await this.storeReceipt(order);
    }
    return missing.length;
  }

  private async storeReceipt(order: OrderRow) {
    const [receipt] = await this.db.query<{
      number: string;
      issued_at: Date;
      document_id: string | null;
    }>('SELECT number, issued_at, document_id FROM payment_receipts WHERE order_id = $1', [
      order.id,
    ]);
    const ownerId = order.payer_account_id;
    if (!receipt || receipt.document_id || !ownerId) return;
    const pdf = await this.receiptPdf(order, receipt);
    const stored = await this.deps.files.put(pdf);
    await this.db.transaction(async (tx) => {
      const document = await new DossierRepository(tx).insertDocument({
        ownerId,
        documentType: 'payment_receipt',
        fileName: `bien-lai-${receipt.number}.pdf`,
        contentType: 'application/pdf',
        size: stored.size,
        sha256: stored.sha256,
        source: 'receipt',
        now: this.clock.now(),
      });
      const [linked] = await tx.query(
        `UPDATE payment_receipts SET document_id = $2 WHERE order_id = $1 AND document_id IS NULL
         RETURNING order_id`,
        [order.id, document.id],
      );
      // Stored meanwhile by the sweep: this copy goes with the rolled-back transaction.
      if (!linked) throw new Error('receipt already stored');
    });
  }

  async receiptPdf(order: OrderRow, receipt?: { number: string; issued_at: Date }) {
    const found =
      receipt ??
      (
        await this.db.query<{ number: string; issued_at: Date }>(
          'SELECT number, issued_at FROM payment_receipts WHERE order_id = $1',
          [order.id],
        )
      )[0];
    if (!found) throw notFound('errors.receiptNotFound');
    const agency = await this.deps.catalog.agency(order.payee_agency_code);
    return receiptPdf({ order, receipt: found, agency });
  }

  private async move(
    tx: Queryable,
    order: Pick<OrderRow, 'id' | 'status'>,
    event: PaymentEvent,
    to: PaymentStatus,
    changes: { failure_code?: FailureCode; paid_at?: Date },
    details: Record<string, unknown>,
    actorId: string | null = null,
  ) {
    // The change and its event in one statement: one round trip on the callbacks' hot path.
    await tx.query(
      `WITH moved AS (
         UPDATE payment_orders SET status = $2, failure_code = coalesce($3, failure_code),
           paid_at = coalesce($4, paid_at), updated_at = $5, version = version + 1
         WHERE id = $1 RETURNING id)
       INSERT INTO payment_events (order_id, at, event, from_status, status, actor_id, details)
       SELECT id, $5, $6::text, $7::text, $2, $8::uuid, $9::jsonb FROM moved`,
      [
        order.id,
        to,
        changes.failure_code ?? null,
        changes.paid_at ?? null,
        this.clock.now(),
        event,
        order.status,
        actorId,
        JSON.stringify(details),
      ],
    );
  }

  private async flag(
    tx: Queryable,
    order: Pick<OrderRow, 'id' | 'status'>,
    flag: NonNullable<OrderRow['flag']>,
    details: Record<string, unknown>,
  ) {
    const now = this.clock.now();
    await tx.query(
      'UPDATE payment_orders SET flag = $2, updated_at = $3, version = version + 1 WHERE id = $1',
      [order.id, flag, now],
    );
    await addEvent(tx, order.id, now, `flag:${flag}`, order.status, order.status, null, details);
  }

  /**
   * A provider's callback: verified before anything is read from it (a forged or stale one
   * is 401 and changes nothing), recorded once by its event id (a duplicate is answered,
   * never credited again), then applied to its order.
   */
  async callback(
    providerCode: string,
    headers: Record<string, string | undefined>,
    body: string,
  ): Promise<CallbackOutcome> {
    const provider = this.deps.providers.get(providerCode);
    if (!provider) throw notFound('errors.notFound');
    const now = this.clock.now();
    const verified = provider.verifyCallback(headers, body, now);
    if (!verified.ok) {
      throw new ProblemError(401, `callback_${verified.reason}`, 'errors.callbackSignature');
    }
    const { event } = verified;
    return this.record(provider.code, event.eventId, event.reference, outcomeOf(event), body);
  }

  /** A credit on the collection account's statement naming a VietQR order's number. */
  async confirmTransfer(number: string, bankReference: string, amount: number, at: Date) {
    return this.record(
      'vietqr',
      bankReference,
      number,
      { kind: 'succeeded', amount, currency: 'VND', at },
      JSON.stringify({ bankReference, number, amount, at: at.toISOString() }),
    );
  }

  /**
   * Records what a provider reported once (by its event id: a repeat is a duplicate and
   * credits nothing), applies it to its order, and then does what a payment sets off.
   */
  private async record(
    provider: string,
    eventId: string,
    reference: string,
    outcome: ProviderOutcome,
    body: string,
  ): Promise<CallbackOutcome> {
    const now = this.clock.now();
    let order: LockedOrder | undefined;
    let result: { outcome: CallbackOutcome; paidNow: boolean };
    try {
      result = await this.db.transaction(async (tx) => {
        order = await this.lock(tx, { provider, reference });
        const applied = order
          ? await this.apply(tx, order, outcome, { source: provider, eventId })
          : { outcome: 'unknown_order' as const, paidNow: false };
        // Recorded after applying (one statement fewer per callback): a repeat of an event
        // already recorded undoes what this transaction did, and is answered as such.
        const [fresh] = await tx.query(
          `INSERT INTO payment_callbacks (provider, event_id, order_id, received_at, outcome, body)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (provider, event_id) DO NOTHING
           RETURNING id`,
          [provider, eventId, order?.id ?? null, now, applied.outcome, body],
        );
        if (!fresh) throw new RepeatedEvent();
        return applied;
      });
    } catch (error) {
      if (error instanceof RepeatedEvent) return 'duplicate';
      throw error;
    }
    if (result.paidNow && order) await this.afterPaid(order);
    return result.outcome;
  }

  /**
   * The return page's check: the provider is asked (the query string is never trusted),
   * and what it says is applied like a callback would be.
   */
  async refresh(order: OrderRow): Promise<OrderRow> {
    if (order.finished || !order.provider_ref) return order;
    const provider = this.deps.providers.get(order.provider);
    if (!provider) return order;
    const status = await provider.query(order.provider_ref);
    if (status.status === 'pending') return order;
    const result = await this.db.transaction(async (tx) => {
      const locked = await this.lock(tx, { id: order.id });
      if (!locked) return { outcome: 'unknown_order' as const, paidNow: false };
      return this.apply(
        tx,
        locked,
        status.status === 'succeeded'
          ? { kind: 'succeeded', amount: status.amount, currency: 'VND', at: status.at }
          : { kind: 'failed', failureCode: status.failureCode },
        { source: 'query' },
      );
    });
    if (result.paidNow) await this.afterPaid(order);
    return (await this.order(order.id))!;
  }

  /** The scheduled job: open orders past their time expire. */
  async expireDue(): Promise<number> {
    const now = this.clock.now();
    const due = await this.db.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM payment_orders
       WHERE status IN ('created', 'pending') AND expires_at <= $1 ORDER BY expires_at LIMIT 500`,
      [now],
    );
    let expired = 0;
    for (const order of due) {
      await this.db.transaction(async (tx) => {
        const [locked] = await tx.query<OrderRow>(
          `SELECT ${ORDER_COLUMNS} FROM payment_orders WHERE id = $1 FOR UPDATE`,
          [order.id],
        );
        const to = locked && nextStatus(locked.status, 'expire');
        if (!locked || !to) return;
        await this.move(tx, locked, 'expire', to, { failure_code: 'expired' }, { source: 'job' });
        expired++;
      });
    }
    return expired;
  }

  /**
   * A refund by an officer of the payee agency with the approver role: checked against what
   * is left, made at the provider, recorded and audited.
   */
  async refund(
    officer: { accountId: string; roles: { agencyCode: string; role: string }[] },
    id: string,
    input: { amount: number; reason: string },
  ) {
    const order = await this.order(id);
    const allowed = officer.roles.some(
      (r) => r.agencyCode === order?.payee_agency_code && r.role === 'approver',
    );
    if (!order || !allowed) throw notFound('errors.paymentNotFound');
    if (!input.reason.trim()) {
      throw new ProblemError(422, 'reason_required', 'errors.invalidAnswers', { count: 1 }, [
        { field: 'reason', messageKey: 'errors.field.required' },
      ]);
    }
    const event = refundEvent(order.amount, order.refunded_amount, input.amount);
    if (typeof event !== 'string' || !isPaid(order.status)) {
      throw new ProblemError(422, 'refund_refused', 'errors.invalidAnswers', { count: 1 }, [
        {
          field: 'amount',
          messageKey:
            typeof event !== 'string' && event.refused === 'invalid_amount'
              ? 'payments.error.refundAmount'
              : 'payments.error.refundExceeds',
        },
      ]);
    }
    const provider = this.deps.providers.get(order.provider);
    if (!provider || !order.provider_ref) throw new Error(`no provider for ${order.id}`);
    // Made at the provider first (an outside system, not inside our transaction); should two
    // officers race, the loser's refund shows as refund_differs at the next reconciliation.
    const made = await provider.refund(order.provider_ref, input.amount);
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const [locked] = await tx.query<OrderRow>(
        `SELECT ${ORDER_COLUMNS} FROM payment_orders WHERE id = $1 FOR UPDATE`,
        [order.id],
      );
      const again = locked && refundEvent(locked.amount, locked.refunded_amount, input.amount);
      const to = locked && typeof again === 'string' ? nextStatus(locked.status, again) : null;
      if (!locked || !to || typeof again !== 'string') {
        throw new ProblemError(409, 'refund_conflict', 'errors.versionConflict');
      }
      await tx.query(
        `INSERT INTO payment_refunds (order_id, amount, reason, requested_by, created_at, provider_ref)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [order.id, input.amount, input.reason.trim(), officer.accountId, now, made.reference],
      );
      await tx.query(
        'UPDATE payment_orders SET refunded_amount = refunded_amount + $2 WHERE id = $1',
        [order.id, input.amount],
      );
      await this.move(
        tx,
        locked,
        again,
        to,
        {},
        { amount: input.amount, reference: made.reference },
        officer.accountId,
      );
      await audit(tx, {
        at: now,
        actorId: officer.accountId,
        action: 'payment.refund',
        resourceType: 'payment',
        resourceId: order.id,
        before: { status: locked.status, refunded: locked.refunded_amount },
        after: { status: to, refunded: locked.refunded_amount + input.amount },
        reason: input.reason.trim(),
      });
      return (
        await tx.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM payment_orders WHERE id = $1`, [
          order.id,
        ])
      )[0]!;
    });
  }

  /** The agencies' payments that came in, latest first, for their officers. */
  recentPaid(agencies: string[], limit: number) {
    return this.db.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM payment_orders
       WHERE payee_agency_code = ANY($1::text[]) AND (paid_at IS NOT NULL OR flag IS NOT NULL)
       ORDER BY coalesce(paid_at, updated_at) DESC LIMIT $2`,
      [agencies, limit],
    );
  }
}

const outcomeOf = (event: CallbackEvent) =>
  event.outcome === 'succeeded'
    ? { kind: 'succeeded' as const, amount: event.amount, currency: event.currency, at: event.at }
    : { kind: 'failed' as const, failureCode: event.failureCode ?? ('declined' as const) };

/** 24 Nov 2026 → 261124, in Vietnam. */
const compactDay = (at: Date) => vietnamDate(at).slice(2).replace(/-/g, '');

/** TT, the day in Vietnam, and a running number: `TT26112400000123`. */
async function nextOrderNumber(db: Queryable, at: Date): Promise<string> {
  const [row] = await db.query<{ value: string }>(
    `SELECT nextval('payment_order_numbers')::text AS value`,
  );
  return `TT${compactDay(at)}${row!.value.padStart(8, '0')}`;
}

async function addEvent(
  tx: Queryable,
  orderId: string,
  at: Date,
  event: string,
  from: string | null,
  to: string,
  actorId: string | null,
  details: Record<string, unknown>,
) {
  await tx.query(
    `INSERT INTO payment_events (order_id, at, event, from_status, status, actor_id, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [orderId, at, event, from, to, actorId, JSON.stringify(details)],
  );
}
