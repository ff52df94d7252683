import type { Queryable } from '../../platform/db.js';
import type { OwnedDossierRow } from './repository.js';
import type { DossierRow } from './rows.js';
import type { ResultFile } from './sync-items.js';
import type { CodePlan, SyncedRow } from './sync-plan.js';
import type { SyncStatus } from './sync-lifecycle.js';

/**
 * Status sync's SQL (ADR 0016). A batch is a handful of statements whatever its size: each
 * takes its rows as arrays (`unnest`), so a thousand events cost what a few cost, on
 * PostgreSQL and on the embedded database alike.
 */

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** One synced dossier's event as its timeline shows it. */
export interface SyncEventRow {
  at: Date;
  status: SyncStatus;
  applied: boolean;
  note: string | null;
}

/** A person's dossier as their list shows it: one of the portal's own, or a synced one. */
export type MineRow =
  | (OwnedDossierRow & { synced: false })
  | (Pick<
      SyncedRow,
      'code' | 'status' | 'procedure_code' | 'agency_code' | 'received_at' | 'due_at' | 'updated_at'
    > & { synced: true });

const VALUE_COLUMNS = `procedure_code, agency_code, channel, applicant_name, applicant_id_number,
  status, last_event_at, received_at, due_at, returned_at, fees, supplements, results,
  flag_count, last_flag, last_flag_at`;

const VALUE_ARRAYS = `$3::text[], $4::text[], $5::text[], $6::smallint[], $7::text[], $8::text[],
  $9::smallint[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[], $13::timestamptz[],
  $14::text[], $15::text[], $16::text[], $17::int[], $18::text[], $19::timestamptz[]`;

/** The values of planned dossiers as arrays, column by column ($3 … $19). */
function valueArrays(plans: CodePlan[]): unknown[] {
  const column = <T>(pick: (plan: CodePlan) => T) => plans.map(pick);
  return [
    column((p) => p.code),
    column((p) => p.values.procedureCode),
    column((p) => p.values.agencyCode),
    column((p) => p.values.channel),
    column((p) => p.values.applicantName),
    column((p) => p.values.applicantIdNumber),
    column((p) => p.values.status),
    column((p) => iso(p.values.newestAt)),
    column((p) => iso(p.values.receivedAt)),
    column((p) => iso(p.values.dueAt)),
    column((p) => iso(p.values.returnedAt)),
    column((p) => JSON.stringify(p.values.fees)),
    column((p) => JSON.stringify(p.values.supplements)),
    column((p) => JSON.stringify(p.values.results)),
    column((p) => p.values.flagCount),
    column((p) => p.values.lastFlag),
    column((p) => iso(p.values.lastFlagAt)),
  ];
}

export class SyncRepository {
  constructor(private readonly db: Queryable) {}

  with(tx: Queryable) {
    return new SyncRepository(tx);
  }

  /** The procedures and agencies of the dossiers named, as far as the portal knows them. */
  async namedBy(codes: string[]): Promise<{ procedure_code: string; agency_code: string }[]> {
    return this.db.query(
      `SELECT procedure_code, agency_code FROM synced_dossiers WHERE code = ANY($1::text[])
       UNION SELECT procedure_code, agency_code FROM dossiers WHERE code = ANY($1::text[])`,
      [codes],
    );
  }

  /** The synced dossiers of these codes, locked for the batch, in code order. */
  async lockSynced(codes: string[]): Promise<SyncedRow[]> {
    return this.db.query<SyncedRow>(
      `SELECT * FROM synced_dossiers WHERE code = ANY($1::text[]) ORDER BY code FOR UPDATE`,
      [codes],
    );
  }

  /** The portal's dossiers of these codes, locked for the batch, in code order. */
  async lockPortal(codes: string[]): Promise<DossierRow[]> {
    if (codes.length === 0) return [];
    return this.db.query<DossierRow>(
      `SELECT * FROM dossiers WHERE code = ANY($1::text[]) ORDER BY code FOR UPDATE`,
      [codes],
    );
  }

  /** Which of these event ids the client sent before. */
  async recordedEvents(clientId: string, eventIds: string[]): Promise<Set<string>> {
    const rows = await this.db.query<{ event_id: string }>(
      `SELECT event_id FROM dossier_sync_events WHERE client_id = $1 AND event_id = ANY($2::text[])`,
      [clientId, eventIds],
    );
    return new Set(rows.map((r) => r.event_id));
  }

  /** Result files uploaded, by SHA-256: their type and size as found on upload. */
  async resultFiles(
    sha256s: string[],
  ): Promise<Map<string, { contentType: string; size: number }>> {
    if (sha256s.length === 0) return new Map();
    const rows = await this.db.query<{ sha256: string; content_type: string; size: number }>(
      `SELECT sha256, content_type, size FROM sync_result_files WHERE sha256 = ANY($1::text[])`,
      [sha256s],
    );
    return new Map(rows.map((r) => [r.sha256, { contentType: r.content_type, size: r.size }]));
  }

