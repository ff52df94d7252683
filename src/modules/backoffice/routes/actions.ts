import { Type } from '@sinclair/typebox';
import { PROBLEM_RESPONSES } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import { REQUESTABLE_ACTIONS } from '../../dossiers/index.js';
import type { DossierAccess } from '../access.js';
import type { DossierPapers } from '../documents.js';
import type { BackofficeService } from '../service.js';
import { CodeParams, DossierState, stateDto, tags, workerOf } from '../http-shared.js';

const ActionBody = Type.Object(
  {
    action: Type.Union(REQUESTABLE_ACTIONS.map((a) => Type.Literal(a))),
    version: Type.Integer({ minimum: 0 }),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    items: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 50 })),
    trackingNumber: Type.Optional(Type.String({ maxLength: 50 })),
    fee: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ maxLength: 200 }),
            amount: Type.Integer({ minimum: 1, description: 'whole đồng' }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 20, description: 'What a fee asked for (request_payment) is made of' },
      ),
    ),
  },
  { additionalProperties: false },
);

const AssignmentBody = Type.Object(
  { accountId: Type.String({ format: 'uuid' }), version: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);

const ApologyBody = Type.Object(
  {
    reason: Type.String({ maxLength: 2000 }),
    newDueDate: Type.String({ description: 'YYYY-MM-DD, a working day after today' }),
    version: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

/** What officers do to a dossier on the API: act on it, assign it, apologise for it. */
export async function actionRoutes(
  app: App,
  opts: { access: DossierAccess; backoffice: BackofficeService; papers: DossierPapers },
) {
  const { access, backoffice, papers } = opts;

  app.post(
    '/api/v1/backoffice/dossiers/:code/actions',
    {
      config: { access: 'officer' },
      schema: {
        tags,
        summary: 'Act on a dossier: the new state, or 409 with the current one',
        params: CodeParams,
        body: ActionBody,
        response: { 200: DossierState, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const row = await backoffice.act(workerOf(request), request.params.code, request.body);
      return stateDto(row, access);
    },
  );

  app.post(
    '/api/v1/backoffice/dossiers/:code/assignment',
    {
      config: { access: 'officer' },
      schema: {
        tags,
        summary: 'Give a dossier to a named officer of its agency',
        params: CodeParams,
        body: AssignmentBody,
        response: { 200: DossierState, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const row = await backoffice.assign(workerOf(request), request.params.code, request.body);
      return stateDto(row, access);
    },
  );

  app.post(
    '/api/v1/backoffice/dossiers/:code/apologies',
    {
      config: { access: 'officer' },
      schema: {
        tags,
        summary: 'A late dossier’s apology slip with a new date for the result',
        params: CodeParams,
        body: ApologyBody,
        response: {
          201: Type.Object({ number: Type.Integer(), newDueAt: Type.String(), pdf: Type.String() }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      const { slip } = await papers.apologize(workerOf(request), code, request.body);
      return reply.status(201).send({
        number: slip.number,
        newDueAt: slip.new_due_at.toISOString(),
        pdf: `/api/v1/dossiers/${encodeURIComponent(code)}/apologies/${slip.number}.pdf`,
      });
    },
  );
}
