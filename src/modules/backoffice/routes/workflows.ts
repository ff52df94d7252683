import { Type } from '@sinclair/typebox';
import { PROBLEM_RESPONSES } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import { actorOf } from '../../identity/index.js';
import type { StepDefinition } from '../workflow.js';
import type { WorkflowService } from '../workflow-service.js';
import { tags } from '../http-shared.js';

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

export const ResolvedStepSchema = Type.Object({
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

const WorkflowParams = Type.Object({ procedureCode: Type.String({ maxLength: 20 }) });

/** A procedure's processing steps at an agency: read by its officers, set by its admin. */
export async function workflowRoutes(app: App, opts: { workflows: WorkflowService }) {
  const { workflows } = opts;

  app.get(
    '/api/v1/backoffice/workflows/:procedureCode',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'The processing steps of a procedure at an agency, and the agency of each',
        params: WorkflowParams,
        querystring: Type.Object(
          { agency: Type.String({ maxLength: 30 }) },
          { additionalProperties: false },
        ),
        response: { 200: WorkflowAnswer, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const { procedureCode } = request.params;
      const agencyCode = request.query.agency;
      const shown = await workflows.inForceAt(actorOf(request), procedureCode, agencyCode);
      return { procedureCode, agencyCode, ...shown };
    },
  );

  app.put(
    '/api/v1/backoffice/workflows/:procedureCode',
    {
      config: { access: 'signed_in' },
      schema: {
        tags,
        summary: 'Set an agency’s own processing steps for a procedure (its administrator)',
        params: WorkflowParams,
        body: Type.Object(
          {
            agencyCode: Type.String({ maxLength: 30 }),
            steps: Type.Array(StepDefinitionSchema, { maxItems: 20 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: WorkflowAnswer, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const { procedureCode } = request.params;
      const { agencyCode } = request.body;
      const steps = request.body.steps as StepDefinition[];
      const resolved = await workflows.save(actorOf(request), procedureCode, agencyCode, steps);
      return { procedureCode, agencyCode, source: 'agency' as const, steps, resolved };
    },
  );
}
