/**
 * What a connected system may do, decided here and nowhere else: the scopes a client holds
 * let it call a route at all, and its allowed agencies say whose dossiers it may send or
 * receive (a dossier of any other agency is refused per item, or answered 404).
 */

export const SCOPES = [
  'dossiers:sync',
  'dossiers:receive',
  'catalog:read',
  'payments:read',
  'webhooks:manage',
] as const;
export type Scope = (typeof SCOPES)[number];

export type ClientStatus = 'active' | 'suspended';

/** A registered API client as the routes see it. */
export interface ApiClient {
  id: string;
  name: string;
  ownerAgencyCode: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string | null;
  scopes: Scope[];
  allowedAgencies: string[];
  rateLimitPerMinute: number;
  /** Addresses or CIDR ranges it may call from; empty: anywhere. */
  allowedAddresses: string[];
  status: ClientStatus;
  suspendedReason: string | null;
  hasSecret: boolean;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const isScope = (value: string): value is Scope =>
  (SCOPES as readonly string[]).includes(value);

/** Whether the client may call a route that needs `scope`. */
export const holds = (client: ApiClient, scope: Scope): boolean =>
  client.status === 'active' && client.scopes.includes(scope);

/** Whether the client may send or receive the dossiers of this agency. */
export const mayActFor = (client: ApiClient, agencyCode: string): boolean =>
  client.status === 'active' && client.allowedAgencies.includes(agencyCode);
