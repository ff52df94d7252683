import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http.js';
import { ProblemError } from '../../platform/errors.js';
import { assertFormToken } from '../../platform/forms.js';
import { allowFormTarget } from '../../platform/security-headers.js';
import type { IdentityService } from './service.js';
import { browserId, cookieOptions, sessionCookie, startedBrowserId } from './request-session.js';
import { SignInFailedPage } from './sign-in-failed.page.js';
import { SIGNED_OUT_PATH } from './oidc-client.js';

interface NationalSignInRoutesOptions {
  identity: IdentityService;
  /** Cookies only over https (the public URL says which). */
  secureCookies: boolean;
}

/** Back from the provider: the session it vouched for, or a page saying sign-in failed. */
async function finishSignIn(
  request: FastifyRequest,
  reply: FastifyReply,
  { identity, secureCookies }: NationalSignInRoutesOptions,
) {
  try {
    const signedIn = await identity.finishSignIn({
      browserId: startedBrowserId(request, secureCookies),
      callbackUrl: new URL(request.url, identity.redirectBase),
      userAgent: request.headers['user-agent'] ?? null,
      ip: request.ip,
      locale: request.locale,
    });
    reply.setCookie(sessionCookie(secureCookies), signedIn.token, {
      ...cookieOptions(secureCookies),
      expires: signedIn.expiresAt,
    });
    return reply.redirect(signedIn.returnTo, 303);
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    return reply.page(h(SignInFailedPage, {}), 400);
  }
}

/**
 * Signing out sends the browser from the header's form on to the provider; when that is
 * another origin than the portal's (a real provider, not the simulator), pages allow it.
 */
function allowProviderAsFormTarget(app: App, identity: IdentityService) {
  const provider = new URL(identity.issuer).origin;
  if (provider === new URL(identity.redirectBase).origin) return;
  app.addHook('onRequest', (_request, reply, done) => {
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string') {
      reply.header('content-security-policy', allowFormTarget(csp, provider));
    }
    done();
  });
}

/** National sign-in (OpenID Connect) there and back, and signing out. */
export async function nationalSignInRoutes(app: App, options: NationalSignInRoutesOptions) {
  const { identity, secureCookies } = options;
  allowProviderAsFormTarget(app, identity);

  app.get<{ Querystring: { returnTo?: string; level?: string } }>(
    '/auth/login',
    { schema: { hide: true } },
    async (request, reply) =>
      reply.redirect(
        await identity.startSignIn(
          browserId(request, reply, secureCookies),
          request.query.returnTo,
          request.query.level === '2' ? 2 : 1,
        ),
        303,
      ),
  );

  app.get('/auth/callback', { schema: { hide: true } }, async (request, reply) =>
    finishSignIn(request, reply, options),
  );

  app.post<{ Body: { csrf?: string } }>(
    '/auth/logout',
    { schema: { hide: true } },
    async (request, reply) => {
      let endAt: string | null = null;
      if (request.session) {
        assertFormToken(request.viewer?.csrfToken, request.body?.csrf);
        endAt = await identity.signOut(request.session.id);
      }
      reply.clearCookie(sessionCookie(secureCookies), cookieOptions(secureCookies));
      // Through the provider when it vouched for the session, so it ends its session too.
      return reply.redirect(endAt ?? '/', 303);
    },
  );

  // Back from the provider's end of session (its `state` says nothing we need): home.
  app.get(SIGNED_OUT_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.redirect('/', 303),
  );
}
