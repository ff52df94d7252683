import { Type } from '@sinclair/typebox';
import { PROBLEM_RESPONSES, ProblemError } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import type { AccessTokens } from './access-tokens.js';
import { apiClientOf } from './client-auth.js';
import type { ClientService } from './client-service.js';
import { isScope, type Scope } from './scopes.js';

const TokenRequest = Type.Object({
  grant_type: Type.String({ maxLength: 100 }),
  scope: Type.Optional(Type.String({ maxLength: 500 })),
  client_id: Type.Optional(Type.String({ maxLength: 100 })),
  client_secret: Type.Optional(Type.String({ maxLength: 200 })),
  client_assertion_type: Type.Optional(Type.String({ maxLength: 200 })),
  client_assertion: Type.Optional(Type.String({ maxLength: 8000 })),
});
type TokenRequest = typeof TokenRequest.static;

const oauthError = (status: number, error: string) =>
  new ProblemError(
    status,
    error,
    `errors.integration.${error === 'invalid_scope' ? 'invalidScope' : 'unsupportedGrant'}`,
    {},
    [],
    { error },
  );

/** A client secret sent with HTTP Basic (RFC 6749 §2.3.1), form-encoded inside. */
function basicCredentials(header: string | undefined) {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!match) return {};
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return {};
  const part = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return { clientId: part(decoded.slice(0, colon)), clientSecret: part(decoded.slice(colon + 1)) };
}

/**
 * The token endpoint (OAuth 2.0 client credentials): a connected system proves who it is and
 * gets a short-lived access token for the scopes it asks for among those it holds.
 */
export async function tokenRoutes(
  app: App,
  deps: { clients: ClientService; tokens: AccessTokens; publicUrl: string },
) {
  const endpoint = `${deps.publicUrl}/api/v1/integration/token`;
  app.post<{ Body: TokenRequest }>(
    '/api/v1/integration/token',
    {
      schema: {
        tags: ['integration'],
        summary: 'An access token for a connected system (client credentials, RFC 7523 JWT)',
        consumes: ['application/x-www-form-urlencoded'],
        body: TokenRequest,
        response: {
          200: Type.Object({
            access_token: Type.String(),
            token_type: Type.Literal('Bearer'),
            expires_in: Type.Integer(),
            scope: Type.String(),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const basic = basicCredentials(request.headers.authorization);
      const client = await deps.clients.authenticate(
        {
          ...(body.client_id !== undefined ? { clientId: body.client_id } : {}),
          ...(body.client_secret !== undefined ? { clientSecret: body.client_secret } : {}),
          ...basic,
          ...(body.client_assertion !== undefined
            ? { assertion: body.client_assertion, assertionType: body.client_assertion_type ?? '' }
            : {}),
        },
        [endpoint, deps.publicUrl],
      );
      if (body.grant_type !== 'client_credentials') throw oauthError(400, 'unsupported_grant_type');
      const asked = body.scope?.split(' ').filter(Boolean) ?? client.scopes;
      if (asked.some((s) => !isScope(s) || !client.scopes.includes(s))) {
        throw oauthError(400, 'invalid_scope');
      }
      const scopes = asked as Scope[];
      const token = await deps.tokens.issue(client.id, scopes);
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      return {
        access_token: token,
        token_type: 'Bearer' as const,
        expires_in: deps.tokens.ttlSeconds,
        scope: scopes.join(' '),
      };
    },
  );
}

/** Who a connected system is to the portal: a check of its setup from its own side. */
export async function whoAmIRoute(app: App) {
  app.get(
    '/api/v1/integration/me',
    {
      config: { apiScope: 'any' },
      schema: {
        tags: ['integration'],
        summary: 'The calling connected system, its token’s scopes and its agencies',
        response: {
          200: Type.Object({
            id: Type.String(),
            name: Type.String(),
            ownerAgencyCode: Type.String(),
            scopes: Type.Array(Type.String()),
            allowedAgencies: Type.Array(Type.String()),
            rateLimitPerMinute: Type.Integer(),
          }),
          ...PROBLEM_RESPONSES,
        },
      },
    },
    async (request) => {
      const { id, name, ownerAgencyCode, scopes, allowedAgencies, rateLimitPerMinute } =
        apiClientOf(request);
      return { id, name, ownerAgencyCode, scopes, allowedAgencies, rateLimitPerMinute };
    },
  );
}
