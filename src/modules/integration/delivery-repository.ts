import type { Queryable } from '../../platform/db.js';

export interface ConnectedAgencyRow {
  agency_code: string;
  client_id: string;
  since: Date;
  marked_by: string | null;
  swept_until: Date;
}

export interface DeliveryRow {
  id: string;
  client_id: string;
  dossier_id: string;
  dossier_code: string;
  agency_code: string;
  created_at: Date;
  attempts: number;
  last_delivered_at: Date | null;
  leased_until: Date | null;
  acknowledged_at: Date | null;
}

/** A dossier to deliver: its id, code and agency. */
export interface NewDelivery {
  dossierId: string;
  code: string;
  agencyCode: string;
}

/**
 * The SQL of the dossier exchange: agencies marked as processed in a connected system, and the
 * deliveries of their dossiers (delivery-lifecycle.ts says what may happen to one).
 */
export class DeliveryRepository {
  constructor(private readonly db: Queryable) {}

  connected(): Promise<ConnectedAgencyRow[]> {
    return this.db.query<ConnectedAgencyRow>(
      'SELECT * FROM connected_agencies ORDER BY agency_code',
    );
  }

  connectedOf(clientId: string): Promise<ConnectedAgencyRow[]> {
    return this.db.query<ConnectedAgencyRow>(
      'SELECT * FROM connected_agencies WHERE client_id = $1 ORDER BY agency_code',
      [clientId],
    );
  }

  /** Marks the agency; answers the row as it is now (another client's, if it has one). */
  async mark(agencyCode: string, clientId: string, actorId: string | null, now: Date) {
    const [row] = await this.db.query<ConnectedAgencyRow & { inserted: boolean }>(
      `WITH added AS (
         INSERT INTO connected_agencies (agency_code, client_id, since, marked_by, swept_until)
         VALUES ($1, $2, $3, $4, $3) ON CONFLICT (agency_code) DO NOTHING RETURNING *)
       SELECT *, true AS inserted FROM added
       UNION ALL
       SELECT *, false AS inserted FROM connected_agencies
       WHERE agency_code = $1 AND NOT EXISTS (SELECT 1 FROM added)`,
      [agencyCode, clientId, now, actorId],
    );
    return row!;
  }

  async unmark(agencyCode: string, clientId: string): Promise<ConnectedAgencyRow | undefined> {
    const [row] = await this.db.query<ConnectedAgencyRow>(
      'DELETE FROM connected_agencies WHERE agency_code = $1 AND client_id = $2 RETURNING *',
      [agencyCode, clientId],
    );
    return row;
  }

  /** Takes back the agency's deliveries the client has not acknowledged (RECALLABLE). */
  async recall(agencyCode: string, clientId: string): Promise<number> {
    const rows = await this.db.query(
      `DELETE FROM deliveries WHERE agency_code = $1 AND client_id = $2
         AND acknowledged_at IS NULL RETURNING id`,
      [agencyCode, clientId],
    );
    return rows.length;
  }

  /**
   * Deliveries for these dossiers, to the client their agency is connected to now (none for
   * an agency no longer connected), unless the dossier has one: the new ones.
   */
  create(dossiers: NewDelivery[], now: Date): Promise<DeliveryRow[]> {
    if (dossiers.length === 0) return Promise.resolve([]);
    return this.db.query<DeliveryRow>(
      `INSERT INTO deliveries (client_id, dossier_id, dossier_code, agency_code, created_at)
       SELECT c.client_id, d.id, d.code, d.agency_code, $4
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS d(id, code, agency_code)
       JOIN connected_agencies c ON c.agency_code = d.agency_code
       ORDER BY d.code
       ON CONFLICT (dossier_id) DO NOTHING RETURNING *`,
      [
        dossiers.map((d) => d.dossierId),
        dossiers.map((d) => d.code),
        dossiers.map((d) => d.agencyCode),
        now,
      ],
    );
  }

  async sweptUntil(agencyCodes: string[], until: Date): Promise<void> {
    await this.db.query(
      `UPDATE connected_agencies SET swept_until = greatest(swept_until, $2)
       WHERE agency_code = ANY($1::text[])`,
      [agencyCodes, until],
    );
  }

  /**
   * A pull: up to `limit` of the client's deliveries that are waiting or lapsed (LEASABLE),
   * of the agencies it may receive, oldest first, leased until `until`. Rows another pull is
   * leasing at the same moment are skipped, not waited for.
   */
  lease(
    clientId: string,
    agencies: string[],
    limit: number,
    now: Date,
    until: Date,
  ): Promise<DeliveryRow[]> {
    return this.db.query<DeliveryRow>(
      `WITH due AS (
         SELECT id FROM deliveries
         WHERE client_id = $1 AND acknowledged_at IS NULL
           AND (leased_until IS NULL OR leased_until <= $3) AND agency_code = ANY($2::text[])
         ORDER BY created_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
       UPDATE deliveries d SET attempts = d.attempts + 1, last_delivered_at = $3,
         leased_until = $5
       FROM due WHERE d.id = due.id RETURNING d.*`,
      [clientId, agencies, now, limit, until],
    );
  }

  /** One of the client's deliveries. */
  async find(clientId: string, id: string): Promise<DeliveryRow | undefined> {
    const [row] = await this.db.query<DeliveryRow>(
      'SELECT * FROM deliveries WHERE id = $1 AND client_id = $2',
      [id, clientId],
    );
    return row;
  }

  /** Acknowledges a delivery handed out and not acknowledged yet; undefined otherwise. */
  async acknowledge(id: string, now: Date): Promise<DeliveryRow | undefined> {
    const [row] = await this.db.query<DeliveryRow>(
      `UPDATE deliveries SET acknowledged_at = $2, leased_until = NULL
       WHERE id = $1 AND acknowledged_at IS NULL AND attempts > 0 RETURNING *`,
      [id, now],
    );
    return row;
  }

  /** The connected system a dossier was handed to, if it was: its name. */
  async handedTo(dossierId: string): Promise<{ name: string } | undefined> {
    const [row] = await this.db.query<{ name: string }>(
      `SELECT c.name FROM deliveries d JOIN api_clients c ON c.id = d.client_id
       WHERE d.dossier_id = $1`,
      [dossierId],
    );
    return row;
  }
}
