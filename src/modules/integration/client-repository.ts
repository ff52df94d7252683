import type { Queryable } from '../../platform/db.js';
import type { ApiClient, ClientStatus, Scope } from './scopes.js';

interface ClientRow {
  id: string;
  name: string;
  owner_agency_code: string;
  contact_name: string;
  contact_email: string;
  contact_phone: string | null;
  scopes: Scope[];
  allowed_agencies: string[];
  rate_limit_per_minute: number;
  allowed_addresses: string[];
  secret_hash: string | null;
  status: ClientStatus;
  suspended_reason: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** A client's public key as registered: a JWK, and whether it is still accepted. */
export interface ClientKey {
  kid: string;
  jwk: Record<string, unknown>;
  addedAt: Date;
  retiredAt: Date | null;
}

/** What an administrator says of a client when registering or changing it. */
export interface ClientFields {
  name: string;
  ownerAgencyCode: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string | null;
  scopes: Scope[];
  allowedAgencies: string[];
  rateLimitPerMinute: number;
  allowedAddresses: string[];
}

const toClient = (row: ClientRow): ApiClient => ({
  id: row.id,
  name: row.name,
  ownerAgencyCode: row.owner_agency_code,
  contactName: row.contact_name,
  contactEmail: row.contact_email,
  contactPhone: row.contact_phone,
  scopes: row.scopes,
  allowedAgencies: row.allowed_agencies,
  rateLimitPerMinute: row.rate_limit_per_minute,
  allowedAddresses: row.allowed_addresses,
  status: row.status,
  suspendedReason: row.suspended_reason,
  hasSecret: row.secret_hash !== null,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});

const fieldValues = (f: ClientFields) => [
  f.name,
  f.ownerAgencyCode,
  f.contactName,
  f.contactEmail,
  f.contactPhone,
  f.scopes,
  f.allowedAgencies,
  f.rateLimitPerMinute,
  f.allowedAddresses,
];

/** The integration module's API clients and their keys (tables of migration 0023). */
export class ClientRepository {
  constructor(private readonly q: Queryable) {}

  async insert(fields: ClientFields, by: string | null, now: Date): Promise<ApiClient> {
    const [row] = await this.q.query<ClientRow>(
      `INSERT INTO api_clients (name, owner_agency_code, contact_name, contact_email,
         contact_phone, scopes, allowed_agencies, rate_limit_per_minute, allowed_addresses,
         created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING *`,
      [...fieldValues(fields), by, now],
    );
    return toClient(row!);
  }

  /** The client changed when still at `version`; null when someone changed it first. */
  async update(id: string, version: number, fields: ClientFields, now: Date) {
    const [row] = await this.q.query<ClientRow>(
      `UPDATE api_clients SET name = $3, owner_agency_code = $4, contact_name = $5,
         contact_email = $6, contact_phone = $7, scopes = $8, allowed_agencies = $9,
         rate_limit_per_minute = $10, allowed_addresses = $11, updated_at = $12,
         version = version + 1
       WHERE id = $1 AND version = $2 RETURNING *`,
      [id, version, ...fieldValues(fields), now],
    );
    return row ? toClient(row) : null;
  }

  async setStatus(id: string, status: ClientStatus, reason: string | null, now: Date) {
    const [row] = await this.q.query<ClientRow>(
      `UPDATE api_clients SET status = $2, suspended_reason = $3, updated_at = $4,
         version = version + 1
       WHERE id = $1 RETURNING *`,
      [id, status, reason, now],
    );
    return row ? toClient(row) : null;
  }

  async setSecretHash(id: string, secretHash: string | null, now: Date) {
    await this.q.query(
      `UPDATE api_clients SET secret_hash = $2, updated_at = $3, version = version + 1
       WHERE id = $1`,
      [id, secretHash, now],
    );
  }

  async find(id: string): Promise<ApiClient | null> {
    const [row] = await this.q.query<ClientRow>('SELECT * FROM api_clients WHERE id = $1', [id]);
    return row ? toClient(row) : null;
  }

  async secretHash(id: string): Promise<string | null> {
    const [row] = await this.q.query<{ secret_hash: string | null }>(
      'SELECT secret_hash FROM api_clients WHERE id = $1',
      [id],
    );
    return row?.secret_hash ?? null;
  }

  async list(): Promise<ApiClient[]> {
    const rows = await this.q.query<ClientRow>('SELECT * FROM api_clients ORDER BY name, id');
    return rows.map(toClient);
  }

  /** Its keys, the accepted ones first, newest first. */
  keys(clientId: string): Promise<ClientKey[]> {
    return this.q.query<ClientKey>(
      `SELECT kid, jwk, added_at AS "addedAt", retired_at AS "retiredAt" FROM api_client_keys
       WHERE client_id = $1 ORDER BY retired_at IS NOT NULL, added_at DESC, kid`,
      [clientId],
    );
  }

  /** How many accepted (not retired) keys each client has; clients with none are absent. */
  async keyCounts(): Promise<Map<string, number>> {
    const rows = await this.q.query<{ client_id: string; keys: number }>(
      `SELECT client_id, count(*)::int AS keys FROM api_client_keys
       WHERE retired_at IS NULL GROUP BY client_id`,
    );
    return new Map(rows.map((r) => [r.client_id, r.keys]));
  }

  /** False when the client already has a key by that id. */
  async addKey(clientId: string, kid: string, jwk: object, now: Date): Promise<boolean> {
    const rows = await this.q.query(
      `INSERT INTO api_client_keys (client_id, kid, jwk, added_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING kid`,
      [clientId, kid, JSON.stringify(jwk), now],
    );
    return rows.length === 1;
  }

  async retireKey(clientId: string, kid: string, now: Date): Promise<boolean> {
    const rows = await this.q.query(
      `UPDATE api_client_keys SET retired_at = $3
       WHERE client_id = $1 AND kid = $2 AND retired_at IS NULL RETURNING kid`,
      [clientId, kid, now],
    );
    return rows.length === 1;
  }

  /** Records an assertion's jti; false when it was used before (a replay). */
  async useAssertion(clientId: string, jti: string, expiresAt: Date, now: Date) {
    await this.q.query('DELETE FROM api_client_assertions WHERE expires_at < $1', [now]);
    const rows = await this.q.query(
      `INSERT INTO api_client_assertions (client_id, jti, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING jti`,
      [clientId, jti, expiresAt],
    );
    return rows.length === 1;
  }
}
