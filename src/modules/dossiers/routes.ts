import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http.js';
import { sendPrivateFile } from '../../platform/http.js';
import { ProblemError, ProblemSchema } from '../../platform/errors.js';
import type { IdentityService } from '../identity/index.js';
import type { Answers } from '../forms/index.js';
import { applicantFor, type Applicant } from './applicant.js';
import type { DossierService } from './service.js';
import type { DocumentStore } from './document-store.js';
import { receiptPdf } from './receipt.js';
import { fileTooLarge, readMultipart } from './multipart.js';

const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
});

const Attachment = Type.Object({
  field: Type.String(),
  documentId: Type.String({ format: 'uuid' }),
  fileName: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
});

const IdParams = Type.Object({ id: Type.String({ maxLength: 36 }) });
const CodeParams = Type.Object({ code: Type.String({ maxLength: 60 }) });

const FieldProblem = Type.Object({ field: Type.String(), problem: Type.String() });

const Draft = Type.Object({
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

const Submission = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String({ description: '<agency code>-<yyMMdd>-<sequence>' }),
  status: Type.Integer(),
  submittedAt: Type.String({ format: 'date-time' }),
  appointmentDate: Type.String({ format: 'date-time' }),
});

const Event = Type.Object({
  at: Type.String({ format: 'date-time' }),
  action: Type.String(),
  status: Type.Integer(),
  note: Type.Union([Type.String(), Type.Null()]),
});

const Dossier = Type.Object({
  code: Type.String(),
  status: Type.Integer(),
  procedure: Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }),
  agency: Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }),
  submittedAt: Type.String({ format: 'date-time' }),
  appointmentDate: Type.String({ format: 'date-time' }),
  answers: Type.Record(Type.String(), Type.Unknown()),
  attachments: Type.Array(Attachment),
  timeline: Type.Array(Event),
  resultDocumentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
    description: 'The signed e-result, to fetch from the document store',
  }),
  resultTrackingNumber: Type.Union([Type.String(), Type.Null()], {
    description: 'The postal tracking number, when the result was sent by post',
  }),
});

