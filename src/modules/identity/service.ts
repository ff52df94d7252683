import * as oidc from 'openid-client';
import type { Clock } from '../../platform/clock.js';
import type { Locale } from '../../platform/i18n/index.js';
import { ProblemError } from '../../platform/errors.js';
import type { Database, Queryable } from '../../platform/db.js';
import type { NotificationService } from '../notifications/index.js';
import { IdentityRepository, pickAccount, type SignedInRow } from './repository.js';
import { SessionMemory } from './session-memory.js';
import { meOf, type CurrentSession, type Me } from './me.js';
import type { Changes } from '../../platform/changes.js';
import { SignInRepository, type PendingSignIn } from './sign-in-repository.js';
import type { Actor } from './permissions.js';
import {
  ABSOLUTE_TIMEOUT_MS,
  TOUCH_INTERVAL_MS,
  hashToken,
  newToken,
  safeReturnPath,
  sessionState,
} from './sessions.js';

export type { CurrentSession, Me } from './me.js';

export interface NationalIdentityProvider {
  issuer: string;
  clientId: string;
  /** How the portal proves itself at the token endpoint: a secret, or a signed JWT. */
  clientAuth:
    | { method: 'client_secret'; secret: string }
    | { method: 'private_key_jwt'; key: CryptoKey; kid?: string };
  redirectUri: string;
  /** Where the provider sends people back after ending its session (RP-initiated logout). */
  postLogoutRedirectUri: string;
}

/** A pending sign-in lasts as long as a person may reasonably take at the provider. */
const SIGN_IN_WINDOW_MS = 10 * 60 * 1000;
const SCOPES = 'openid profile national_id address phone email organizations';

const signInFailed = () => new ProblemError(400, 'sign_in_failed', 'errors.signInFailed');

/** The businesses the provider's `organizations` claim names, with a code and a name each. */
const representedBusinesses = (info: oidc.UserInfoResponse) =>
  (Array.isArray(info.organizations) ? info.organizations : [])
    .map((o) => o as { enterprise_code?: unknown; name?: unknown })
    .filter((o) => typeof o.enterprise_code === 'string' && typeof o.name === 'string')
    .map((o) => ({ enterpriseCode: String(o.enterprise_code), name: String(o.name) }));

export class IdentityService {
  private configuration: Promise<oidc.Configuration> | null = null;

  private readonly repository: IdentityRepository;

  private readonly signIns: SignInRepository;

