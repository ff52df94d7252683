import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { notFound, ProblemError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { CatalogService } from '../catalog/index.js';
import type { DossierHandover, HandedDossier } from '../dossiers/index.js';
import type { Applicants } from '../identity/index.js';
import { decideDelivery, deliveryState } from './delivery-lifecycle.js';
import { DeliveryRepository, type DeliveryRow } from './delivery-repository.js';
import type { FileLinks } from './file-links.js';
import { mayActFor, type ApiClient } from './scopes.js';

/** How long a pulled delivery is the puller's before the next pull hands it out again. */
export const LEASE_SECONDS = 300;

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * The pull queue of the dossier exchange: a connected system pulls its deliveries (each
 * leased for a few minutes, handed out again after the lease until acknowledged), reads one
 * again, acknowledges it, and downloads its files through short-lived links. A delivery of
 * another client, or of an agency the client may no longer receive, is not found (404).
 */
export class DeliveryQueue {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly deps: {
      handover: DossierHandover;
      catalog: CatalogService;
      applicants: Applicants;
      links: FileLinks;
      publicUrl: string;
    },
  ) {}

  /** Up to `limit` deliveries waiting or lapsed, oldest first, each leased from now. */
  async pull(client: ApiClient, limit: number) {
    const now = this.clock.now();
    const until = new Date(now.getTime() + LEASE_SECONDS * 1000);
    const leased = await new DeliveryRepository(this.db).lease(
      client.id,
      client.allowedAgencies,
      limit,
      now,
      until,
    );
    leased.sort(
      (a, b) => a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : 1),
    );
    return this.describe(client, leased);
  }

  /** One of the client's deliveries with its dossier and fresh links, its lease untouched. */
  async get(client: ApiClient, id: string) {
    const [described] = await this.describe(client, [await this.own(client, id)]);
    return described!;
  }

  /** Acknowledges a delivery the client pulled; acknowledging it again answers the same. */
  async acknowledge(client: ApiClient, id: string) {
    const row = await this.own(client, id);
    const outcome = decideDelivery(deliveryState(this.facts(row), this.clock.now()), 'acknowledge');
    if ('refused' in outcome) {
      throw new ProblemError(409, 'delivery_not_handed_out', 'errors.integration.notHandedOut');
    }
    if ('unchanged' in outcome) return this.ack(row);
    const done = await new DeliveryRepository(this.db).acknowledge(row.id, this.clock.now());
    // Acknowledged by a call at the same moment: the same answer.
    return this.ack(done ?? (await this.own(client, id)));
  }

  /** The file a link names, for the client it was made for while it works. */
  async file(client: ApiClient, token: string) {
    const link = this.deps.links.read(client.id, token);
    if (link === null) throw notFound();
    if (link === 'expired') {
      throw new ProblemError(410, 'link_expired', 'errors.integration.linkExpired');
    }
    const delivery = await this.own(client, link.deliveryId);
    return this.deps.handover.attachment(delivery.dossier_id, link.documentId);
  }

  private async own(client: ApiClient, id: string): Promise<DeliveryRow> {
    const row = isUuid(id) ? await new DeliveryRepository(this.db).find(client.id, id) : undefined;
    if (!row || !mayActFor(client, row.agency_code)) {
      throw notFound('errors.integration.deliveryNotFound');
    }
    return row;
  }

  private facts(row: DeliveryRow) {
    return {
      attempts: row.attempts,
      leasedUntil: row.leased_until,
      acknowledgedAt: row.acknowledged_at,
    };
  }

  private ack(row: DeliveryRow) {
    return {
      id: row.id,
      dossierCode: row.dossier_code,
      acknowledgedAt: row.acknowledged_at!.toISOString(),
    };
  }

  /** Deliveries with their dossiers whole: a few statements however many. */
  private async describe(client: ApiClient, deliveries: DeliveryRow[]) {
    const handed = await this.deps.handover.dossiers(deliveries.map((d) => d.dossier_id));
    const byId = new Map(handed.map((h) => [h.row.id, h]));
    const contacts = await this.deps.applicants.contactsOf(handed.map((h) => h.row.filed_by));
    const contactOf = new Map(contacts.map((c) => [c.id, c]));
    const described = [];
    for (const delivery of deliveries) {
      const dossier = byId.get(delivery.dossier_id);
      if (!dossier) continue;
      described.push({
        id: delivery.id,
        attempt: delivery.attempts,
        createdAt: delivery.created_at.toISOString(),
        leasedUntil: iso(delivery.leased_until),
        acknowledgedAt: iso(delivery.acknowledged_at),
        dossier: await this.dossier(client, delivery, dossier, contactOf.get(dossier.row.filed_by)),
      });
    }
    return described;
  }

  private async dossier(
    client: ApiClient,
    delivery: DeliveryRow,
    { row, attachments, fees }: HandedDossier,
    contact: { email: string | null; phone: string | null } | undefined,
  ) {
    const procedure = await this.deps.catalog.getProcedure(row.procedure_code);
    const agency = await this.deps.catalog.agency(row.agency_code);
    return {
      code: row.code!,
      procedure: {
        code: row.procedure_code,
        version: row.procedure_version,
        name: procedure.name,
        nameEn: procedure.nameEn,
      },
      agency: { code: agency.code, name: agency.name, nameEn: agency.nameEn },
      channel: row.channel,
      status: row.status,
      applicant: {
        name: row.applicant_name ?? '',
        idNumber: row.applicant_id_number ?? '',
        email: contact?.email ?? null,
        phone: contact?.phone ?? null,
      },
      answers: row.answers,
      submittedAt: row.submitted_at!.toISOString(),
      dueAt: row.due_at!.toISOString(),
      fees: fees.map((fee) => ({
        amount: fee.amount,
        items: fee.items,
        requestedAt: fee.requested_at.toISOString(),
        paid: fee.paid_order_id !== null,
      })),
      attachments: attachments.map((a) => {
        const link = this.deps.links.make(client.id, delivery.id, a.document_id);
        return {
          fieldId: a.field_id,
          documentId: a.document_id,
          fileName: a.file_name,
          contentType: a.content_type,
          size: a.size,
          sha256: a.sha256,
          url: `${this.deps.publicUrl}/api/v1/integration/files/${link.token}`,
          expiresAt: link.expiresAt.toISOString(),
        };
      }),
    };
  }
}
