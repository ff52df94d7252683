import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../../platform/http.js';
import { sendPrivateFile } from '../../platform/http.js';
import { ProblemError, ProblemSchema } from '../../platform/errors.js';
import type { IdentityService } from '../identity/service.js';
import { requireApplicant } from '../dossiers/routes.js';
import type { DossierService } from '../dossiers/service.js';
import { ACTIONS, BLOCKER_MESSAGES } from './lifecycle.js';
import type { Answers } from '../forms/definition.js';
import type { ProcessingRow } from './repository.js';
import type { Actor, BackofficeService } from './service.js';
import { registerIntake } from './intake.js';
import type { WorkflowService } from './workflow-service.js';
import type { StepDefinition } from './workflow.js';
import { can } from '../identity/permissions.js';

const problems = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
};

const DossierState = Type.Object({
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

const Label = Type.Object({
  vi: Type.String({ maxLength: 200 }),
  en: Type.String({ maxLength: 200 }),
});

const StepDefinitionSchema = Type.Object(
  {
    code: Type.String({ maxLength: 40, description: 'a–z, 0–9 and _, unique in the workflow' }),
    name: Label,
    role: Type.Union([Type.Literal('processor'), Type.Literal('approver')]),
    department: Type.Optional(Label),
    agency: Type.Optional(
      Type.Object(
        {
          code: Type.Optional(Type.String({ maxLength: 30 })),
          kind: Type.Optional(Type.String({ maxLength: 40 })),
          sector: Type.Optional(Type.String({ maxLength: 40 })),
        },
        {
          additionalProperties: false,
          description:
            'Another agency: by code, or by kind (and sector) in the receiving agency’s province or commune',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

const ResolvedStepSchema = Type.Object({
  code: Type.String(),
  name: Label,
  role: Type.String(),
  department: Type.Union([Label, Type.Null()]),
  agencyCode: Type.String(),
  agencyName: Type.String(),
});

const WorkflowAnswer = Type.Object({
  procedureCode: Type.String(),
  agencyCode: Type.String(),
  source: Type.Union([Type.Literal('agency'), Type.Literal('national'), Type.Literal('default')]),
  steps: Type.Array(StepDefinitionSchema),
  resolved: Type.Array(ResolvedStepSchema),
});

const ActionBody = Type.Object(
  {
    action: Type.Union(ACTIONS.map((a) => Type.Literal(a))),
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

export function backofficeRoutes(
  app: App,
  backoffice: BackofficeService,
  workflows: WorkflowService,
  identity: IdentityService,
  dossiers: DossierService,
) {
  const tags = ['back office'];

  const stateDto = (row: ProcessingRow) => ({
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
    late: backoffice.isLate(row),
    trackingNumber: row.result_tracking_number,
    updatedAt: row.updated_at.toISOString(),
  });

  /** The officer a request comes from: 401 without a session, 403 without a working role. */
  async function officer(request: FastifyRequest): Promise<Actor> {
    const actor = await identity.actor(request.session);
    if (!actor) throw new ProblemError(401, 'unauthenticated', 'errors.unauthenticated');
    const working = { accountId: actor.accountId, roles: actor.roles };
    if (actor.kind !== 'officer' || backoffice.agenciesOf(working).length === 0) {
      throw new ProblemError(403, 'not_officer', 'errors.notOfficer');
    }
    return working;
  }

  /** The applicant reaches their own dossier, an officer one of their agency's: else 404. */
  async function mayRead(request: FastifyRequest, code: string) {
    const actor = await identity.actor(request.session);
    if (!actor) throw new ProblemError(401, 'unauthenticated', 'errors.unauthenticated');
    if (actor.kind === 'officer') {
      await backoffice.dossier({ accountId: actor.accountId, roles: actor.roles }, code);
    } else {
      await dossiers.byCode(await requireApplicant(request, identity), code);
    }
  }

  app.get(
    '/api/v1/backoffice/dossiers',
    {
      schema: {
        tags,
        summary: 'The inbox of the officer’s agencies, soonest due first',
        querystring: Type.Object(
          {
            agency: Type.Optional(Type.String({ maxLength: 30 })),
            status: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
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
        ),
        response: {
          200: Type.Object({
            items: Type.Array(DossierState),
            nextCursor: Type.Union([Type.String(), Type.Null()]),
            counts: Type.Array(
              Type.Object({ status: Type.Integer(), total: Type.Integer(), late: Type.Integer() }),
            ),
            stranded: Type.Integer({
              description: 'Dossiers at a step nobody holds the role for (see due=stranded)',
            }),
          }),
          ...problems,
        },
      },
    },
    async (request) => {
      const actor = await officer(request);
      const { mine, ...filter } = request.query;
      const inbox = await backoffice.inbox(actor, {
        ...filter,
        ...(mine ? { assignedTo: actor.accountId } : {}),
      });
      return { ...inbox, items: inbox.items.map(stateDto) };
    },
  );

  app.get(
    '/api/v1/backoffice/dossiers/:code',
    {
      schema: {
        tags,
        summary: 'A dossier of the officer’s agency: state, answers, history, allowed actions',
        params: Type.Object({ code: Type.String({ maxLength: 60 }) }),
        response: {
          200: Type.Intersect([
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
          ]),
          ...problems,
        },
      },
    },
    async (request) => {
      const view = await backoffice.dossier(await officer(request), request.params.code);
      return {
        ...stateDto(view.row),
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

  app.post(
    '/api/v1/backoffice/dossiers/:code/actions',
    {
      schema: {
        tags,
        summary: 'Act on a dossier: the new state, or 409 with the current one',
        params: Type.Object({ code: Type.String({ maxLength: 60 }) }),
        body: ActionBody,
        response: { 200: DossierState, ...problems },
      },
    },
    async (request) =>
      stateDto(await backoffice.act(await officer(request), request.params.code, request.body)),
  );

  app.post(
    '/api/v1/backoffice/dossiers/:code/assignment',
    {
      schema: {
        tags,
        summary: 'Give a dossier to a named officer of its agency',
        params: Type.Object({ code: Type.String({ maxLength: 60 }) }),
        body: Type.Object(
          { accountId: Type.String({ format: 'uuid' }), version: Type.Integer({ minimum: 0 }) },
          { additionalProperties: false },
        ),
        response: { 200: DossierState, ...problems },
      },
    },
    async (request) =>
      stateDto(await backoffice.assign(await officer(request), request.params.code, request.body)),
  );

  const workflowParams = Type.Object({ procedureCode: Type.String({ maxLength: 20 }) });

  app.get(
    '/api/v1/backoffice/workflows/:procedureCode',
    {
      schema: {
        tags,
        summary: 'The processing steps of a procedure at an agency, and the agency of each',
        params: workflowParams,
        querystring: Type.Object(
          { agency: Type.String({ maxLength: 30 }) },
          { additionalProperties: false },
        ),
        response: { 200: WorkflowAnswer, ...problems },
      },
    },
    async (request) => {
      const actor = await identity.actor(request.session);
      if (!actor) throw new ProblemError(401, 'unauthenticated', 'errors.unauthenticated');
      const agencyCode = request.query.agency;
      if (!can(actor, 'agency.work', { type: 'agency', code: agencyCode })) {
        throw new ProblemError(403, 'role_missing', 'errors.roleMissing');
      }
      const { procedureCode } = request.params;
      const { steps, source } = await workflows.definitionFor(procedureCode, agencyCode);
      return {
        procedureCode,
        agencyCode,
        source,
        steps,
        resolved: await workflows.resolve(steps, agencyCode),
      };
    },
  );

  app.put(
    '/api/v1/backoffice/workflows/:procedureCode',
    {
      schema: {
        tags,
        summary: 'Set an agency’s own processing steps for a procedure (its administrator)',
        params: workflowParams,
        body: Type.Object(
          {
            agencyCode: Type.String({ maxLength: 30 }),
            steps: Type.Array(StepDefinitionSchema, { maxItems: 20 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: WorkflowAnswer, ...problems },
      },
    },
    async (request) => {
      const actor = await identity.actor(request.session);
      if (!actor) throw new ProblemError(401, 'unauthenticated', 'errors.unauthenticated');
      const { agencyCode } = request.body;
      if (!can(actor, 'workflows.edit', { type: 'agency', code: agencyCode })) {
        throw new ProblemError(403, 'role_missing', 'errors.roleMissing');
      }
      const { procedureCode } = request.params;
      const steps = request.body.steps as StepDefinition[];
      const resolved = await workflows.save(actor.accountId, procedureCode, agencyCode, steps);
      return { procedureCode, agencyCode, source: 'agency' as const, steps, resolved };
    },
  );

  app.post(
    '/api/v1/backoffice/intake',
    {
      schema: {
        tags,
        summary: 'Register a dossier received at the counter (channel 1) or by post (3)',
        body: Type.Object(
          {
            procedureCode: Type.String({ minLength: 1, maxLength: 20 }),
            agencyCode: Type.String({ minLength: 1, maxLength: 30 }),
            channel: Type.Union([Type.Literal(1), Type.Literal(3)]),
            applicant: Type.Object({
              name: Type.String({ minLength: 1, maxLength: 200 }),
              idNumber: Type.String({ description: 'Personal ID number or enterprise code' }),
              phone: Type.Optional(Type.String({ maxLength: 20 })),
            }),
            answers: Type.Record(Type.String(), Type.Unknown()),
          },
          { additionalProperties: false },
        ),
        response: { 201: DossierState, ...problems },
      },
    },
    async (request, reply) => {
      const actor = await officer(request);
      const { body } = request;
      const row = await registerIntake({ backoffice, identity, dossiers }, actor, {
        ...body,
        answers: body.answers as Answers,
      });
      const { row: received } = await backoffice.dossier(actor, row.code!);
      return reply.status(201).send(stateDto(received));
    },
  );

  app.post(
    '/api/v1/backoffice/dossiers/:code/apologies',
    {
      schema: {
        tags,
        summary: 'A late dossier’s apology slip with a new date for the result',
        params: Type.Object({ code: Type.String({ maxLength: 60 }) }),
        body: Type.Object(
          {
            reason: Type.String({ maxLength: 2000 }),
            newDueDate: Type.String({ description: 'YYYY-MM-DD, a working day after today' }),
            version: Type.Integer({ minimum: 0 }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ number: Type.Integer(), newDueAt: Type.String(), pdf: Type.String() }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      const done = await backoffice.apologize(await officer(request), code, request.body);
      return reply.status(201).send({
        number: done.slip.number,
        newDueAt: done.slip.new_due_at.toISOString(),
        pdf: `/api/v1/dossiers/${encodeURIComponent(code)}/apologies/${done.slip.number}.pdf`,
      });
    },
  );

  app.get(
    '/api/v1/dossiers/:code/refusal.pdf',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'The notice of refusal of my dossier, or of my agency’s (PDF)',
        params: Type.Object({ code: Type.String({ maxLength: 60 }) }),
        produces: ['application/pdf'],
        response: { 200: Type.Any(), ...problems },
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      await mayRead(request, code);
      return sendPrivateFile(reply, {
        contentType: 'application/pdf',
        fileName: `tu-choi-${code}.pdf`,
        data: await backoffice.refusalPdf(code, request.locale),
      });
    },
  );

  app.get(
    '/api/v1/dossiers/:code/apologies/:number.pdf',
    {
      schema: {
        tags: ['dossiers'],
        summary: 'An apology slip of my dossier, or of my agency’s (PDF)',
        params: Type.Object({
          code: Type.String({ maxLength: 60 }),
          number: Type.Integer({ minimum: 1 }),
        }),
        produces: ['application/pdf'],
        response: { 200: Type.Any(), ...problems },
      },
    },
    async (request, reply) => {
      const { code, number } = request.params;
      await mayRead(request, code);
      const pdf = await backoffice.apologyPdf(code, number, request.locale);
      return sendPrivateFile(reply, {
        contentType: 'application/pdf',
        fileName: `xin-loi-${number}-${code}.pdf`,
        data: pdf,
      });
    },
  );

  app.post(
    '/api/v1/dossiers/:code/supplement',
    {
      schema: {
        tags: ['dossiers'],
        summary:
          'The applicant sends the supplement asked for: the dossier goes back to the officer',
        params: Type.Object({ code: Type.String({ maxLength: 60 }) }),
        body: Type.Object({
          version: Type.Integer({ minimum: 0 }),
          note: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: { 200: DossierState, ...problems },
      },
    },
    async (request) => {
      const who = await requireApplicant(request, identity);
      // Only the owner reaches the dossier: anyone else's answers 404.
      await dossiers.byCode(who, request.params.code);
      const row = await backoffice.act(
        { accountId: who.accountId, roles: [] },
        request.params.code,
        { action: 'supplement', version: request.body.version, reason: request.body.note },
        'applicant',
      );
      return stateDto(row);
    },
  );
}
