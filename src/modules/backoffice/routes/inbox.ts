import { Type } from '@sinclair/typebox';
import { PROBLEM_RESPONSES } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import { BLOCKER_MESSAGES, STATUS } from '../../dossiers/index.js';
import type { DossierAccess } from '../access.js';
import type { InboxService } from '../inbox-service.js';
import type { BackofficeService } from '../service.js';
import { ResolvedStepSchema } from './workflows.js';
import { CodeParams, DossierState, stateDto, tags, workerOf } from '../http-shared.js';

const InboxQuery = Type.Object(
  {
    agency: Type.Optional(Type.String({ maxLength: 30 })),
    status: Type.Optional(Type.Integer({ minimum: STATUS.submitted, maximum: STATUS.returned })),
    procedure: Type.Optional(Type.String({ maxLength: 20 })),
    due: Type.Optional(
      Type.Union(
        [
          Type.Literal('today'),
          Type.Literal('late'),
          Type.Literal('waiting'),
          Type.Literal('stranded'),
        ],
        {
          description:
            '`stranded`: dossiers these agencies received or hold, at a step nobody holds the role for',
        },
      ),
    ),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    mine: Type.Optional(Type.Boolean({ description: 'Only the dossiers assigned to me' })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

const InboxAnswer = Type.Object({
  items: Type.Array(DossierState),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  counts: Type.Array(
    Type.Object({ status: Type.Integer(), total: Type.Integer(), late: Type.Integer() }),
  ),
  stranded: Type.Integer({
    description: 'Dossiers at a step nobody holds the role for (see due=stranded)',
  }),
});

const DossierDetail = Type.Intersect([
  DossierState,
  Type.Object({
    answers: Type.Record(Type.String(), Type.Unknown()),
    actions: Type.Array(Type.String()),
    blocked: Type.Array(
      Type.Object({ action: Type.String(), code: Type.String(), title: Type.String() }),
      {
        description:
          'Actions the officer’s roles could take but that must wait (a fee already due, a step nobody holds), and why',
      },
    ),
    workflow: Type.Array(ResolvedStepSchema, {
      description: 'Its processing steps (those it will take, before it is forwarded)',
    }),
    history: Type.Array(
      Type.Object({
        at: Type.String(),
        action: Type.String(),
        fromStatus: Type.Union([Type.Integer(), Type.Null()]),
        status: Type.Integer(),
        actorId: Type.Union([Type.String(), Type.Null()]),
        note: Type.Union([Type.String(), Type.Null()]),
        details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
      }),
    ),
  }),
]);

/** The officers' inbox on the API, and a dossier of it with what they may do. */
export async function inboxRoutes(
  app: App,
  opts: { access: DossierAccess; inbox: InboxService; backoffice: BackofficeService },
) {
  const { access, inbox, backoffice } = opts;

  app.get(
    '/api/v1/backoffice/dossiers',
    {
      config: { access: 'officer' },
      schema: {
        tags,
        summary: 'The inbox of the officer’s agencies, soonest due first',
        querystring: InboxQuery,
        response: { 200: InboxAnswer, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const actor = workerOf(request);
      const { mine, ...filter } = request.query;
      const answer = await inbox.inbox(actor, {
        ...filter,
        ...(mine ? { assignedTo: actor.accountId } : {}),
      });
      return { ...answer, items: answer.items.map((row) => stateDto(row, access)) };
    },
  );

  app.get(
    '/api/v1/backoffice/dossiers/:code',
    {
      config: { access: 'officer' },
      schema: {
        tags,
        summary: 'A dossier of the officer’s agency: state, answers, history, allowed actions',
        params: CodeParams,
        response: { 200: DossierDetail, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const view = await backoffice.dossier(workerOf(request), request.params.code);
      return {
        ...stateDto(view.row, access),
        answers: view.row.answers,
        actions: view.actions,
        blocked: view.blocked.map((b) => ({
          action: b.action,
          code: b.blocker,
          title: request.t(BLOCKER_MESSAGES[b.blocker]),
        })),
        workflow: view.workflow,
        history: view.events.map((e) => ({
          at: e.at.toISOString(),
          action: e.action,
          fromStatus: e.from_status,
          status: e.status,
          actorId: e.actor_id,
          note: e.note,
          details: e.details,
        })),
      };
    },
  );
}
