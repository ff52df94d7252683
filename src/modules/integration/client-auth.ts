import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '../../platform/errors.js';
import type { App } from '../../platform/http.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import type { AccessTokens } from './access-tokens.js';
import { addressList } from './addresses.js';
import type { ClientService } from './client-service.js';
import { holds, type ApiClient, type Scope } from './scopes.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A connected system's route: the scope its access token must carry ('any': a token). */
    apiScope?: Scope | 'any';
  }
  interface FastifyRequest {
    /** The connected system calling a route that states an `apiScope`. */
    apiClient: ApiClient | null;
  }
}

const refused = (status: number, code: string, key: MessageKey) =>
  new ProblemError(status, code, key);

/**
 * The one place that holds connected systems' routes to what they state: a valid bearer
 * token of an active client (401), called from an allowed address and carrying the route's
 * scope (403), within the client's own rate (429). Registered in the integration routes'
 * scope; routes without an `apiScope` are left to the portal's own authorization.
 */
export function registerClientAuth(
  app: App,
  deps: { tokens: AccessTokens; clients: ClientService },
) {
  const limiter = app.createRateLimit({
    // Not the portal-wide list, which leaves these routes to this limiter.
    allowList: [],
    timeWindow: 60_000,
    keyGenerator: (request) => `api-client:${request.apiClient?.id ?? request.ip}`,
    max: (request) => request.apiClient?.rateLimitPerMinute ?? 1,
  });
  app.decorateRequest('apiClient', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const scope = request.routeOptions.config?.apiScope;
    if (!scope) return;
    const client = await bearerClient(request, reply, deps);
    // Known from here on, refusals included: the message log names who was refused.
    request.apiClient = client;
    const listed = client.allowedAddresses.length > 0;
    if (listed && !addressList(client.allowedAddresses).admits(request.ip)) {
      throw refused(403, 'address_not_allowed', 'errors.integration.addressNotAllowed');
    }
    if (scope !== 'any' && !holds(client, scope)) {
      throw new ProblemError(403, 'insufficient_scope', 'errors.integration.insufficientScope', {
        scope,
      });
    }
    const limit = await limiter(request);
    if (!limit.isAllowed) {
      reply.header('x-ratelimit-limit', limit.max);
      reply.header('x-ratelimit-remaining', limit.remaining);
      if (limit.isExceeded) {
        reply.header('retry-after', limit.ttlInSeconds);
        throw new ProblemError(429, 'rate_limited', 'errors.rateLimited');
      }
    }
  });
}

async function bearerClient(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: { tokens: AccessTokens; clients: ClientService },
): Promise<ApiClient> {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header);
  const claims = match ? await deps.tokens.verify(match[1]!) : null;
  const client = claims ? await deps.clients.current(claims.clientId) : null;
  if (!claims || !client || client.status !== 'active') {
    reply.header('www-authenticate', 'Bearer error="invalid_token"');
    const why = client?.status === 'suspended' ? 'clientSuspended' : 'invalidToken';
    throw refused(401, 'invalid_token', `errors.integration.${why}`);
  }
  // A token carries the scopes it was issued with; scopes taken away since no longer count.
  return { ...client, scopes: client.scopes.filter((s) => claims.scopes.includes(s)) };
}

/** The connected system calling a route that states an `apiScope`. */
export function apiClientOf(request: FastifyRequest): ApiClient {
  if (!request.apiClient) throw new Error(`${request.routeOptions.url} states no apiScope`);
  return request.apiClient;
}
