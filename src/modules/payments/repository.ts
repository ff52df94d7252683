import { randomInt } from 'node:crypto';
import { vietnamDate } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/db.js';
import { INITIAL_STATUS, type FailureCode, type PaymentStatus } from './states.js';

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
  flag: OrderFlag | null;
  created_at: Date;
  expires_at: Date;
  paid_at: Date | null;
  updated_at: Date;
  version: number;
}

/** Money that arrived where it should not, for an officer to look at. */
export type OrderFlag = 'paid_after_expiry' | 'amount_mismatch' | 'paid_twice';

/** An order as locked for a change, with whether its subject is paid by another order. */
export type LockedOrder = Pick<
  OrderRow,
  'id' | 'status' | 'amount' | 'dossier_fee_id' | 'bill_code' | 'payer_account_id'
> & { paid_before: boolean };

/** An order to record, as its provider started it. */
export interface NewOrder {
  id: string;
  number: string;
  subject: OrderRow['subject'];
  dossierFeeId: string | null;
  billCode: string | null;
  billKind: string | null;
  ownerId: string;
  payerName: string;
  payeeAgencyCode: string;
  description: string;
  items: OrderRow['items'];
  amount: number;
  provider: string;
  providerRef: string;
  createdAt: Date;
  expiresAt: Date;
}

/** An order of a dossier's fee, as the officers' view of the dossier lists it. */
export interface FeeOrderRow {
  feeId: string;
  id: string;
  number: string;
  status: string;
  amount: number;
  refunded: number;
  paidAt: Date | null;
}

/** Digits and capitals without 0/O, 1/I/L: what a payer reads off a screen and types. */
export const UNAMBIGUOUS = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const randomCode = (length: number) =>
  Array.from({ length }, () => UNAMBIGUOUS[randomInt(UNAMBIGUOUS.length)]).join('');

// Money is bigint in the database; read as numbers (VND amounts stay far below 2^53).
const ORDER_COLUMNS = `id, number, subject, dossier_fee_id, bill_code, bill_kind, payer_account_id,
  payer_name, payee_agency_code, description, items, amount::float8 AS amount, currency,
  provider, provider_ref, status, finished, failure_code,
  refunded_amount::float8 AS refunded_amount, flag, created_at, expires_at, paid_at,
  updated_at, version`;

/** 24 Nov 2026 → 261124, in Vietnam. */
/** The day in Vietnam as YYMMDD, as order and receipt numbers carry it. */
export const compactDay = (at: Date) => vietnamDate(at).slice(2).replace(/-/g, '');

/**
 * The SQL of payment orders and what hangs on them: their events (every change), the
 * providers' callbacks (each once) and refunds (receipts: receipt-repository.ts).
 */
export class PaymentRepository {
  constructor(private readonly db: Database) {}

  async find(id: string, q: Queryable = this.db): Promise<OrderRow | undefined> {
    const [row] = await q.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM payment_orders WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** The order, locked until the transaction ends. */
  async findForUpdate(tx: Queryable, id: string): Promise<OrderRow | undefined> {
    const [row] = await tx.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM payment_orders WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row;
  }

  /**
   * Takes the order's current version for a change about to be made outside the database (a
   * refund at the provider): whoever read the version before finds it changed.
   */
  async claimVersion(tx: Queryable, id: string, at: Date): Promise<void> {
    await tx.query(
      'UPDATE payment_orders SET version = version + 1, updated_at = $2 WHERE id = $1',
      [id, at],
    );
  }

  /**
   * Locks an order for applying what a provider says (changes to one order are serialised),
   * with whether another order of the same fee or obligation is paid already (two tabs).
   */
  async lockForOutcome(
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
   * TT, the day in Vietnam, and 8 random characters no one misreads: `TT261124K7M3QX9P`.
   * Not a running number, so one order's number tells nothing of the next (31^8 a day);
   * one already taken is drawn again.
   */
  async nextNumber(at: Date): Promise<string> {
    for (;;) {
      const number = `TT${compactDay(at)}${randomCode(8)}`;
      const [taken] = await this.db.query('SELECT 1 FROM payment_orders WHERE number = $1', [
        number,
      ]);
      if (!taken) return number;
    }
  }

  /** Records a started order and its first event (`start`: it came into being). */
  async insert(tx: Queryable, order: NewOrder, actorId: string) {
    await tx.query(
      `INSERT INTO payment_orders (id, number, subject, dossier_fee_id, bill_code, bill_kind,
         payer_account_id, payer_name, payee_agency_code, description, items, amount, provider,
         provider_ref, status, created_at, expires_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $16)`,
      [
        order.id,
        order.number,
        order.subject,
        order.dossierFeeId,
        order.billCode,
        order.billKind,
        order.ownerId,
        order.payerName,
        order.payeeAgencyCode,
        order.description,
        JSON.stringify(order.items),
        order.amount,
        order.provider,
        order.providerRef,
        INITIAL_STATUS,
        order.createdAt,
        order.expiresAt,
      ],
    );
    await this.addEvent(tx, order.id, order.createdAt, 'start', null, INITIAL_STATUS, actorId, {
      provider: order.provider,
      reference: order.providerRef,
    });
  }

  /** Moves an order to another state, with its event. */
  async move(
    tx: Queryable,
    order: Pick<OrderRow, 'id' | 'status'>,
    change: {
      event: string;
      to: PaymentStatus;
      at: Date;
      failureCode?: FailureCode;
      paidAt?: Date;
      actorId?: string | null;
    },
    details: Record<string, unknown>,
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
        change.to,
        change.failureCode ?? null,
        change.paidAt ?? null,
        change.at,
        change.event,
        order.status,
        change.actorId ?? null,
        JSON.stringify(details),
      ],
    );
  }

