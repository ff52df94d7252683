import { h } from 'preact';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http.js';
import { ProblemError } from '../../platform/errors.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import type { CatalogService } from '../catalog/index.js';
import { AccountPage } from './account.page.js';
import { checkContact, maskPersonalId, type ContactInput } from './profile.js';
import { SESSION_COOKIE } from './routes.js';
import { assertFormToken } from '../../platform/forms.js';
import type { CurrentSession, IdentityService } from './service.js';

const PROBLEM_MESSAGES: Record<string, MessageKey> = {
  'email:badEmail': 'account.badEmail',
  'phone:badPhone': 'account.badPhone',
  'email:channelWithoutAddress': 'account.emailNeeded',
  'phone:channelWithoutAddress': 'account.phoneNeeded',
};

/** The profile page: identity as the provider vouched for it, contact details, sessions. */
export function accountRoutes(app: App, identity: IdentityService, catalog: CatalogService) {
  const page = { schema: { hide: true }, config: { access: 'signed_in' as const } };
  const sessionOf = (request: FastifyRequest): CurrentSession => request.session!;
  const checkCsrf = (request: FastifyRequest, token: unknown) =>
    assertFormToken(request.viewer?.csrfToken, token);

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    session: CurrentSession,
    form: ContactInput | null,
    errors: { field: string; message: string }[],
  ) {
    const account = await identity.account(session);
    if (!account) return reply.redirect('/auth/sign-in', 303);
    const address = account.address as {
      street_address?: string;
      locality?: string;
      region?: string;
    } | null;
    const place = address
      ? await catalog.placeName(address.locality ?? null, address.region ?? null)
      : '';
    const sessions = await identity.sessionsOf(session);
    const me = await identity.me(session);
    return reply.page(
      h(AccountPage, {
        account: {
          name: account.name,
          maskedPersonalId: maskPersonalId(account.personal_id),
          birthDate: account.birth_date,
          address: [address?.street_address, place].filter(Boolean).join(', '),
          verified: account.verified_fields.length > 0,
        },
        form: form ?? {
          email: account.email ?? '',
          phone: account.phone ?? '',
          notifyByEmail: account.notify_by_email,
          notifyBySms: account.notify_by_sms,
        },
        sessions: sessions.map((s) => ({
          id: s.id,
          current: s.id === session.id,
          createdAt: s.created_at,
          lastSeenAt: s.last_seen_at,
          userAgent: s.user_agent,
        })),
        businesses: me?.businesses ?? [],
        actingFor: me?.actingFor?.id ?? null,
        csrf: request.viewer?.csrfToken ?? '',
        errors,
        saved: (request.query as Record<string, string | undefined>).saved === '1',
      }),
      errors.length > 0 ? 400 : 200,
    );
  }

  app.get('/account', page, async (request, reply) =>
    render(request, reply, sessionOf(request), null, []),
  );

  app.post<{ Body: Record<string, string | undefined> }>(
    '/account',
    page,
    async (request, reply) => {
      const session = sessionOf(request);
      checkCsrf(request, request.body.csrf);
      const form: ContactInput = {
        email: (request.body.email ?? '').trim().slice(0, 254),
        phone: (request.body.phone ?? '').replace(/[\s.-]/g, '').slice(0, 20),
        notifyByEmail: request.body.notifyByEmail === 'on',
        notifyBySms: request.body.notifyBySms === 'on',
      };
      const problems = checkContact(form);
      if (problems.length > 0) {
        const errors = problems.map((p) => ({
          field: p.field,
          message: request.t(PROBLEM_MESSAGES[`${p.field}:${p.problem}`] ?? 'errors.validation'),
        }));
        return render(request, reply, session, form, errors);
      }
      await identity.updateContact(session, {
        email: form.email || null,
        phone: form.phone || null,
        notifyByEmail: form.notifyByEmail,
        notifyBySms: form.notifyBySms,
      });
      return reply.redirect('/account?saved=1', 303);
    },
  );

  app.post<{ Body: Record<string, string | undefined> }>(
    '/account/act-for',
    page,
    async (request, reply) => {
      const session = sessionOf(request);
      checkCsrf(request, request.body.csrf);
      const business = request.body.business || null;
      if (!(await identity.actFor(session, business))) {
        throw new ProblemError(404, 'not_found', 'errors.notFound');
      }
      return reply.redirect('/account', 303);
    },
  );

  app.post<{ Body: Record<string, string | undefined> }>(
    '/account/sign-out-everywhere',
    page,
    async (request, reply) => {
      const session = sessionOf(request);
      checkCsrf(request, request.body.csrf);
      await identity.signOutEverywhere(session);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/', 303);
    },
  );
}
