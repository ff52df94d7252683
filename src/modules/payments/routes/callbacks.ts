import { Type } from '@sinclair/typebox';
import { PROBLEM_RESPONSES } from '../../../platform/errors.js';
import type { App } from '../../../platform/http.js';
import { tags, type PaymentsRouteDeps } from './shared.js';

/**
 * Providers' callbacks. They are signed over their exact bytes, so within this plugin JSON is
 * read as text (the parser is scoped here); no session gets in, only a valid signature.
 */
export async function callbackRoutes(app: App, { outcomes }: PaymentsRouteDeps) {
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );
  app.post(
    '/api/v1/payments/callbacks/:provider',
    {
      schema: {
        tags,
        summary: 'A provider reports a payment (HMAC-SHA256 signed, with a timestamp)',
        params: Type.Object({ provider: Type.String({ maxLength: 40 }) }),
        response: { 200: Type.Object({ outcome: Type.String() }), ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]),
      );
      const outcome = await outcomes.callback(
        request.params.provider,
        headers,
        typeof request.body === 'string' ? request.body : '',
      );
      return { outcome };
    },
  );
}
