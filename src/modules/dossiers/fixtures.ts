import type { Queryable } from '../../platform/db.js';
import { STATUS } from './codes.js';

/**
 * What tests and benchmarks arrange that no person could (a deadline already past, a busy
 * year's dossiers at once): kept here so that the dossier tables are written by this module
 * alone. Nothing in the portal calls these.
 */

/** Removes a document row outright, as a restart between storing a file and recording it leaves things. */
export async function forgetDocument(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM documents WHERE id = $1', [id]);
}

/** Moves a dossier's due date, as if it had been filed long ago. */
export async function setDueDate(db: Queryable, code: string, dueAt: Date): Promise<void> {
  await db.query('UPDATE dossiers SET due_at = $2 WHERE code = $1', [code, dueAt]);
}

/**
 * `count` dossiers of one owner spread over `agencies`: statuses as a busy year leaves them
 * (most returned, the rest in every open state), due dates from two months back to a month
 * ahead; those in processing at a review step before approval.
 */
export async function insertSyntheticDossiers(
  db: Queryable,
  input: { ownerId: string; agencies: string[]; count: number },
): Promise<void> {
  await db.query(
    `INSERT INTO dossiers (code, owner_id, filed_by, procedure_code, procedure_version, agency_code,
       handling_agency_code, channel, status, step, step_role, workflow, answers, applicant_name,
       applicant_id_number, created_at, updated_at, submitted_at, due_at)
     SELECT agency || '-' || to_char(submitted, 'YYMMDD') || '-' || lpad(n::text, 7, '0'),
       $1, $1, '2.001009', 1, agency, agency, 2, status, CASE WHEN status = ${STATUS.processing} THEN 'review' END,
       CASE WHEN status = ${STATUS.processing} THEN 'processor' END,
       CASE WHEN status = ${STATUS.processing} THEN jsonb_build_array(
         jsonb_build_object('code', 'review', 'role', 'processor', 'agencyCode', agency,
           'name', jsonb_build_object('vi', 'Thẩm định', 'en', 'Review')),
         jsonb_build_object('code', 'approval', 'role', 'approver', 'agencyCode', agency,
           'name', jsonb_build_object('vi', 'Phê duyệt', 'en', 'Approval'))) END,
       '{"documentName": "Bằng tốt nghiệp"}', 'Công dân ' || n, '001090000001',
       submitted, submitted, submitted, submitted + interval '3 days'
     FROM (
       SELECT n, ($2::text[])[1 + n % cardinality($2::text[])] AS agency,
         (ARRAY[10,10,10,10,10,10,9,8,3,7,1,2,4,4,5,6])[1 + ((n / cardinality($2::text[])) * 7) % 16]::smallint AS status,
         now() - interval '60 days' + (n % 90) * interval '1 day' + (n % 480) * interval '1 minute' AS submitted
       FROM generate_series(1, $3::int) AS n
     ) AS g`,
    [input.ownerId, input.agencies, input.count],
  );
}