const Lookup = Type.Object({
  code: Type.String(),
  status: Type.Integer(),
  procedure: Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }),
  agency: Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }),
  submittedAt: Type.String({ format: 'date-time' }),
  appointmentDate: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const Document = Type.Object({
  id: Type.String({ format: 'uuid' }),
  documentType: Type.String(),
  fileName: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  source: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

type DraftView = Awaited<ReturnType<DossierService['draft']>>;
type Row = DraftView['row'];

const attachmentDto = (a: DraftView['attachments'][number]) => ({
  field: a.field_id,
  documentId: a.document_id,
  fileName: a.file_name,
  contentType: a.content_type,
  size: a.size,
  sha256: a.sha256,
});

const documentDto = (d: Awaited<ReturnType<DocumentStore['documents']>>[number]) => ({
  id: d.id,
  documentType: d.document_type,
  fileName: d.file_name,
  contentType: d.content_type,
  size: d.size,
  sha256: d.sha256,
  source: d.source,
  createdAt: d.created_at.toISOString(),
});

const draftDto = (view: DraftView) => ({
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

const summaryDto = (row: Row, procedure: { name: string; nameEn: string }) => ({
  id: row.id,
  code: row.code,
  status: row.status,
  procedureCode: row.procedure_code,
  procedureName: procedure.name,
  procedureNameEn: procedure.nameEn,
  agencyCode: row.agency_code,
  updatedAt: row.updated_at.toISOString(),
  submittedAt: row.submitted_at?.toISOString() ?? null,
  appointmentDate: row.due_at?.toISOString() ?? null,
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

export function dossierApiRoutes(
  app: App,
  dossiers: DossierService,
  documents: DocumentStore,
  identity: IdentityService,
  limits: { maxFileBytes: number; submissionsPerMinute: number },
) {
  const who = (request: FastifyRequest) => requireApplicant(request, identity);
  const tags = ['dossiers'];

  app.post(
    '/api/v1/dossiers',
    {
      schema: {
        tags,
        summary: 'Start a draft dossier for a procedure',
        headers: IdempotencyHeaders,
        body: Type.Object(
          {
            procedureCode: Type.String({ minLength: 1, maxLength: 20 }),
            agencyCode: Type.Optional(Type.String({ minLength: 1, maxLength: 30 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Draft, ...problems },
      },
      config: {
        access: 'citizen',
        rateLimit: { max: limits.submissionsPerMinute, timeWindow: '1 minute' },
      },
    },
    async (request, reply) => {
      const view = await dossiers.createDraft(
        await who(request),
        request.body,
        request.headers['idempotency-key'],
      );
      return reply.status(201).send(draftDto(view));
    },
  );

  app.get(
    '/api/v1/dossiers',
    {
      config: { access: 'citizen' },
      schema: {
        tags,
        summary: 'My dossiers: drafts and submitted, newest first',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                code: Type.Union([Type.String(), Type.Null()]),
                status: Type.Integer(),
                procedureCode: Type.String(),
                procedureName: Type.String(),
                procedureNameEn: Type.String(),
                agencyCode: Type.String(),
                updatedAt: Type.String(),
                submittedAt: Type.Union([Type.String(), Type.Null()]),
                appointmentDate: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (request) => ({
      items: (await dossiers.list(await who(request))).map((d) => summaryDto(d.row, d.procedure)),
    }),
  );

  app.patch(
    '/api/v1/dossiers/:id',
    {
      config: { access: 'citizen' },
      schema: {
        tags,
        summary: 'Save answers to a draft (every answer given is checked)',
        params: IdParams,
        body: Type.Object({ answers: Type.Record(Type.String(), Type.Unknown()) }),
        response: { 200: Draft, ...problems },
      },
    },
    async (request) => {
      const applicant = await who(request);
      const { id } = request.params;
      await dossiers.saveAnswers(applicant, id, request.body.answers as Answers, { strict: true });
      return draftDto(await dossiers.draft(applicant, id));
    },
  );

  app.post(
    '/api/v1/dossiers/:id/attachments',
    {
      config: { access: 'citizen' },
      schema: {
        tags,
        summary: 'Attach a file (multipart: field, file) or a stored document (field, documentId)',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 201: Attachment, ...problems },
      },
    },
    async (request, reply) => {
      const applicant = await who(request);
      const { files, oversize, text } = await readMultipart(request, limits.maxFileBytes);
      const field = text('field') ?? '';
      if (oversize.length > 0) throw fileTooLarge(field, limits.maxFileBytes);
      const file = files[0];
      const documentId = text('documentId');
      const document = file
        ? await documents.upload(applicant, request.params.id, field, file)
        : documentId
          ? await documents.reuse(applicant, request.params.id, field, documentId)
          : null;
      if (!document) {
        throw new ProblemError(422, 'file_required', 'errors.invalidAnswers', { count: 1 }, [
          { field: 'file', messageKey: 'dossier.error.emptyFile' },
        ]);
      }
      return reply.status(201).send({
        field,
        documentId: document.id,
        fileName: document.file_name,
        contentType: document.content_type,
        size: document.size,
        sha256: document.sha256,
      });
    },
  );

  app.post(
    '/api/v1/dossiers/:id/submit',
    {
      schema: {
        tags,
        summary: 'Submit a draft: a code, status 1 and the appointment date (idempotent)',
        headers: IdempotencyHeaders,
        params: IdParams,
        response: { 200: Submission, ...problems },
      },
      config: {
        access: 'citizen',
        rateLimit: { max: limits.submissionsPerMinute, timeWindow: '1 minute' },
      },
    },
    async (request) =>
      dossiers.submit(await who(request), request.params.id, request.headers['idempotency-key']),
  );

  app.get(
    '/api/v1/dossiers/:code',
    {
      config: { access: 'citizen' },
      schema: {
        tags,
        summary: 'One of my dossiers by its code (a draft by its id), with its timeline',
        params: CodeParams,
        response: { 200: Type.Union([Dossier, Draft]), ...problems },
      },
    },
    async (request) => {
      const applicant = await who(request);
      const ref = request.params.code;
      if (/^[0-9a-f-]{36}$/i.test(ref)) return draftDto(await dossiers.draft(applicant, ref));
      const view = await dossiers.byCode(applicant, ref);
      return {
        code: view.row.code!,
        status: view.row.status,
        procedure: {
          code: view.procedure.code,
          name: view.procedure.name,
          nameEn: view.procedure.nameEn,
        },
        agency: { code: view.agency.code, name: view.agency.name, nameEn: view.agency.nameEn },
        submittedAt: view.row.submitted_at!.toISOString(),
        appointmentDate: view.row.due_at!.toISOString(),
        answers: view.row.answers,
        attachments: view.attachments.map(attachmentDto),
        resultDocumentId: view.row.result_document_id,
        resultTrackingNumber: view.row.result_tracking_number,
        timeline: view.events.map((e) => ({
          at: e.at.toISOString(),
          action: e.action,
          status: e.status,
          note: e.note,
        })),
      };
    },
  );

  app.get(
    '/api/v1/dossiers/:code/receipt.pdf',
    {
      config: { access: 'citizen' },
      schema: {
        tags,
        summary: 'The receipt and appointment slip (PDF)',
        produces: ['application/pdf'],
        params: CodeParams,
        response: { 200: Type.Any(), ...problems },
      },
    },
    async (request, reply) => {
      const applicant = await who(request);
      const view = await dossiers.byCode(applicant, request.params.code);
      const pdf = await receiptPdf(view, request.locale, dossiers.lookupUrl(view.row.code!));
      return sendPrivateFile(reply, {
        contentType: 'application/pdf',
        fileName: `${view.row.code}.pdf`,
        data: pdf,
      });
    },
  );

  app.post(
    '/api/v1/dossiers/:code/withdraw',
    {
      config: { access: 'citizen' },
      schema: {
        tags,
        summary: 'Withdraw a submitted dossier before processing starts (status 7)',
        params: CodeParams,
        body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }),
        response: {
          200: Type.Object({ code: Type.String(), status: Type.Integer() }),
          ...problems,
        },
      },
    },
    async (request) => {
      const row = await dossiers.withdraw(
        await who(request),
        request.params.code,
        request.body.reason?.trim() || null,
      );
      return { code: row.code!, status: row.status };
    },
  );

  app.get(
    '/api/v1/dossier-lookup',
    {
      schema: {
        tags,
        summary: 'Public lookup by dossier code and the applicant’s ID number',
        querystring: Type.Object({
          code: Type.String({ minLength: 1, maxLength: 60 }),
          idNumber: Type.String({ minLength: 1, maxLength: 20 }),
        }),
        response: { 200: Lookup, ...problems },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request) => {
      const found = await dossiers.lookup(request.query.code, request.query.idNumber);
      return {
        ...found,
        submittedAt: found.submittedAt.toISOString(),
        appointmentDate: found.dueAt.toISOString(),
        updatedAt: found.updatedAt.toISOString(),
      };
    },
  );

  app.get(
    '/api/v1/me/documents',
    {
      config: { access: 'citizen' },
      schema: {
        tags,
        summary: 'My personal document store',
        querystring: Type.Object({ type: Type.Optional(Type.String({ maxLength: 50 })) }),
        response: { 200: Type.Object({ items: Type.Array(Document) }), ...problems },
      },
    },
    async (request) => ({
      items: (await documents.documents(await who(request), request.query.type)).map(documentDto),
    }),
  );
}
