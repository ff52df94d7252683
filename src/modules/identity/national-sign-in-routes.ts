import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http.js';
import { ProblemError } from '../../platform/errors.js';
import { assertFormToken } from '../../platform/forms.js';
import type { IdentityService } from './service.js';
import { browserId, cookieOptions, SESSION_COOKIE, startedBrowserId } from './request-session.js';
import { SignInFailedPage } from './sign-in-failed.page.js';

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
      browserId: startedBrowserId(request),
      callbackUrl: new URL(request.url, identity.redirectBase),
      userAgent: request.headers['user-agent'] ?? null,
      ip: request.ip,
      locale: request.locale,
    });
    reply.setCookie(SESSION_COOKIE, signedIn.token, {
      ...cookieOptions(secureCookies),
      expires: signedIn.expiresAt,
    });
    return reply.redirect(signedIn.returnTo, 303);
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    return reply.page(h(SignInFailedPage, {}), 400);
  }
}

/** National sign-in (OpenID Connect) there and back, and signing out. */
export async function nationalSignInRoutes(app: App, options: NationalSignInRoutesOptions) {
  const { identity, secureCookies } = options;

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
      if (request.session) {
        assertFormToken(request.viewer?.csrfToken, request.body?.csrf);
        await identity.signOut(request.session.id);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/', 303);
    },
  );
}
