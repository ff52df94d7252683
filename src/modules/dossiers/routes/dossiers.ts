import { Type } from '@sinclair/typebox';
import { PROBLEM_RESPONSES } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import { sendPrivateFile } from '../../../platform/http.js';
import type { IdentityService } from '../../identity/index.js';
import { isUuid } from '../../../platform/ids.js';
import { receiptPdf } from '../receipt.js';
import type { DossierService } from '../service.js';
import {
  attachmentDto,
  Attachment,
  CodeParams,
  Draft,
  draftDto,
  Named,
  requireApplicant,
  tags,
} from './shared.js';

const Event = Type.Object({
  at: Type.String({ format: 'date-time' }),
  action: Type.String(),
  status: Type.Integer(),
  note: Type.Union([Type.String(), Type.Null()]),
});

const Dossier = Type.Object({
  code: Type.String(),
  status: Type.Integer(),
  procedure: Named,
  agency: Named,
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

const Summary = Type.Object({
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
});

type Listed = Awaited<ReturnType<DossierService['list']>>[number];
type Submitted = Awaited<ReturnType<DossierService['byCode']>>;

const summaryDto = ({ row, procedure }: Listed) => ({
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

const named = ({ code, name, nameEn }: { code: string; name: string; nameEn: string }) => ({
  code,
  name,
  nameEn,
});

const dossierDto = (view: Submitted) => ({
  code: view.row.code!,
  status: view.row.status,
  procedure: named(view.procedure),
  agency: named(view.agency),
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
});

const ListSchema = {
  tags,
  summary: 'My dossiers: drafts and submitted, newest first',
  response: { 200: Type.Object({ items: Type.Array(Summary) }), ...PROBLEM_RESPONSES },
};

const OneSchema = {
  tags,
  summary: 'One of my dossiers by its code (a draft by its id), with its timeline',
  params: CodeParams,
  response: { 200: Type.Union([Dossier, Draft]), ...PROBLEM_RESPONSES },
};

const ReceiptSchema = {
  tags,
  summary: 'The receipt and appointment slip (PDF)',
  produces: ['application/pdf'],
  params: CodeParams,
  response: { 200: Type.Any(), ...PROBLEM_RESPONSES },
};

const WithdrawSchema = {
  tags,
  summary: 'Withdraw a submitted dossier before processing starts (status 7)',
  params: CodeParams,
  body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }),
  response: {
    200: Type.Object({ code: Type.String(), status: Type.Integer() }),
    ...PROBLEM_RESPONSES,
  },
};

/** A citizen's own dossiers over the API: the list, one with its timeline, the receipt. */
export async function dossierRoutes(
  app: App,
  opts: { dossiers: DossierService; identity: IdentityService },
) {
  const { dossiers, identity } = opts;
  const citizen = { access: 'citizen' as const };

  app.get('/api/v1/dossiers', { config: citizen, schema: ListSchema }, async (request) => ({
    items: (await dossiers.list(await requireApplicant(request, identity))).map(summaryDto),
  }));

  app.get('/api/v1/dossiers/:code', { config: citizen, schema: OneSchema }, async (request) => {
    const who = await requireApplicant(request, identity);
    const ref = request.params.code;
    if (isUuid(ref)) return draftDto(await dossiers.draft(who, ref));
    return dossierDto(await dossiers.byCode(who, ref));
  });

  app.get(
    '/api/v1/dossiers/:code/receipt.pdf',
    { config: citizen, schema: ReceiptSchema },
    async (request, reply) => {
      const who = await requireApplicant(request, identity);
      const view = await dossiers.byCode(who, request.params.code);
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
    { config: citizen, schema: WithdrawSchema },
    async (request) => {
      const who = await requireApplicant(request, identity);
      const reason = request.body.reason?.trim() || null;
      const row = await dossiers.withdraw(who, request.params.code, reason);
      return { code: row.code!, status: row.status };
    },
  );
}
