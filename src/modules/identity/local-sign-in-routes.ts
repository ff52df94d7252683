import { h } from 'preact';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http.js';
import type { LocalSignIn, PasswordOutcome } from './local-sign-in.js';
import { safeReturnPath } from './sessions.js';
import { cookieOptions, sessionCookie, type FormTokens } from './request-session.js';
import { CodePage, SignInPage } from './sign-in.page.js';

type Form = Record<string, string | undefined>;

interface LocalSignInRoutesOptions {
  local: LocalSignIn;
  /** Cookies only over https (the public URL says which). */
  secureCookies: boolean;
  tokens: FormTokens;
}

/**
 * Password attempts and code entries per minute and client, on top of the accounts' locks.
 * Their fields are single texts: no body, or a name twice, is a 400 rather than a crash.
 */
const limited = () => ({
  schema: { hide: true, body: Type.Record(Type.String(), Type.String()) },
  config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
});

/** Why a password did not lead to a code, as the sign-in page says it. */
function passwordRefusal(
  request: FastifyRequest,
  result: Exclude<PasswordOutcome, { outcome: 'code_sent' }>,
) {
  if (result.outcome === 'locked') {
    return request.t('auth.locked', {
      minutes: Math.ceil((result.until.getTime() - Date.now()) / 60_000),
    });
  }
  return request.t(
    result.outcome === 'too_many_codes' ? 'auth.tooManyCodes' : 'auth.wrongCredentials',
  );
}

/** Email or phone and a password: on success, a code is sent and asked for next. */
async function checkPassword(
  request: FastifyRequest<{ Body: Form }>,
  reply: FastifyReply,
  { local, tokens }: LocalSignInRoutesOptions,
) {
  tokens.check(request, request.body.csrf);
  const returnTo = safeReturnPath(request.body.returnTo);
  const identifier = request.body.identifier ?? '';
  const result = await local.checkPassword(identifier, request.body.password ?? '', request.locale);
  if (result.outcome === 'code_sent') {
    const query = new URLSearchParams({
      challenge: result.challengeId,
      channel: result.channel,
      returnTo,
    });
    return reply.redirect(`/auth/local/code?${query.toString()}`, 303);
  }
  return reply.page(
    h(SignInPage, {
      returnTo,
      csrf: tokens.form(request) ?? '',
      identifier,
      errors: [{ field: 'identifier', message: passwordRefusal(request, result) }],
    }),
    result.outcome === 'wrong' ? 400 : 429,
  );
}

/** The code sent: right, it opens a session; wrong, it is asked again; spent, start over. */
async function checkCode(
  request: FastifyRequest<{ Body: Form }>,
  reply: FastifyReply,
  { local, secureCookies, tokens }: LocalSignInRoutesOptions,
) {
  tokens.check(request, request.body.csrf);
  const returnTo = safeReturnPath(request.body.returnTo);
  const result = await local.checkCode(request.body.challenge ?? '', request.body.code ?? '', {
    userAgent: request.headers['user-agent'] ?? null,
    ip: request.ip,
  });
  if (result.outcome === 'signed_in') {
    reply.setCookie(sessionCookie(secureCookies), result.token, {
      ...cookieOptions(secureCookies),
      expires: result.expiresAt,
    });
    return reply.redirect(returnTo, 303);
  }
  const csrf = tokens.form(request) ?? '';
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
  const errors = [{ field: 'identifier', message: request.t('auth.expiredCode') }];
  return reply.page(h(SignInPage, { returnTo, csrf, identifier: '', errors }), 400);
}

/** Local sign-in (officers and administrators): the sign-in page, password, then code. */
export async function localSignInRoutes(app: App, options: LocalSignInRoutesOptions) {
  const { tokens } = options;

  app.get<{ Querystring: { returnTo?: string } }>(
    '/auth/sign-in',
    { schema: { hide: true } },
    async (request, reply) => {
      const csrf = tokens.browser(request, reply);
      const returnTo = safeReturnPath(request.query.returnTo);
      return reply.page(h(SignInPage, { returnTo, csrf, identifier: '', errors: [] }));
    },
  );

  app.post<{ Body: Form }>('/auth/local', limited(), async (request, reply) =>
    checkPassword(request, reply, options),
  );

  app.get<{ Querystring: Form }>(
    '/auth/local/code',
    { schema: { hide: true } },
    async (request, reply) =>
      reply.page(
        h(CodePage, {
          challengeId: request.query.challenge ?? '',
          returnTo: safeReturnPath(request.query.returnTo),
          csrf: tokens.browser(request, reply),
          channel: request.query.channel === 'sms' ? 'sms' : 'email',
          errors: [],
        }),
      ),
  );

  app.post<{ Body: Form }>('/auth/local/code', limited(), async (request, reply) =>
    checkCode(request, reply, options),
  );
}
