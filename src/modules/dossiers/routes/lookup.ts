import { Type } from '@sinclair/typebox';
import { PROBLEM_RESPONSES } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import type { DossierService } from '../service.js';
import { Named, tags } from './shared.js';

const Lookup = Type.Object({
  code: Type.String(),
  status: Type.Integer(),
  procedure: Named,
  agency: Named,
  submittedAt: Type.String({ format: 'date-time' }),
  appointmentDate: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

/**
 * The public lookup: a dossier's code and its applicant's ID number open its status. Both
 * travel in the body, so the ID number stays out of addresses and request logs.
 */
export async function lookupRoutes(app: App, opts: { dossiers: DossierService }) {
  const { dossiers } = opts;

  app.post(
    '/api/v1/dossier-lookup',
    {
      schema: {
        tags,
        summary: 'Public lookup by dossier code and the applicant’s ID number (10 a minute)',
        body: Type.Object(
          {
            code: Type.String({ minLength: 1, maxLength: 60 }),
            idNumber: Type.String({ minLength: 1, maxLength: 20 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Lookup, ...PROBLEM_RESPONSES },
      },
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request) => {
      const found = await dossiers.lookup(request.body.code, request.body.idNumber);
      return {
        ...found,
        submittedAt: found.submittedAt.toISOString(),
        appointmentDate: found.dueAt.toISOString(),
        updatedAt: found.updatedAt.toISOString(),
      };
    },
  );
}
