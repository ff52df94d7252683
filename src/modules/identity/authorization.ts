import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../../platform/errors.js';
import { redirectToSignIn } from '../../platform/forms.js';
import type { App } from '../../platform/http.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { admits, type Access, type Actor } from './permissions.js';
import type { IdentityService } from './service.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route at all; what they may do to a resource is `can()`'s to say. */
    access?: Access;
  }
  interface FastifyRequest {
    /** Who is calling, for routes that need someone (null on public routes). */
    actor: Actor | null;
  }
}

/** Why a signed-in caller is turned away from a route, by what the route needs. */
const REFUSALS: Record<Exclude<Access, 'public'>, [string, MessageKey]> = {
  signed_in: ['unauthenticated', 'errors.unauthenticated'],
  citizen: ['not_applicant', 'errors.notApplicant'],
  officer: ['not_officer', 'errors.notOfficer'],
  system_admin: ['role_missing', 'errors.roleMissing'],
};

const isPage = (request: FastifyRequest) => !request.url.startsWith('/api/');

/**
 * The one place that resolves who is calling and holds each route to the access it states:
 * nobody signed in is sent to sign in (pages) or answered 401 (API); someone of the wrong
 * kind is answered 403. Routes that state nothing are public.
 */
export function registerAuthorization(app: App, identity: IdentityService) {
  app.decorateRequest('actor', null);
  app.addHook('preHandler', async (request, reply) => {
    const access = request.routeOptions.config?.access ?? 'public';
    if (access === 'public') return;
    request.actor = request.session ? await identity.actor(request.session) : null;
    if (!request.actor) {
      if (isPage(request)) return redirectToSignIn(request, reply);
      throw new ProblemError(401, 'unauthenticated', 'errors.unauthenticated');
    }
    if (admits(request.actor, access)) return;
    const [code, messageKey] = REFUSALS[access];
    throw new ProblemError(403, code, messageKey);
  });
}

/** The caller of a route that states an access other than public. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Error(`${request.routeOptions.url} states no access`);
  return request.actor;
}