  async recordResultFile(
    clientId: string,
    file: { sha256: string; contentType: string; size: number },
    now: Date,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO sync_result_files (sha256, client_id, content_type, size, uploaded_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING`,
      [file.sha256, clientId, file.contentType, file.size, now],
    );
  }

  /**
   * New synced dossiers, in code order; a code another batch created meanwhile is left
   * alone (it waits for that batch to end) and missing from the codes answered.
   */
  async insertSynced(clientId: string, plans: CodePlan[], now: Date): Promise<Set<string>> {
    if (plans.length === 0) return new Set();
    const rows = await this.db.query<{ code: string }>(
      `INSERT INTO synced_dossiers (code, dossier_id, client_id, ${VALUE_COLUMNS}, created_at, updated_at)
       SELECT u.code, u.dossier_id, $1, u.procedure_code, u.agency_code, u.channel, u.applicant_name,
         u.applicant_id_number, u.status, u.last_event_at, u.received_at, u.due_at, u.returned_at,
         u.fees::jsonb, u.supplements::jsonb, u.results::jsonb, u.flag_count, u.last_flag,
         u.last_flag_at, $2, $2
       FROM unnest($20::uuid[], ${VALUE_ARRAYS}) AS u(dossier_id, code, ${VALUE_COLUMNS})
       ORDER BY u.code
       ON CONFLICT (code) DO NOTHING RETURNING code`,
      [clientId, now, ...valueArrays(plans), plans.map((p) => p.portal?.id ?? null)],
    );
    return new Set(rows.map((r) => r.code));
  }

  /** Synced dossiers the batch changed (all of them locked by it). */
  async updateSynced(plans: CodePlan[], now: Date): Promise<void> {
    if (plans.length === 0) return;
    await this.db.query(
      `UPDATE synced_dossiers s SET client_id = u.client_id, procedure_code = u.procedure_code,
         agency_code = u.agency_code, channel = u.channel, applicant_name = u.applicant_name,
         applicant_id_number = u.applicant_id_number, status = u.status,
         last_event_at = u.last_event_at, received_at = u.received_at, due_at = u.due_at,
         returned_at = u.returned_at, fees = u.fees::jsonb, supplements = u.supplements::jsonb,
         results = u.results::jsonb, flag_count = u.flag_count, last_flag = u.last_flag,
         last_flag_at = u.last_flag_at, updated_at = $2
       FROM unnest($1::uuid[], ${VALUE_ARRAYS}) AS u(client_id, code, ${VALUE_COLUMNS})
       WHERE s.code = u.code`,
      [plans.map((p) => p.values.clientId), now, ...valueArrays(plans)],
    );
  }

  /** The batch's new events, applied or history only, in one statement. */
  async insertEvents(clientId: string, plans: CodePlan[], now: Date): Promise<void> {
    const events = plans.flatMap((p) => p.events);
    if (events.length === 0) return;
    await this.db.query(
      `INSERT INTO dossier_sync_events (client_id, event_id, dossier_code, at, status, applied, flag,
         recorded_at, note)
       SELECT $1, e.event_id, e.code, e.at, e.status, e.applied, e.flag, $2, e.note
       FROM unnest($3::text[], $4::text[], $5::timestamptz[], $6::smallint[], $7::boolean[],
         $8::text[], $9::text[]) AS e(event_id, code, at, status, applied, flag, note)
       ON CONFLICT DO NOTHING`,
      [
        clientId,
        now,
        events.map((e) => e.item.eventId),
        events.map((e) => e.item.code),
        events.map((e) => iso(e.item.at)),
        events.map((e) => e.item.status),
        events.map((e) => e.applied),
        events.map((e) => e.flag),
        events.map((e) => e.item.note),
      ],
    );
  }

  /**
   * A person's dossiers on the portal (drafts too) and, with their verified ID number, the
   * synced dossiers that name it (not the portal's own), newest change first: one statement
   * for their list.
   */
  async listMine(ownerId: string, idNumber: string | null, limit: number): Promise<MineRow[]> {
    return this.db.query<MineRow>(
      `(SELECT false AS synced, id, code, status, procedure_code, agency_code, updated_at,
          submitted_at, due_at, NULL::timestamptz AS received_at
        FROM dossiers WHERE owner_id = $1 ORDER BY updated_at DESC, id LIMIT $3)
       UNION ALL
       (SELECT true, NULL, code, status, procedure_code, agency_code, updated_at, NULL,
          due_at, received_at
        FROM synced_dossiers WHERE applicant_id_number = $2 AND dossier_id IS NULL
        ORDER BY updated_at DESC, code LIMIT $3)`,
      [ownerId, idNumber, limit],
    );
  }

  /** A synced dossier that is not one of the portal's own. */
  async findSynced(code: string): Promise<SyncedRow | undefined> {
    const [row] = await this.db.query<SyncedRow>(
      'SELECT * FROM synced_dossiers WHERE code = $1 AND dossier_id IS NULL',
      [code],
    );
    return row;
  }

  /** Every event of a synced dossier in time order, those that arrived late included. */
  async timeline(code: string): Promise<SyncEventRow[]> {
    return this.db.query<SyncEventRow>(
      `SELECT at, status, applied, note FROM dossier_sync_events WHERE dossier_code = $1
       ORDER BY at, recorded_at, event_id`,
      [code],
    );
  }
}

export type { ResultFile };
