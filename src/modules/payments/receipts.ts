import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import type { FileStore } from '../../platform/files.js';
import type { CatalogService } from '../catalog/index.js';
import type { DossierRecords } from '../dossiers/index.js';
import { receiptPdf } from './receipt.js';
import type { ReceiptRepository } from './receipt-repository.js';
import type { OrderRow, PaymentRepository } from './repository.js';

/**
 * E-receipts of paid orders: numbered when the payment is applied (in its transaction), their
 * PDF rendered on demand and filed into the payer's document store in the background.
 */
export class ReceiptService {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly deps: {
      repository: PaymentRepository;
      receipts: ReceiptRepository;
      catalog: CatalogService;
      files: FileStore;
      /** Where receipts are filed into the payer's document store. */
      records: DossierRecords;
    },
  ) {}

  has(orderId: string): Promise<boolean> {
    return this.deps.receipts.exists(orderId);
  }

  /** Numbers the receipt of an order being paid, in the payment's transaction. */
  issue(tx: Queryable, orderId: string, at: Date): Promise<void> {
    return this.deps.receipts.issue(tx, orderId, at);
  }

  /** The receipt's PDF (404 while the order has none). */
  async pdf(order: OrderRow, receipt?: { number: string; issued_at: Date }) {
    const found = receipt ?? (await this.deps.receipts.find(order.id));
    if (!found) throw notFound('errors.receiptNotFound');
    const agency = await this.deps.catalog.agency(order.payee_agency_code);
    return receiptPdf({ order, receipt: found, agency });
  }

  /**
   * Files the PDF of a payment just committed, after this turn of the event loop: a bank's
   * callback is not kept waiting for a PDF, and the sweep stores any a restart interrupted.
   */
  storeSoon(orderId: string) {
    const work = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.deps.repository.find(orderId))
      .then((paid) => paid && this.store(paid))
      .catch(() => undefined);
    this.pending.add(work);
    void work.then(() => this.pending.delete(work));
  }

  /** Once every PDF being filed is stored (or has failed): before the store and database close. */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /** The scheduled sweep: receipts whose PDF is not stored yet. */
  async storeMissing(): Promise<number> {
    const missing = await this.deps.receipts.unstored(200);
    for (const orderId of missing) {
      const order = await this.deps.repository.find(orderId);
      if (order) await this.store(order);
    }
    return missing.length;
  }

  private async store(order: OrderRow) {
    const receipt = await this.deps.receipts.find(order.id);
    const ownerId = order.payer_account_id;
    if (!receipt || receipt.document_id || !ownerId) return;
    const pdf = await this.pdf(order, receipt);
    const stored = await this.deps.files.put(pdf);
    await this.db.transaction(async (tx) => {
      const document = await this.deps.records.storeDocument(tx, {
        ownerId,
        documentType: 'payment_receipt',
        fileName: `bien-lai-${receipt.number}.pdf`,
        contentType: 'application/pdf',
        size: stored.size,
        sha256: stored.sha256,
        source: 'receipt',
        now: this.clock.now(),
      });
      // Stored meanwhile by the sweep: this copy goes with the rolled-back transaction.
      if (!(await this.deps.receipts.link(tx, order.id, document.id))) {
        throw new Error('receipt already stored');
      }
    });
  }
}
