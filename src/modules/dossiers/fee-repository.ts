import type { Queryable } from '../../platform/db.js';

export interface FeeItem {
  name: string;
  /** Whole đồng. */
  amount: number;
}

export interface FeeRow {
  id: string;
  dossier_id: string;
  amount: number;
  items: FeeItem[];
  requested_at: Date;
  paid_order_id: string | null;
}

const FEE_COLUMNS = 'id, dossier_id, amount::float8 AS amount, items, requested_at, paid_order_id';

/** The fees asked of dossiers; payments settle them, the dossier records that they are paid. */
export class FeeRepository {
  constructor(private readonly db: Queryable) {}

  with(tx: Queryable) {
    return new FeeRepository(tx);
  }

  /** The fee a dossier waits for (one at a time), if any. */
  async open(dossierId: string): Promise<FeeRow | undefined> {
    const [fee] = await this.db.query<FeeRow>(
      `SELECT ${FEE_COLUMNS} FROM dossier_fees WHERE dossier_id = $1 AND paid_order_id IS NULL`,
      [dossierId],
    );
    return fee;
  }

  async byId(id: string): Promise<FeeRow | undefined> {
    const [fee] = await this.db.query<FeeRow>(
      `SELECT ${FEE_COLUMNS} FROM dossier_fees WHERE id = $1`,
      [id],
    );
    return fee;
  }

  /** Every fee asked of a dossier, in the order asked. */
  async ofDossier(dossierId: string): Promise<FeeRow[]> {
    return this.db.query<FeeRow>(
      `SELECT ${FEE_COLUMNS} FROM dossier_fees WHERE dossier_id = $1 ORDER BY requested_at`,
      [dossierId],
    );
  }

  /** A fee due on the dossier (the officer's request, or the procedure's on filing). */
  async insert(
    dossierId: string,
    items: FeeItem[],
    now: Date,
    requestedBy: string | null = null,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO dossier_fees (dossier_id, items, amount, requested_at, requested_by)
       VALUES ($1, $2, $3, $4, $5)`,
      [
        dossierId,
        JSON.stringify(items),
        items.reduce((sum, i) => sum + i.amount, 0),
        now,
        requestedBy,
      ],
    );
  }

  /**
   * Settles a fee with the order that paid it; false when it was settled already. The payment
   * takes a position of its own: the statistics feed learns of it from that, since paying a
   * fee due on filing writes no dossier event (migrations/0036_statistics_feeds.sql).
   */
  async markPaid(id: string, orderId: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE dossier_fees SET paid_order_id = $2, paid_seq = nextval('dossier_fee_payments')
       WHERE id = $1 AND paid_order_id IS NULL RETURNING id`,
      [id, orderId],
    );
    return rows.length > 0;
  }
}
