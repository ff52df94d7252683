import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http.js';
import { assertFormToken } from '../../platform/forms.js';
import { changeKeys, type Changes } from '../../platform/changes.js';
// The request's `viewer`, set below, is declared with the pages that show it.
import type { Viewer } from '../../web/context.js';
import type { HeaderMessages, NotificationService } from '../notifications/index.js';
import type { CurrentSession, IdentityService } from './service.js';

/**
 * The session's and the browser's cookies. Behind https they carry the __Host- prefix: the
 * browser then keeps them for this host alone, secure and for every path, so no sibling
 * subdomain (another agency's site under gov.vn, say) can set or shadow them.
 */
export const sessionCookie = (secure: boolean) => (secure ? '__Host-sid' : 'sid');
const browserCookie = (secure: boolean) => (secure ? '__Host-bid' : 'bid');

/** Methods that change nothing. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    session: CurrentSession | null;
  }
}

/** How the portal's own cookies are set: HTTP only, same site, secure behind https. */
export const cookieOptions = (secure: boolean) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure,
});

/** The browser's own id (for sign-ins under way and forms before a session exists). */
export function browserId(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  let id = request.cookies[browserCookie(secure)];
  if (!id) {
    id = randomBytes(24).toString('base64url');
    reply.setCookie(browserCookie(secure), id, { ...cookieOptions(secure), maxAge: 3600 });
  }
  return id;
}

/** The browser id a sign-in started on, read back when the provider sends the person back. */
export const startedBrowserId = (request: FastifyRequest, secure: boolean) =>
  request.cookies[browserCookie(secure)];

/**
 * Forms carry a token derived from a cookie of this browser (its session, or before that
 * its browser id): another site can neither read the cookie nor guess the token. Keyed with
 * the server's secret, so the cookie's value alone (seen in a log, say) does not make one.
 */
export class FormTokens {
  constructor(
    private readonly secret: string,
    private readonly secure: boolean,
  ) {}

  /** The token for a cookie's value. */
  of(cookieValue: string): string {
    return createHmac('sha256', this.secret).update(`csrf:${cookieValue}`).digest('base64url');
  }

  /** The token the forms of this browser carry before it has a session. */
  browser(request: FastifyRequest, reply: FastifyReply): string {
    return this.of(browserId(request, reply, this.secure));
  }

  /** The browser's token as the sign-in forms sent it back, or null without a browser id. */
  form(request: FastifyRequest): string | null {
    const id = request.cookies[browserCookie(this.secure)];
    return id ? this.of(id) : null;
  }

  /** Refuses a sign-in form that does not carry this browser's token. */
  check(request: FastifyRequest, token: unknown): void {
    assertFormToken(this.form(request), token);
  }
}

/** Who is signed in, as pages show them: the name, unread messages and the form token. */
async function viewerOf(
  identity: IdentityService,
  session: CurrentSession,
  messages: HeaderMessages,
  csrfToken: string,
): Promise<Viewer | null> {
  const me = await identity.me(session);
  if (!me) return null;
  return {
    sessionId: session.id,
    name: me.actingFor ? `${me.name} · ${me.actingFor.name}` : me.name,
    csrfToken,
    officer: me.kind === 'officer',
    systemAdmin: me.kind === 'system_admin',
    unread: messages.unread,
    latest: messages.latest,
  };
}

/**
 * Every request of the app (so this is registered on the root, before any route) learns
 * its session from the cookie, and pages also who is signed in.
 */
export function registerSessions(
  app: App,
  deps: {
    identity: IdentityService;
    notifications: NotificationService;
    tokens: FormTokens;
    changes: Changes;
  },
  secure: boolean,
) {
  const { identity, notifications, tokens, changes } = deps;
  /** Each remembered session's viewer (by its messages, read with it), drawn once. */
  const viewers = new WeakMap<HeaderMessages, Viewer>();
  app.decorateRequest('session', null);
  app.decorateRequest('viewer', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[sessionCookie(secure)];
    if (!token || request.url.startsWith('/assets/')) return;
    // Pages show who is signed in, with their messages; API calls need only the session.
    const page = !request.url.startsWith('/api/');
    const found = await identity.currentSession(
      token,
      page ? (account) => notifications.headerMessagesSql(account) : undefined,
    );
    request.session = found?.session ?? null;
    if (found && page) {
      const messages = found.extra as HeaderMessages;
      // The same messages object comes back while the session is remembered unchanged.
      let viewer = viewers.get(messages);
      if (!viewer) {
        viewer = (await viewerOf(identity, found.session, messages, tokens.of(token))) ?? undefined;
        if (viewer) viewers.set(messages, viewer);
      }
      if (viewer) request.viewer = viewer;
    }
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    const { session } = request;
    if (!session) return done(null, payload);
    // What a signed-in person is shown is theirs (a page's header names them): no cache keeps
    // it, so the next person at a shared computer cannot bring it back with the Back button.
    if (!String(reply.getHeader('cache-control') ?? '').startsWith('public')) {
      reply.header('cache-control', 'private, no-store');
    }
    // Whatever a person sends may have changed what is kept about them (a message read, a
    // form saved, a sign-out): their next page is drawn afresh, whichever module wrote.
    if (!SAFE_METHODS.has(request.method)) changes.changed(changeKeys.sent(session.accountId));
    done(null, payload);
  });
}
