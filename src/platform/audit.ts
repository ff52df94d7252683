import type { Queryable } from './db.js';

export interface AuditEntry {
  at: Date;
  actorId: string | null;
  action: string;
  resourceType: string;
  resourceId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** Appends to the audit log, inside the caller's transaction: no change without its entry. */
export async function audit(tx: Queryable, entry: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (at, actor_id, action, resource_type, resource_id, before, after, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      entry.at,
      entry.actorId,
      entry.action,
      entry.resourceType,
      entry.resourceId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
      entry.reason ?? null,
    ],
  );
}
