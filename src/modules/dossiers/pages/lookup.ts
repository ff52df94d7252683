import { Type } from '@sinclair/typebox';
import { h } from 'preact';
import { ProblemError } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import type { SummaryError } from '../../../web/components.js';
import type { FormTokens } from '../../identity/index.js';
import { LookupPage } from '../lookup.page.js';
import type { DossierService } from '../service.js';
import { lookUpAnywhere, type SyncedDossiers } from '../sync-view.js';
import { queryPage, type Query } from './shared.js';

const LIMIT = { rateLimit: { max: 10, timeWindow: '1 minute' } };

const LookupForm = Type.Object({
  csrf: Type.Optional(Type.String({ maxLength: 100 })),
  code: Type.Optional(Type.String({ maxLength: 200 })),
  idNumber: Type.Optional(Type.String({ maxLength: 200 })),
});

/**
 * The public lookup page: a dossier's code and its applicant's ID number open its status.
 * The form is posted, so the ID number stays out of every address: the browser's history,
 * the links the page draws (the header's sign-in `returnTo`, the language switch) and the
 * request log.
 */
export async function lookupPages(
  app: App,
  opts: { dossiers: DossierService; synced: SyncedDossiers; formTokens: FormTokens },
) {
  // Anyone may look up, signed in or not: the form carries the browser's keyed token.
  const { dossiers, synced, formTokens: token } = opts;

  // The receipt's QR code opens the form with the code filled in.
  app.get<{ Querystring: Query }>('/lookup', { schema: queryPage }, async (request, reply) => {
    const { idNumber, ...rest } = request.query;
    // An old link with the ID number in it: the browser keeps the address without it.
    if (idNumber !== undefined) {
      const kept = Object.entries(rest).filter((e): e is [string, string] => e[1] !== undefined);
      const search = new URLSearchParams(kept).toString();
      return reply.redirect(search ? `/lookup?${search}` : '/lookup', 303);
    }
    const code = (request.query.code ?? '').trim().slice(0, 60);
    const csrf = token.browser(request, reply);
    return reply.page(h(LookupPage, { code, idNumber: '', errors: [], result: null, csrf }));
  });

  app.post<{ Body: { csrf?: string; code?: string; idNumber?: string } }>(
    '/lookup',
    { schema: { hide: true, body: LookupForm }, config: LIMIT },
    async (request, reply) => {
      token.check(request, request.body.csrf);
      const code = (request.body.code ?? '').trim().slice(0, 60);
      const idNumber = (request.body.idNumber ?? '').trim().slice(0, 20);
      const errors: SummaryError[] = [];
      if (!code) errors.push({ field: 'code', message: request.t('errors.field.required') });
      if (!idNumber) {
        errors.push({ field: 'idNumber', message: request.t('errors.field.required') });
      }
      let result = null;
      let status = 400;
      if (errors.length === 0) {
        try {
          result = await lookUpAnywhere(dossiers, synced, code, idNumber);
          status = 200;
        } catch (error) {
          if (!(error instanceof ProblemError) || error.status !== 404) throw error;
          errors.push({ field: 'code', message: request.t(error.messageKey) });
          status = 404;
        }
      }
      // The answer names a person's dossier: no cache keeps it. Once found, the ID number
      // is not written back into the form (a shared computer's next user would see it).
      reply.header('cache-control', 'no-store');
      const csrf = token.browser(request, reply);
      return reply.page(
        h(LookupPage, { code, idNumber: result ? '' : idNumber, errors, result, csrf }),
        status,
      );
    },
  );
}
