import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { ProblemError } from '../../platform/errors.js';
import { assertFormToken } from '../../platform/forms.js';
import type { DossierRow } from '../dossiers/index.js';
import { actorOf, type Actor } from '../identity/index.js';
import { requireWorker, type DossierAccess } from './access.js';

/** What the back office's HTTP routes and pages share: schemas, mappers, the officer's guard. */

export const tags = ['back office'];

export const CodeParams = Type.Object({ code: Type.String({ maxLength: 60 }) });

export const DossierState = Type.Object({
  code: Type.String(),
  status: Type.Integer({ description: 'National status code 1–10' }),
  step: Type.Union([Type.String(), Type.Null()], {
    description: 'The processing step (its code in the workflow) while status is 4',
  }),
  version: Type.Integer({ description: 'Send it back with an action (optimistic locking)' }),
  procedureCode: Type.String(),
  agencyCode: Type.String({ description: 'The receiving agency' }),
  handlingAgencyCode: Type.String({ description: 'The agency holding it now' }),
  assignedTo: Type.Union([Type.String(), Type.Null()]),
  applicantName: Type.Union([Type.String(), Type.Null()]),
  submittedAt: Type.Union([Type.String(), Type.Null()]),
  dueAt: Type.Union([Type.String(), Type.Null()]),
  late: Type.Boolean(),
  trackingNumber: Type.Union([Type.String(), Type.Null()], {
    description: 'The postal tracking number of a result sent by post',
  }),
  updatedAt: Type.String(),
});

/** A dossier's state as the API answers it. */
export const stateDto = (row: DossierRow, access: Pick<DossierAccess, 'isLate'>) => ({
  code: row.code!,
  status: row.status,
  step: row.step,
  version: row.version,
  procedureCode: row.procedure_code,
  agencyCode: row.agency_code,
  handlingAgencyCode: row.handling_agency_code,
  assignedTo: row.assigned_to,
  applicantName: row.applicant_name,
  submittedAt: row.submitted_at?.toISOString() ?? null,
  dueAt: row.due_at?.toISOString() ?? null,
  late: access.isLate(row),
  trackingNumber: row.result_tracking_number,
  updatedAt: row.updated_at.toISOString(),
});

/** The caller of an officer's route, who must work dossiers somewhere (else 403). */
export const workerOf = (request: FastifyRequest): Actor => requireWorker(actorOf(request));

/** A page's query string or a plain form's body, before it is read. */
export type Query = Record<string, string | undefined>;

export const LooseQuery = Type.Record(Type.String(), Type.String());

/** Officer pages: an officer with a working role somewhere; forms carry their token. */
async function requireOfficer(request: FastifyRequest) {
  workerOf(request);
  if (request.method === 'POST') {
    assertFormToken(request.viewer?.csrfToken, (request.body as Query | undefined)?.csrf);
  }
}

/** The options of every officer page and form. */
export const officers = { config: { access: 'officer' as const }, preHandler: requireOfficer };

/** The options of an officer's page (a GET with a query string of its own). */
export const officerPage = { schema: { hide: true, querystring: LooseQuery }, ...officers };

/** The options of an officer's other routes: plain forms (POST) and files. */
export const officerOnly = { schema: { hide: true }, ...officers };

/**
 * The options of an officer's plain form: its fields are single texts, so a post with none
 * at all or with a name twice is a 400 rather than a handler reading what is not a string.
 */
export const officerForm = { schema: { hide: true, body: LooseQuery }, ...officers };

/** Refused by the lifecycle (409) or for want of a role (403), rather than mistyped. */
export const isRefused = (error: ProblemError) => error.status === 409 || error.status === 403;

/** Why an action was refused, in words: a lost race reads differently from a rule. */
export const refusalOf = (request: FastifyRequest, error: ProblemError) =>
  error.code === 'version_conflict'
    ? request.t('backoffice.conflict')
    : request.t(error.messageKey, error.params);
