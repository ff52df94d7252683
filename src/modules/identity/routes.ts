import { createHash, randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http.js';
// The request's `viewer`, set below, is declared with the pages that show it.
import type {} from '../../web/context.js';
import { ProblemError, ProblemSchema } from '../../platform/errors.js';
import { assertFormToken } from '../../platform/forms.js';
import type { CurrentSession, IdentityService } from './service.js';
import { SignInFailedPage } from './sign-in-failed.page.js';
import { CodePage, SignInPage } from './sign-in.page.js';
import type { LocalSignIn } from './local-sign-in.js';
import type { NotificationService } from '../notifications/index.js';
import { safeReturnPath } from './sessions.js';

export const SESSION_COOKIE = 'sid';
const BROWSER_COOKIE = 'bid';

declare module 'fastify' {
  interface FastifyRequest {
    session: CurrentSession | null;
  }
}

/**
 * Forms carry a token derived from a cookie of this browser (its session, or before that
 * its browser id): another site can neither read the cookie nor guess the token.
 */
export const csrfTokenFor = (cookieValue: string) =>
  createHash('sha256').update(`csrf:${cookieValue}`).digest('base64url');

const unauthenticated = () => new ProblemError(401, 'unauthenticated', 'errors.unauthenticated');

export function identityRoutes(
  app: App,
  identity: IdentityService,
  local: LocalSignIn,
  notifications: NotificationService,
  secureCookies: boolean,
) {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: secureCookies,
  };

  /** The browser's own id (for sign-ins under way and forms before a session exists). */
  const browserId = (request: FastifyRequest, reply: FastifyReply): string => {
    let id = request.cookies[BROWSER_COOKIE];
    if (!id) {
      id = randomBytes(24).toString('base64url');
      reply.setCookie(BROWSER_COOKIE, id, { ...cookieOptions, maxAge: 3600 });
    }
    return id;
  };
  const formCsrf = (request: FastifyRequest) => {
    const id = request.cookies[BROWSER_COOKIE];
    return id ? csrfTokenFor(id) : null;
  };
  const checkFormCsrf = (request: FastifyRequest, token: unknown) =>
    assertFormToken(formCsrf(request), token);

  app.decorateRequest('session', null);
  app.decorateRequest('viewer', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token || request.url.startsWith('/assets/')) return;
    request.session = await identity.currentSession(token);
    // Pages show who is signed in; API calls need only the session.
    if (request.session && !request.url.startsWith('/api/')) {
      const me = await identity.me(request.session);
      if (me) {
        request.viewer = {
          name: me.actingFor ? `${me.name} · ${me.actingFor.name}` : me.name,
          csrfToken: csrfTokenFor(token),
          officer: me.kind === 'officer',
          unread: await notifications.unreadCount(me.id),
          latest: (await notifications.inbox(me.id, 3)).map((n) => ({
            id: n.id,
            subject: n.subject,
            read: n.read_at !== null,
          })),
        };
      }
    }
  });

  app.get<{ Querystring: { returnTo?: string; level?: string } }>(
    '/auth/login',
    { schema: { hide: true } },
    async (request, reply) =>
      reply.redirect(
        await identity.startSignIn(
          browserId(request, reply),
          request.query.returnTo,
          request.query.level === '2' ? 2 : 1,
        ),
        303,
      ),
  );

  app.get<{ Querystring: { returnTo?: string } }>(
    '/auth/sign-in',
    { schema: { hide: true } },
    async (request, reply) => {
      const csrf = csrfTokenFor(browserId(request, reply));
      const returnTo = safeReturnPath(request.query.returnTo);
      return reply.page(h(SignInPage, { returnTo, csrf, identifier: '', errors: [] }));
    },
  );

  app.post<{ Body: Record<string, string | undefined> }>(
    '/auth/local',
    { schema: { hide: true }, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (request, reply) => {
      checkFormCsrf(request, request.body.csrf);
      const returnTo = safeReturnPath(request.body.returnTo);
      const identifier = request.body.identifier ?? '';
      const result = await local.checkPassword(
        identifier,
        request.body.password ?? '',
        request.locale,
      );
      if (result.outcome === 'code_sent') {
        const query = new URLSearchParams({
          challenge: result.challengeId,
          channel: result.channel,
          returnTo,
        });
        return reply.redirect(`/auth/local/code?${query.toString()}`, 303);
      }
      const message =
        result.outcome === 'locked'
          ? request.t('auth.locked', {
              minutes: Math.ceil((result.until.getTime() - Date.now()) / 60_000),
            })
          : request.t(
              result.outcome === 'too_many_codes' ? 'auth.tooManyCodes' : 'auth.wrongCredentials',
            );
      return reply.page(
        h(SignInPage, {
          returnTo,
          csrf: formCsrf(request) ?? '',
          identifier,
          errors: [{ field: 'identifier', message }],
        }),
        result.outcome === 'wrong' ? 400 : 429,
      );
    },
  );

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/auth/local/code',
    { schema: { hide: true } },
    async (request, reply) =>
      reply.page(
        h(CodePage, {
          challengeId: request.query.challenge ?? '',
          returnTo: safeReturnPath(request.query.returnTo),
          csrf: csrfTokenFor(browserId(request, reply)),
          channel: request.query.channel === 'sms' ? 'sms' : 'email',
          errors: [],
        }),
      ),
  );

  app.post<{ Body: Record<string, string | undefined> }>(
    '/auth/local/code',
    { schema: { hide: true }, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (request, reply) => {
      checkFormCsrf(request, request.body.csrf);
      const returnTo = safeReturnPath(request.body.returnTo);
      const result = await local.checkCode(request.body.challenge ?? '', request.body.code ?? '', {
        userAgent: request.headers['user-agent'] ?? null,
        ip: request.ip,
      });
      if (result.outcome === 'signed_in') {
        reply.setCookie(SESSION_COOKIE, result.token, {
          ...cookieOptions,
          expires: result.expiresAt,
        });
        return reply.redirect(returnTo, 303);
      }
      const csrf = formCsrf(request) ?? '';
      if (result.outcome === 'wrong') {
        return reply.page(
          h(CodePage, {
            challengeId: request.body.challenge ?? '',
            returnTo,
            csrf,
            channel: request.body.channel === 'sms' ? 'sms' : 'email',
            errors: [{ field: 'code', message: request.t('auth.wrongCode') }],
          }),
          400,
        );
      }
      return reply.page(
        h(SignInPage, {
          returnTo,
          csrf,
          identifier: '',
          errors: [{ field: 'identifier', message: request.t('auth.expiredCode') }],
        }),
        400,
      );
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
      if (request.session) {
        assertFormToken(request.viewer?.csrfToken, request.body?.csrf);
        await identity.signOut(request.session.id);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/', 303);
    },
  );

  app.get(
    '/api/v1/me',
    {
      config: { access: 'signed_in' },
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
            businesses: Type.Array(
              Type.Object({
                id: Type.String(),
                enterpriseCode: Type.String(),
                name: Type.String(),
              }),
              { description: 'Businesses this person represents' },
            ),
            actingFor: Type.Union(
              [
                Type.Object({
                  id: Type.String(),
                  enterpriseCode: Type.String(),
                  name: Type.String(),
                }),
                Type.Null(),
              ],
              { description: 'The business this session acts for, or null' },
            ),
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