  /**
   * Who a session is, read with it: the session object is the same for every request while
   * its row is remembered (`sessions`), and its header, access check and applicant all ask.
   */
  private readonly accounts = new WeakMap<
    CurrentSession,
    ReturnType<IdentityRepository['findAccount']>
  >();
  private readonly mes = new WeakMap<CurrentSession, Promise<Me>>();
  /** The session a remembered row makes, made once: its account and `me` with it. */
  private readonly sessions = new WeakMap<SignedInRow, CurrentSession>();
  /** Sessions read lately: told here of every change to an account or its sessions. */
  private readonly memory: SessionMemory<SignedInRow>;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly provider: NationalIdentityProvider,
    private readonly notifications: NotificationService,
    changes: Changes,
  ) {
    this.repository = new IdentityRepository(db);
    this.signIns = new SignInRepository(db);
    this.memory = new SessionMemory(changes);
  }

  /** The national identity provider, as its issuer identifier (a URL). */
  get issuer(): string {
    return this.provider.issuer;
  }

  /** Where the provider sends people back: callback URLs are read against it. */
  get redirectBase(): string {
    return this.provider.redirectUri;
  }

  /** The provider's discovered configuration, fetched once (again after a failure). */
  private oidcConfiguration(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(
        new URL(this.provider.issuer),
        this.provider.clientId,
        undefined,
        this.provider.clientAuth.method === 'private_key_jwt'
          ? oidc.PrivateKeyJwt({
              key: this.provider.clientAuth.key,
              ...(this.provider.clientAuth.kid ? { kid: this.provider.clientAuth.kid } : {}),
            })
          : oidc.ClientSecretPost(this.provider.clientAuth.secret),
        this.provider.issuer.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : {},
      )
      .catch((error: unknown) => {
        this.configuration = null;
        throw error;
      });
    return this.configuration;
  }

  /** Starts a national sign-in: where to send the browser, with state, nonce and PKCE kept here. */
  async startSignIn(
    browserId: string,
    returnTo: unknown,
    minimumLevel: 1 | 2 = 1,
  ): Promise<string> {
    const configuration = await this.oidcConfiguration();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const now = this.clock.now();
    await this.signIns.savePendingSignIn({
      state,
      browser_hash: hashToken(browserId),
      nonce,
      code_verifier: codeVerifier,
      return_to: safeReturnPath(returnTo),
      created_at: now,
      expires_at: new Date(now.getTime() + SIGN_IN_WINDOW_MS),
    });
    return oidc
      .buildAuthorizationUrl(configuration, {
        redirect_uri: this.provider.redirectUri,
        scope: SCOPES,
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        acr_values: minimumLevel === 2 ? 'loa2' : 'loa1 loa2',
        // A step up must sign in again at the provider, not reuse a level-1 sign-in there.
        ...(minimumLevel === 2 ? { prompt: 'login' } : {}),
      })
      .toString();
  }

  /**
   * Completes a sign-in from the provider's redirect. The state must be one this browser
   * started and not yet used; the code, nonce and issuer are checked by openid-client.
   * Any mismatch is refused with the same clear error and nothing is created.
   */
  async finishSignIn(input: {
    browserId: string | undefined;
    callbackUrl: URL;
    userAgent: string | null;
    ip: string | null;
    locale: Locale;
  }): Promise<{ token: string; returnTo: string; expiresAt: Date }> {
    const state = input.callbackUrl.searchParams.get('state');
    if (!state || !input.browserId) throw signInFailed();
    const pending = await this.signIns.takePendingSignIn(state);
    const now = this.clock.now();
    if (
      !pending ||
      pending.browser_hash !== hashToken(input.browserId) ||
      pending.expires_at.getTime() <= now.getTime()
    ) {
      throw signInFailed();
    }
    const { subject, acr, info, idToken } = await this.vouchedFor(pending, input.callbackUrl);
    const personalId = typeof info.personal_id === 'string' ? info.personal_id : null;
    if (!personalId || !/^\d{12}$/.test(personalId)) throw signInFailed();
    const token = newToken();
    const expiresAt = new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS);
    // The account, its session and a first-time welcome are written together or not at all.
    await this.db.transaction((tx) =>
      this.recordSignIn(tx, {
        subject,
        personalId,
        info,
        session: {
          tokenHash: hashToken(token),
          assuranceLevel: acr === 'loa2' ? 2 : 1,
          method: 'national_id',
          now,
          expiresAt,
          userAgent: input.userAgent,
          ip: input.ip,
          idToken,
        },
        locale: input.locale,
      }),
    );
    return { token, returnTo: pending.return_to, expiresAt };
  }

  /** The provider's word on who signed in: the ID token's subject and level, and userinfo. */
  private async vouchedFor(pending: PendingSignIn, callbackUrl: URL) {
    const configuration = await this.oidcConfiguration();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: pending.code_verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch {
      throw signInFailed();
    }
    const idToken = tokens.claims();
    if (!idToken) throw signInFailed();
    const info = await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
    return { subject: idToken.sub, acr: idToken.acr, info, idToken: tokens.id_token ?? null };
  }

  /**
   * The citizen's account as the provider describes them (created or refreshed), a session
   * for them, the businesses they represent, and a welcome for a first sign-in.
   */
  private async recordSignIn(
    tx: Queryable,
    signIn: {
      subject: string;
      personalId: string;
      info: oidc.UserInfoResponse;
      session: Omit<Parameters<IdentityRepository['createSession']>[0], 'accountId'>;
      locale: Locale;
    },
  ): Promise<void> {
    const { info } = signIn;
    const repository = new IdentityRepository(tx);
    const name = String(info.name ?? '');
    const account = await repository.upsertCitizen({
      subject: signIn.subject,
      personalId: signIn.personalId,
      name,
      birthDate: typeof info.birthdate === 'string' ? info.birthdate : null,
      gender: info.gender === 'male' || info.gender === 'female' ? info.gender : null,
      address: info.address ?? null,
      phone: typeof info.phone_number === 'string' ? info.phone_number : null,
      email: typeof info.email === 'string' ? info.email : null,
      verifiedFields: ['personal_id', 'name', 'birth_date', 'gender', 'address'],
    });
    await repository.markActive(account.id, signIn.session.now);
    await repository.createSession({ ...signIn.session, accountId: account.id });
    // Businesses the provider says this person represents, kept in step at each sign-in.
    await repository.setRepresentedBusinesses(
      account.id,
      representedBusinesses(info),
      signIn.session.now,
    );
    this.memory.changed(tx, account.id);
    if (account.created) {
      await this.notifications.enqueue(tx, {
        channel: 'in_app',
        recipient: account.id,
        accountId: account.id,
        template: 'welcome',
        locale: signIn.locale,
        values: { name },
      });
    }
  }

  /**
   * The live session a cookie's token opens, or null (unknown, expired, idle, revoked). Who
   * it is (account, roles, businesses) is read with it and kept for the request; `extra`
   * adds what a page's header shows about the account (an SQL expression of it), answered
   * beside the session.
   */
  async currentSession(
    token: string | undefined,
    extra?: (accountId: string) => string,
  ): Promise<{ session: CurrentSession; extra: unknown } | null> {
    if (!token) return null;
    const tokenHash = hashToken(token);
    const row = await this.memory.recallOr(tokenHash, extra !== undefined, () =>
      this.repository.findSignedIn(tokenHash, extra),
    );
    if (!row) return null;
    const { session_id: id, acting_for, assurance_level, roles, businesses, extra: more } = row;
    const { last_seen_at: lastSeenAt, expires_at: expiresAt, revoked_at: revokedAt } = row;
    const now = this.clock.now();
    if (sessionState({ lastSeenAt, expiresAt, revokedAt }, now) !== 'active') return null;
    if (now.getTime() - lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
      await this.repository.touchSession(id, now);
      this.memory.touched(tokenHash, now);
    }
    let session = this.sessions.get(row);
    if (!session) {
      session = { id, accountId: row.id, assuranceLevel: assurance_level, actingFor: acting_for };
      const account = pickAccount(row);
      this.accounts.set(session, Promise.resolve(account));
      this.mes.set(session, Promise.resolve(meOf(account, session, roles, businesses)));
      this.sessions.set(row, session);
    }
    return { session, extra: more };
  }

  /** The session's account, read with it (currentSession). */
  account(session: CurrentSession) {
    return this.accounts.get(session) ?? this.repository.findAccount(session.accountId);
  }

  sessionsOf(session: CurrentSession) {
    return this.repository.activeSessions(session.accountId, this.clock.now());
  }

  /**
   * Sign out everywhere: every session of the account ends now, this one included. Answers
   * where to send this browser to end the provider's session too, as signOut does.
   */
  async signOutEverywhere(session: CurrentSession): Promise<string | null> {
    const endAt = await this.signOut(session.id);
    await this.repository.revokeAllSessions(session.accountId, this.clock.now());
    this.memory.changed(this.db, session.accountId);
    return endAt;
  }

  /**
   * Ends a session. For one the national provider vouched for, answers where to send the
   * browser so the provider's session ends too (else the next person at a shared computer
   * would be signed straight back in); null when there is nothing to end there.
   */
  async signOut(sessionId: string): Promise<string | null> {
    const { accountId, idToken } = await this.repository.revokeSession(sessionId, this.clock.now());
    if (accountId) this.memory.changed(this.db, accountId);
    return idToken ? this.endSessionUrl(idToken) : null;
  }

  /** The provider's end_session_endpoint, with our ID token; null if it has none. */
  private async endSessionUrl(idToken: string): Promise<string | null> {
    let configuration: oidc.Configuration;
    try {
      configuration = await this.oidcConfiguration();
    } catch {
      // The provider cannot be reached: signed out here is the best that can be done.
      return null;
    }
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    return oidc
      .buildEndSessionUrl(configuration, {
        id_token_hint: idToken,
        post_logout_redirect_uri: this.provider.postLogoutRedirectUri,
        state: oidc.randomState(),
      })
      .toString();
  }

  /** Who is acting, for permission checks; null when nobody is signed in. */
  async actor(session: CurrentSession | null): Promise<Actor | null> {
    if (!session) return null;
    const me = await this.me(session);
    return me
      ? {
          accountId: me.id,
          kind: me.kind,
          assuranceLevel: me.assuranceLevel,
          roles: me.roles,
          ownerId: me.actingFor?.id ?? me.id,
        }
      : null;
  }

  /** Who a session is: read with the session itself (currentSession). */
  async me(session: CurrentSession) {
    return (await this.mes.get(session)) ?? null;
  }

  /** Acts for a business the person represents, or (null) for themself again. */
  async actFor(session: CurrentSession, businessId: string | null): Promise<boolean> {
    if (businessId) {
      const businesses = await this.repository.representedBusinesses(session.accountId);
      if (!businesses.some((b) => b.id === businessId)) return false;
    }
    await this.repository.setActingFor(session.id, businessId);
    this.memory.changed(this.db, session.accountId);
    return true;
  }
}
