import type { Changes } from '../../platform/changes.js';
import type { Database, Queryable } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { STATUS } from './codes.js';
import { FeeRepository, type FeeRow } from './fee-repository.js';
import type { DossierProcess } from './process.js';
import { DossierRepository } from './repository.js';
import type { DossierRow } from './rows.js';

/**
 * The fees asked of dossiers, as the payments module sees them: what a payer owes on one of
 * their dossiers, settling it when paid, and the dossier moving on once it is.
 */
export class DossierFees {
  private readonly fees: FeeRepository;
  private readonly dossiers: DossierRepository;

  constructor(
    db: Database,
    private readonly process: DossierProcess,
    changes: Changes,
  ) {
    this.fees = new FeeRepository(db);
    this.dossiers = new DossierRepository(db, changes);
  }

  /** One of the owner's dossiers and the fee it waits for (null when none is due). */
  async owed(ownerId: string, code: string): Promise<{ dossier: DossierRow; fee: FeeRow | null }> {
    const dossier = await this.dossiers.findOwnedByCode(ownerId, code);
    if (!dossier) throw notFound('errors.dossierNotFound');
    return { dossier, fee: (await this.fees.open(dossier.id)) ?? null };
  }

  /** The code of the dossier a fee is for, while the fee is still owed. */
  async owedDossierCode(feeId: string): Promise<string | null> {
    const fee = await this.fees.byId(feeId);
    if (!fee || fee.paid_order_id) return null;
    return (await this.dossiers.findById(fee.dossier_id))?.code ?? null;
  }

  /** Every fee asked of a dossier, in the order asked. */
  ofDossier(dossierId: string): Promise<FeeRow[]> {
    return this.fees.ofDossier(dossierId);
  }

  /** Records, in the payment's transaction, that an order paid the fee. */
  settle(tx: Queryable, feeId: string, orderId: string): Promise<boolean> {
    return this.fees.with(tx).markPaid(feeId, orderId);
  }

  /** After the payment is committed: a dossier waiting on it goes back to where it was. */
  async settled(feeId: string): Promise<void> {
    const fee = await this.fees.byId(feeId);
    const row = fee ? await this.dossiers.findById(fee.dossier_id) : undefined;
    if (!row || row.status !== STATUS.paymentRequested) return;
    await this.process.change(row, {
      action: 'payment_received',
      version: row.version,
      parties: ['system'],
      actorId: null,
      steps: row.workflow ?? [],
      workflow: row.workflow,
    });
  }
}
