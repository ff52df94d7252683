import { createHash, randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http.js';
import { ProblemError, ProblemSchema } from '../../platform/errors.js';
import type { CurrentSession, IdentityService } from './service.js';
import { SignInFailedPage } from './sign-in-failed.page.js';

export const SESSION_COOKIE = 'sid';
const BROWSER_COOKIE = 'bid';

declare module 'fastify' {
  interface FastifyRequest {
    session: CurrentSession | null;
    /** Who is signed in, as pages show it; null when nobody is. */
    viewer: { name: string; csrfToken: string } | null;
  }
}

/** Forms carry a token derived from the session's own cookie: another site cannot know it. */
export const csrfTokenFor = (sessionToken: string) =>
  createHash('sha256').update(`csrf:${sessionToken}`).digest('base64url');

const unauthenticated = () => new ProblemError(401, 'unauthenticated', 'errors.unauthenticated');

export function identityRoutes(app: App, identity: IdentityService, secureCookies: boolean) {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: secureCookies,
  };

  app.decorateRequest('session', null);
  app.decorateRequest('viewer', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token || request.url.startsWith('/assets/')) return;
    request.session = await identity.currentSession(token);
    if (request.session) {
      const me = await identity.me(request.session);
      if (me) request.viewer = { name: me.name, csrfToken: csrfTokenFor(token) };
    }
  });

  app.get<{ Querystring: { returnTo?: string } }>(
    '/auth/login',
    { schema: { hide: true } },
    async (request, reply) => {
      let browserId = request.cookies[BROWSER_COOKIE];
      if (!browserId) {
        browserId = randomBytes(24).toString('base64url');
        reply.setCookie(BROWSER_COOKIE, browserId, { ...cookieOptions, maxAge: 3600 });
      }
      return reply.redirect(await identity.startSignIn(browserId, request.query.returnTo), 303);
    },
  );

  app.get('/auth/callback', { schema: { hide: true } }, async (request, reply) => {
    try {
      const signedIn = await identity.finishSignIn({
        browserId: request.cookies[BROWSER_COOKIE],
        callbackUrl: new URL(request.url, identity.redirectBase),
        userAgent: request.headers['user-agent'] ?? null,
        ip: request.ip,
        locale: request.locale,
      });
      reply.setCookie(SESSION_COOKIE, signedIn.token, {
        ...cookieOptions,
        expires: signedIn.expiresAt,
      });
      return reply.redirect(signedIn.returnTo, 303);
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      return reply.page(h(SignInFailedPage, {}), 400);
    }
  });

  app.post<{ Body: { csrf?: string } }>(
    '/auth/logout',
    { schema: { hide: true } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (request.session && token && request.body?.csrf === csrfTokenFor(token)) {
        await identity.signOut(request.session.id);
      } else if (request.session) {
        throw new ProblemError(403, 'csrf_failed', 'errors.csrf');
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/', 303);
    },
  );

  app.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['identity'],
        summary: 'Who is signed in',
        response: {
          200: Type.Object({
            id: Type.String(),
            kind: Type.String(),
            name: Type.String(),
            assuranceLevel: Type.Integer(),
            roles: Type.Array(Type.Object({ agencyCode: Type.String(), role: Type.String() })),
          }),
          401: ProblemSchema,
        },
      },
    },
    async (request: FastifyRequest, _reply: FastifyReply) => {
      const me = request.session ? await identity.me(request.session) : null;
      if (!me) throw unauthenticated();
      return me;
    },
  );
}
