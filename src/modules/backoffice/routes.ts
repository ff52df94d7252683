import { Type } from '@sinclair/typebox';
import { PROBLEM_RESPONSES } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import { requireApplicant, type DossierService } from '../dossiers/index.js';
import type { IdentityService } from '../identity/index.js';
import type { DossierAccess } from './access.js';
import { CodeParams, DossierState, stateDto } from './http-shared.js';

/**
 * The applicant's answer to a request for a supplement, on the API. It is the applicant's,
 * not the back office's (the back office's own routes are in `routes/`): it waits here to
 * move to the dossiers module.
 */
export async function supplementRoutes(
  app: App,
  opts: { access: DossierAccess; identity: IdentityService; dossiers: DossierService },
) {
  const { access, identity, dossiers } = opts;

  app.post(
    '/api/v1/dossiers/:code/supplement',
    {
      config: { access: 'citizen' },
      schema: {
        tags: ['dossiers'],
        summary:
          'The applicant sends the supplement asked for: the dossier goes back to the officer',
        params: CodeParams,
        body: Type.Object({
          version: Type.Integer({ minimum: 0 }),
          note: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: { 200: DossierState, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const who = await requireApplicant(request, identity);
      // Only the owner reaches the dossier: anyone else's answers 404.
      return stateDto(await dossiers.supplement(who, request.params.code, request.body), access);
    },
  );
}
