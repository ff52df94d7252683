import { audit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/db.js';
import { invalidFields, notFound, ProblemError } from '../../platform/errors.js';
import type { CatalogService } from '../catalog/index.js';
import type { DossierHandover, DossierRow, OfficerGuard } from '../dossiers/index.js';
import type { ClientService } from './client-service.js';
import {
  DeliveryRepository,
  type ConnectedAgencyRow,
  type DeliveryRow,
  type NewDelivery,
} from './delivery-repository.js';

/** Filed online (1 at the counter, 3 by post): only these are handed over. */
const ONLINE = 2;
/** How far before where it stopped the sweep looks again (submissions commit after their time). */
const SWEEP_MARGIN_MS = 5 * 60_000;
const SWEEP_PAGE = 500;

/** A new delivery announced to the client (a `delivery.available` webhook). */
export interface DeliveryEvent {
  type: 'delivery.available';
  agencyCode: string;
  data: { deliveryId: string; clientId: string; dossierCode: string; agencyCode: string };
}

/** Announces new deliveries in the transaction that makes them (the webhooks' publish). */
export type DeliveryAnnouncer = (tx: Queryable, event: DeliveryEvent) => Promise<void>;

/** A connected agency as administrators see it. */
export interface ConnectedAgency {
  agencyCode: string;
  agencyName: string;
  clientId: string;
  since: Date;
  /** Who marked it; null for the development registration of a sandbox system. */
  markedBy: string | null;
}

/**
 * The dossier exchange's one door (docs/integration.md, "Dossier exchange"): administrators
 * mark agencies as processed in a connected system; every dossier filed online for one is
 * then delivered to that system, at once after its submission is committed and, should that
 * be lost (a crash between the two), by the sweep every minute. The portal's own officers may
 * not act on a dossier handed over. Pulling and acknowledging is in delivery-queue.ts.
 */
export class DeliveryService {
  /** The connected agencies and their clients, as this process last read or wrote them. */
  private readonly connected = new Map<string, string>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly deps: {
      clients: ClientService;
      catalog: CatalogService;
      handover: DossierHandover;
      announce: DeliveryAnnouncer;
    },
  ) {
    deps.handover.onSubmitted((row) => this.submitted(row));
    deps.handover.guardOfficers(this.guard);
  }

  /**
   * Reads which agencies are connected. Run at start (so a submission does not pay for it),
   * by every sweep, and kept current by marking here; a mark made by another process reaches
   * this one's memory at its next sweep, and its dossiers are delivered by the sweep meanwhile.
   */
  async load(): Promise<ConnectedAgencyRow[]> {
    const rows = await new DeliveryRepository(this.db).connected();
    this.connected.clear();
    for (const row of rows) this.connected.set(row.agency_code, row.client_id);
    return rows;
  }

  async connectedOf(clientId: string): Promise<ConnectedAgency[]> {
    await this.deps.clients.get(clientId);
    const rows = await new DeliveryRepository(this.db).connectedOf(clientId);
    return Promise.all(rows.map((row) => this.describe(row)));
  }

  private async describe(row: ConnectedAgencyRow): Promise<ConnectedAgency> {
    const agency = await this.deps.catalog.agency(row.agency_code);
    return {
      agencyCode: row.agency_code,
      agencyName: agency.name,
      clientId: row.client_id,
      since: row.since,
      markedBy: row.marked_by,
    };
  }

  /**
   * Marks an agency as processed in the client's system: one of the agencies it may receive,
   * and a client that receives dossiers. Marking it again is no change; an agency another
   * system has is a 409 (unmark it there first).
   */
  async mark(actorId: string | null, clientId: string, agencyCode: string) {
    const client = await this.deps.clients.get(clientId);
    const refuse = (messageKey: 'agencyNotAllowed' | 'receiveScopeMissing') =>
      invalidFields('agency_not_connectable', [
        {
          field: 'agencyCode',
          messageKey: `errors.integration.${messageKey}`,
          params: { code: agencyCode },
        },
      ]);
    if (!client.scopes.includes('dossiers:receive')) throw refuse('receiveScopeMissing');
    if (!client.allowedAgencies.includes(agencyCode)) throw refuse('agencyNotAllowed');
    const now = this.clock.now();
    const row = await this.db.transaction(async (tx) => {
      const marked = await new DeliveryRepository(tx).mark(agencyCode, clientId, actorId, now);
      if (marked.inserted) {
        await audit(tx, {
          at: now,
          actorId,
          action: 'integration.connect_agency',
          resourceType: 'agency',
          resourceId: agencyCode,
          after: { clientId },
        });
      }
      return marked;
    });
    if (row.client_id !== clientId) {
      throw new ProblemError(
        409,
        'agency_connected_elsewhere',
        'errors.integration.agencyConnectedElsewhere',
        { code: agencyCode },
      );
    }
    this.connected.set(agencyCode, clientId);
    return { agency: await this.describe(row), created: row.inserted };
  }

  /**
   * Unmarks an agency: its dossiers go to the portal's back office again, and the deliveries
   * the system has not acknowledged come back with them (recalled). Answers how many.
   */
  async unmark(actorId: string, clientId: string, agencyCode: string) {
    await this.deps.clients.get(clientId);
    const now = this.clock.now();
    const recalled = await this.db.transaction(async (tx) => {
      const repository = new DeliveryRepository(tx);
      const removed = await repository.unmark(agencyCode, clientId);
      if (!removed) return null;
      const count = await repository.recall(agencyCode, clientId);
      await audit(tx, {
        at: now,
        actorId,
        action: 'integration.disconnect_agency',
        resourceType: 'agency',
        resourceId: agencyCode,
        before: { clientId, since: removed.since },
        after: { recalled: count },
      });
      return count;
    });
    if (recalled === null) throw notFound('errors.integration.agencyNotConnected');
    this.connected.delete(agencyCode);
    return { recalled };
  }

  /** A dossier just submitted: delivered at once when its agency is connected. */
  private async submitted(row: DossierRow): Promise<void> {
    if (row.channel !== ONLINE || !row.code || !this.connected.has(row.agency_code)) return;
    await this.deliver([{ dossierId: row.id, code: row.code, agencyCode: row.agency_code }]);
  }

  /** Makes the deliveries these dossiers do not have yet, each announced: answers the new ones. */
  async deliver(dossiers: NewDelivery[]): Promise<DeliveryRow[]> {
    if (dossiers.length === 0) return [];
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const made = await new DeliveryRepository(tx).create(dossiers, now);
      for (const delivery of made) {
        await this.deps.announce(tx, {
          type: 'delivery.available',
          agencyCode: delivery.agency_code,
          data: {
            deliveryId: delivery.id,
            clientId: delivery.client_id,
            dossierCode: delivery.dossier_code,
            agencyCode: delivery.agency_code,
          },
        });
      }
      return made;
    });
  }

  /**
   * The sweep (a job, every minute): dossiers filed online for connected agencies since they
   * were marked, still waiting to be received and without a delivery, get one. It looks from
   * a little before where it stopped the time before. Answers how many it made.
   */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const rows = await this.load();
    if (rows.length === 0) return 0;
    const agencies = rows.map((row) => ({
      agencyCode: row.agency_code,
      from: new Date(Math.max(row.since.getTime(), row.swept_until.getTime() - SWEEP_MARGIN_MS)),
    }));
    let made = 0;
    let after: { submittedAt: Date; id: string } | null = null;
    for (;;) {
      const page = await this.deps.handover.awaiting(agencies, SWEEP_PAGE, after);
      const dossiers = page.map((d) => ({
        dossierId: d.id,
        code: d.code,
        agencyCode: d.agency_code,
      }));
      made += (await this.deliver(dossiers)).length;
      const last = page.at(-1);
      if (!last || page.length < SWEEP_PAGE) break;
      after = { submittedAt: last.submitted_at, id: last.id };
    }
    await new DeliveryRepository(this.db).sweptUntil(
      rows.map((row) => row.agency_code),
      now,
    );
    return made;
  }

  /** Officers do not act on a dossier handed to a connected system: it is processed there. */
  private readonly guard: OfficerGuard = async (row, q) => {
    const system = await new DeliveryRepository(q).handedTo(row.id);
    if (!system) return null;
    return new ProblemError(
      409,
      'processed_in_connected_system',
      'errors.integration.processedElsewhere',
      { code: row.code ?? '', system: system.name },
    );
  };
}
