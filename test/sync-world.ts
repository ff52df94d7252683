import type { Database } from '../src/platform/db.js';

/* What the status sync tests arrange: a connected system, and a counter dossier's first push. */

/** A connected system registered for some agencies (the integration module's table). */
export async function registerClient(db: Database, agencies: string[]) {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO api_clients (name, owner_agency_code, contact_name, contact_email, scopes,
       allowed_agencies, created_at, updated_at)
     VALUES ('Hệ thống một cửa tỉnh', $1, 'Trần Văn Bình', 'mot-cua@example.vn',
       ARRAY['dossiers:sync'], $2, now(), now()) RETURNING id`,
    [agencies[0], agencies],
  );
  return { id: row!.id, allowedAgencies: agencies };
}

/** A counter dossier's first push, with everything the first push must say. */
export const counterDossier = (code: string, ward: string, more: Record<string, unknown> = {}) => ({
  eventId: `${code}-1`,
  at: '2026-11-20T02:00:00Z',
  code,
  status: 2,
  procedureCode: '1.001193',
  agencyCode: ward,
  channel: 1,
  applicant: { name: 'Nguyễn Văn An', idNumber: '001089012345' },
  receivedAt: '2026-11-20T02:00:00Z',
  dueAt: '2026-11-25T10:00:00Z',
  ...more,
});
