import { h } from 'preact';
import { ProblemError } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import type { SummaryError } from '../../../web/components.js';
import { LookupPage } from '../lookup.page.js';
import type { DossierService } from '../service.js';
import { queryPage, type Query } from './shared.js';

/** The public lookup page: a dossier's code and its applicant's ID number open its status. */
export async function lookupPages(app: App, opts: { dossiers: DossierService }) {
  const { dossiers } = opts;

  app.get<{ Querystring: Query }>(
    '/lookup',
    { schema: queryPage, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const code = (request.query.code ?? '').trim().slice(0, 60);
      const idNumber = (request.query.idNumber ?? '').trim().slice(0, 20);
      const errors: SummaryError[] = [];
      let result = null;
      if (code && idNumber) {
        try {
          result = await dossiers.lookup(code, idNumber);
        } catch (error) {
          if (!(error instanceof ProblemError) || error.status !== 404) throw error;
          errors.push({ field: 'code', message: request.t(error.messageKey) });
        }
      } else if (idNumber && !code) {
        errors.push({ field: 'code', message: request.t('errors.field.required') });
      } else if (code && request.query.idNumber !== undefined) {
        errors.push({ field: 'idNumber', message: request.t('errors.field.required') });
      }
      return reply.page(
        h(LookupPage, { code, idNumber, errors, result }),
        errors.length > 0 ? 404 : 200,
      );
    },
  );
}
