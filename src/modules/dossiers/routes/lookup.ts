import { Type } from '@sinclair/typebox';
import { PROBLEM_RESPONSES } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import type { DossierService } from '../service.js';
import { lookUpAnywhere, type SyncedDossiers } from '../sync-view.js';
import { Named, tags } from './shared.js';

const Lookup = Type.Object({
  code: Type.String(),
  status: Type.Integer(),
  procedure: Named,
  agency: Named,
  submittedAt: Type.String({ format: 'date-time' }),
  appointmentDate: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'Null for a dossier filed at an agency whose system has not said yet',
  }),
  updatedAt: Type.String({ format: 'date-time' }),
});

/**
 * The public lookup: a dossier's code and its applicant's ID number open its status. Both
 * travel in the body, so the ID number stays out of addresses and request logs.
 */
export async function lookupRoutes(
  app: App,
  opts: { dossiers: DossierService; synced: SyncedDossiers },
) {
  const { dossiers, synced } = opts;

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
      const { code, idNumber } = request.body;
      const found = await lookUpAnywhere(dossiers, synced, code, idNumber);
      return {
        ...found,
        submittedAt: found.submittedAt.toISOString(),
        appointmentDate: found.dueAt?.toISOString() ?? null,
        updatedAt: found.updatedAt.toISOString(),
      };
    },
  );
}
