import { Type } from '@sinclair/typebox';
import { PROBLEM_RESPONSES } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import type { CounterIntake } from '../../dossiers/index.js';
import type { Answers } from '../../forms/index.js';
import type { Applicants } from '../../identity/index.js';
import type { DossierAccess } from '../access.js';
import { registerIntake } from '../intake.js';
import type { BackofficeService } from '../service.js';
import { DossierState, stateDto, tags, workerOf } from '../http-shared.js';

const IntakeBody = Type.Object(
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
);

/** A dossier handed in at the counter or sent by post, registered by a receiver. */
export async function intakeRoutes(
  app: App,
  opts: {
    access: DossierAccess;
    backoffice: BackofficeService;
    applicants: Applicants;
    intake: CounterIntake;
  },
) {
  const { access, backoffice } = opts;

  app.post(
    '/api/v1/backoffice/intake',
    {
      config: { access: 'officer' },
      schema: {
        tags,
        summary: 'Register a dossier received at the counter (channel 1) or by post (3)',
        body: IntakeBody,
        response: { 201: DossierState, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = workerOf(request);
      const { body } = request;
      const row = await registerIntake(opts, actor, { ...body, answers: body.answers as Answers });
      const { row: received } = await backoffice.dossier(actor, row.code!);
      return reply.status(201).send(stateDto(received, access));
    },
  );
}
