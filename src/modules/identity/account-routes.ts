import { h } from 'preact';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http.js';
import { notFound } from '../../platform/errors.js';
import { assertFormToken } from '../../platform/forms.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import type { CatalogService } from '../catalog/index.js';
import { AccountPage, type AccountPageProps } from './account.page.js';
import { checkContact, maskPersonalId, type ContactInput } from './profile.js';
import { cookieOptions, sessionCookie } from './request-session.js';
import type { CurrentSession, IdentityService } from './service.js';
import type { ContactChanges } from './contact.js';

interface AccountRoutesOptions {
  identity: IdentityService;
  catalog: CatalogService;
  contacts: ContactChanges;
  secureCookies: boolean;
}

type Form = Record<string, string | undefined>;

const PROBLEM_MESSAGES: Record<string, MessageKey> = {
  'email:badEmail': 'account.badEmail',
  'phone:badPhone': 'account.badPhone',
  'email:channelWithoutAddress': 'account.emailNeeded',
  'phone:channelWithoutAddress': 'account.phoneNeeded',
};

const page = () => ({ schema: { hide: true }, config: { access: 'signed_in' as const } });
/** A plain form's fields are single texts: no body, or a name twice, is a 400, not a crash. */
const FormFields = Type.Record(Type.String(), Type.String());
const form = () => ({ ...page(), schema: { hide: true, body: FormFields } });
const sessionOf = (request: FastifyRequest): CurrentSession => request.session!;
const checkCsrf = (request: FastifyRequest, token: unknown) =>
  assertFormToken(request.viewer?.csrfToken, token);

type Address = { street_address?: string; locality?: string; region?: string } | null;

/** What the profile page shows of an account; null when the account is gone. */
async function accountView(
  { identity, catalog }: AccountRoutesOptions,
  session: CurrentSession,
): Promise<Omit<AccountPageProps, 'csrf' | 'errors' | 'saved'> | null> {
  const account = await identity.account(session);
  if (!account) return null;
  const address = account.address as Address;
  const place = address
    ? await catalog.placeName(address.locality ?? null, address.region ?? null)
    : '';
  const sessions = await identity.sessionsOf(session);
  const me = await identity.me(session);
  return {
    account: {
      name: account.name,
      maskedPersonalId: maskPersonalId(account.personal_id),
      birthDate: account.birth_date,
      address: [address?.street_address, place].filter(Boolean).join(', '),
      verified: account.verified_fields.length > 0,
    },
    form: {
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
  };
}

/** The profile page, with the contact form as sent back and its errors if it had any. */
async function render(
  request: FastifyRequest,
  reply: FastifyReply,
  options: AccountRoutesOptions,
  sent: { form: ContactInput; errors: { field: string; message: string }[] } | null,
) {
  const view = await accountView(options, sessionOf(request));
  if (!view) return reply.redirect('/auth/sign-in', 303);
  const errors = sent?.errors ?? [];
  return reply.page(
    h(AccountPage, {
      ...view,
      form: sent?.form ?? view.form,
      csrf: request.viewer?.csrfToken ?? '',
      errors,
      saved: (request.query as Form).saved === '1',
    }),
    errors.length > 0 ? 400 : 200,
  );
}

/** Contact details and how to be told things: saved, or the page again with what is wrong. */
async function saveContact(
  request: FastifyRequest<{ Body: Form }>,
  reply: FastifyReply,
  options: AccountRoutesOptions,
) {
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
    return render(request, reply, options, { form, errors });
  }
  const saved = await options.contacts.change(
    sessionOf(request).accountId,
    {
      email: form.email || null,
      phone: form.phone || null,
      notifyByEmail: form.notifyByEmail,
      notifyBySms: form.notifyBySms,
    },
    request.locale,
  );
  if (saved !== 'saved') {
    const message = request.t(saved === 'email' ? 'account.emailTaken' : 'account.phoneTaken');
    return render(request, reply, options, { form, errors: [{ field: saved, message }] });
  }
  return reply.redirect('/account?saved=1', 303);
}

/** The profile page: identity as the provider vouched for it, contact details, sessions. */
export async function accountRoutes(app: App, options: AccountRoutesOptions) {
  const { identity } = options;

  app.get('/account', page(), async (request, reply) => render(request, reply, options, null));

  app.post<{ Body: Form }>('/account', form(), async (request, reply) =>
    saveContact(request, reply, options),
  );

  app.post<{ Body: Form }>('/account/act-for', form(), async (request, reply) => {
    checkCsrf(request, request.body.csrf);
    if (!(await identity.actFor(sessionOf(request), request.body.business || null))) {
      throw notFound();
    }
    return reply.redirect('/account', 303);
  });

  app.post<{ Body: Form }>('/account/sign-out-everywhere', form(), async (request, reply) => {
    checkCsrf(request, request.body.csrf);
    const endAt = await identity.signOutEverywhere(sessionOf(request));
    reply.clearCookie(sessionCookie(options.secureCookies), cookieOptions(options.secureCookies));
    return reply.redirect(endAt ?? '/', 303);
  });
}
