import type { Database, Queryable } from '../../platform/db.js';
import { compactDay } from './repository.js';

export interface ReceiptRow {
  number: string;
  issued_at: Date;
  document_id: string | null;
}

/** The SQL of e-receipts: numbered with their payment, their PDF linked once it is stored. */
export class ReceiptRepository {
  constructor(private readonly db: Database) {}

  /** Numbers the receipt of a paid order: `BL`, the day in Vietnam, a running number. */
  async issue(tx: Queryable, orderId: string, at: Date) {
    await tx.query(
      `INSERT INTO payment_receipts (number, order_id, issued_at)
       VALUES ('BL' || $3::text || lpad(nextval('payment_receipt_numbers')::text, 8, '0'), $1, $2)`,
      [orderId, at, compactDay(at)],
    );
  }

  async find(orderId: string): Promise<ReceiptRow | undefined> {
    const [row] = await this.db.query<ReceiptRow>(
      'SELECT number, issued_at, document_id FROM payment_receipts WHERE order_id = $1',
      [orderId],
    );
    return row;
  }

  async exists(orderId: string): Promise<boolean> {
    const rows = await this.db.query('SELECT 1 FROM payment_receipts WHERE order_id = $1', [
      orderId,
    ]);
    return rows.length > 0;
  }

  /** Links the stored PDF to its receipt: false when another copy was linked meanwhile. */
  async link(tx: Queryable, orderId: string, documentId: string): Promise<boolean> {
    const [linked] = await tx.query(
      `UPDATE payment_receipts SET document_id = $2 WHERE order_id = $1 AND document_id IS NULL
       RETURNING order_id`,
      [orderId, documentId],
    );
    return linked !== undefined;
  }

  /** Orders whose receipt's PDF is not stored yet, oldest first. */
  async unstored(limit: number): Promise<string[]> {
    const rows = await this.db.query<{ order_id: string }>(
      `SELECT order_id FROM payment_receipts WHERE document_id IS NULL ORDER BY issued_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.order_id);
  }
}
