import { Type } from '@sinclair/typebox';
import { invalidFields, PROBLEM_RESPONSES } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import type { Answers } from '../../forms/index.js';
import type { IdentityService } from '../../identity/index.js';
import type { DocumentStore } from '../document-store.js';
import { fileTooLarge, readMultipart } from '../multipart.js';
import type { DossierService } from '../service.js';
import { Attachment, Draft, IdParams, draftDto, requireApplicant, tags } from './shared.js';

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
});

const Submission = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String({ description: '<agency code>-<yyMMdd>-<sequence>' }),
  status: Type.Integer(),
  submittedAt: Type.String({ format: 'date-time' }),
  appointmentDate: Type.String({ format: 'date-time' }),
});

const CreateSchema = {
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
  response: { 201: Draft, ...PROBLEM_RESPONSES },
};

const AnswersSchema = {
  tags,
  summary: 'Save answers to a draft (every answer given is checked)',
  params: IdParams,
  body: Type.Object({ answers: Type.Record(Type.String(), Type.Unknown()) }),
  response: { 200: Draft, ...PROBLEM_RESPONSES },
};

const AttachSchema = {
  tags,
  summary: 'Attach a file (multipart: field, file) or a stored document (field, documentId)',
  consumes: ['multipart/form-data'],
  params: IdParams,
  response: { 201: Attachment, ...PROBLEM_RESPONSES },
};

const SubmitSchema = {
  tags,
  summary: 'Submit a draft: a code, status 1 and the appointment date (idempotent)',
  headers: IdempotencyHeaders,
  params: IdParams,
  response: { 200: Submission, ...PROBLEM_RESPONSES },
};

/** A citizen's drafts over the API: start one, answer, attach files, submit. */
export async function draftRoutes(
  app: App,
  opts: {
    dossiers: DossierService;
    documents: DocumentStore;
    identity: IdentityService;
    maxFileBytes: number;
    submissionsPerMinute: number;
  },
) {
  const { dossiers, documents, identity, maxFileBytes } = opts;
  const submissionLimit = { max: opts.submissionsPerMinute, timeWindow: '1 minute' };

  app.post(
    '/api/v1/dossiers',
    { schema: CreateSchema, config: { access: 'citizen', rateLimit: submissionLimit } },
    async (request, reply) => {
      const who = await requireApplicant(request, identity);
      const view = await dossiers.createDraft(
        who,
        request.body,
        request.headers['idempotency-key'],
      );
      return reply.status(201).send(draftDto(view));
    },
  );

  app.patch(
    '/api/v1/dossiers/:id',
    { config: { access: 'citizen' }, schema: AnswersSchema },
    async (request) => {
      const who = await requireApplicant(request, identity);
      const { id } = request.params;
      await dossiers.saveAnswers(who, id, request.body.answers as Answers, { strict: true });
      return draftDto(await dossiers.draft(who, id));
    },
  );

  app.post(
    '/api/v1/dossiers/:id/attachments',
    { config: { access: 'citizen' }, schema: AttachSchema },
    async (request, reply) => {
      const who = await requireApplicant(request, identity);
      const { files, oversize, text } = await readMultipart(request, maxFileBytes);
      const field = text('field') ?? '';
      if (oversize.length > 0) throw fileTooLarge(field, maxFileBytes);
      const file = files[0];
      const documentId = text('documentId');
      const document = file
        ? await documents.upload(who, request.params.id, field, file)
        : documentId
          ? await documents.reuse(who, request.params.id, field, documentId)
          : null;
      if (!document) {
        throw invalidFields('file_required', [
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
    { schema: SubmitSchema, config: { access: 'citizen', rateLimit: submissionLimit } },
    async (request) => {
      const who = await requireApplicant(request, identity);
      return dossiers.submit(who, request.params.id, request.headers['idempotency-key']);
    },
  );
}
