import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../../../platform/errors.js';
import type { IdentityService } from '../../identity/index.js';
import { applicantFor, type Applicant } from '../applicant.js';
import type { DossierService } from '../service.js';

/** What the dossiers API's route plugins share: schemas, mappers, the applicant's guard. */

export const tags = ['dossiers'];

/** A procedure or an agency as dossiers name them. */
export const Named = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
});

/** A draft's id: a UUID (without the `urn:uuid:` form the format allows, by its length). */
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid', maxLength: 36 }) });
export const CodeParams = Type.Object({ code: Type.String({ maxLength: 60 }) });

export const Attachment = Type.Object({
  field: Type.String(),
  documentId: Type.String({ format: 'uuid' }),
  fileName: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
});

const FieldProblem = Type.Object({ field: Type.String(), problem: Type.String() });

export const Draft = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.Union([Type.String(), Type.Null()]),
  status: Type.Integer({ description: '0 draft; then the national status codes 1–10' }),
  procedureCode: Type.String(),
  agencyCode: Type.String(),
  answers: Type.Record(Type.String(), Type.Unknown()),
  attachments: Type.Array(Attachment),
  problems: Type.Array(FieldProblem, { description: 'What still stops submission' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

type DraftView = Awaited<ReturnType<DossierService['draft']>>;

export const attachmentDto = (a: DraftView['attachments'][number]) => ({
  field: a.field_id,
  documentId: a.document_id,
  fileName: a.file_name,
  contentType: a.content_type,
  size: a.size,
  sha256: a.sha256,
});

export const draftDto = (view: DraftView) => ({
  id: view.row.id,
  code: view.row.code,
  status: view.row.status,
  procedureCode: view.row.procedure_code,
  agencyCode: view.row.agency_code,
  answers: view.row.answers,
  attachments: view.attachments.map(attachmentDto),
  problems: view.problems.map((p) => ({ field: p.path, problem: p.problem })),
  updatedAt: view.row.updated_at.toISOString(),
});

/**
 * The applicant a citizen's request files as (the route's access has let a citizen through):
 * 403 for an account without the identity a dossier needs.
 */
export async function requireApplicant(
  request: FastifyRequest,
  identity: IdentityService,
): Promise<Applicant> {
  if (!request.session) throw new ProblemError(401, 'unauthenticated', 'errors.unauthenticated');
  const applicant = await applicantFor(identity, request.session, request.locale);
  if (!applicant) throw new ProblemError(403, 'not_applicant', 'errors.notApplicant');
  return applicant;
}