  /** Marks an order for an officer's attention, its state unchanged. */
  async flag(
    tx: Queryable,
    order: Pick<OrderRow, 'id' | 'status'>,
    flag: OrderFlag,
    at: Date,
    details: Record<string, unknown>,
  ) {
    await tx.query(
      'UPDATE payment_orders SET flag = $2, updated_at = $3, version = version + 1 WHERE id = $1',
      [order.id, flag, at],
    );
    await this.addEvent(
      tx,
      order.id,
      at,
      `flag:${flag}`,
      order.status,
      order.status,
      null,
      details,
    );
  }

  private async addEvent(
    tx: Queryable,
    orderId: string,
    at: Date,
    event: string,
    from: PaymentStatus | null,
    to: PaymentStatus,
    actorId: string | null,
    details: Record<string, unknown>,
  ) {
    await tx.query(
      `INSERT INTO payment_events (order_id, at, event, from_status, status, actor_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [orderId, at, event, from, to, actorId, JSON.stringify(details)],
    );
  }

  /** Records a provider's event once: false when it was recorded before. */
  async recordCallback(
    tx: Queryable,
    callback: {
      provider: string;
      eventId: string;
      orderId: string | null;
      at: Date;
      outcome: string;
      body: string;
    },
  ): Promise<boolean> {
    const [fresh] = await tx.query(
      `INSERT INTO payment_callbacks (provider, event_id, order_id, received_at, outcome, body)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (provider, event_id) DO NOTHING
       RETURNING id`,
      [
        callback.provider,
        callback.eventId,
        callback.orderId,
        callback.at,
        callback.outcome,
        callback.body,
      ],
    );
    return fresh !== undefined;
  }

  /** Open (pending) orders past their time, oldest first. */
  async dueToExpire(now: Date, limit: number): Promise<string[]> {
    // The status written out, not bound: the open orders' partial index is then used.
    const rows = await this.db.query<{ id: string }>(
      `SELECT id FROM payment_orders
       WHERE status = 'pending' AND expires_at <= $1 ORDER BY expires_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }

  /** A refund made at the provider, and what is refunded of the order. */
  async addRefund(
    tx: Queryable,
    refund: {
      orderId: string;
      amount: number;
      reason: string;
      requestedBy: string;
      at: Date;
      providerRef: string;
    },
  ) {
    await tx.query(
      `INSERT INTO payment_refunds (order_id, amount, reason, requested_by, created_at, provider_ref)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        refund.orderId,
        refund.amount,
        refund.reason,
        refund.requestedBy,
        refund.at,
        refund.providerRef,
      ],
    );
    await tx.query(
      'UPDATE payment_orders SET refunded_amount = refunded_amount + $2 WHERE id = $1',
      [refund.orderId, refund.amount],
    );
  }

  /** The orders made for these fees, oldest first. */
  ordersForFees(feeIds: string[]) {
    return this.db.query<FeeOrderRow>(
      `SELECT dossier_fee_id AS "feeId", id, number, status, amount::float8 AS amount,
         refunded_amount::float8 AS refunded, paid_at AS "paidAt"
       FROM payment_orders WHERE dossier_fee_id = ANY($1::uuid[]) ORDER BY created_at`,
      [feeIds],
    );
  }

  /** The agencies' payments that came in (or were flagged), latest first. */
  recentPaid(agencies: string[], limit: number) {
    return this.db.query<OrderRow>(
      `SELECT ${ORDER_COLUMNS} FROM payment_orders
       WHERE payee_agency_code = ANY($1::text[]) AND (paid_at IS NOT NULL OR flag IS NOT NULL)
       ORDER BY coalesce(paid_at, updated_at) DESC LIMIT $2`,
      [agencies, limit],
    );
  }

  /** The agency paid by the order with this number, if there is one. */
  async payeeOfNumber(number: string): Promise<string | undefined> {
    const [order] = await this.db.query<{ payee_agency_code: string }>(
      'SELECT payee_agency_code FROM payment_orders WHERE number = $1',
      [number],
    );
    return order?.payee_agency_code;
  }
}
