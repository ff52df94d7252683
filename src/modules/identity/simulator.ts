import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { h, type VNode } from 'preact';
import type Provider from 'oidc-provider';
import type { ClientMetadata, KoaContextWithOIDC } from 'oidc-provider';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import { notFound } from '../../platform/errors.js';
import { renderDocument } from '../../web/render.js';
import { TEST_IDENTITIES } from './test-identities.js';
import { DatabaseAdapter, simulatorCookieKeys, simulatorSigningKey } from './oidc-adapter.js';
import {
  SimulatorErrorPage,
  SimulatorHomePage,
  SimulatorLogoutPage,
  SimulatorPage,
  SimulatorSignedOutPage,
} from './simulator.page.js';

export const SIMULATOR_PATH = '/idp';

interface SimulatorOptions {
  publicUrl: string;
  client: ClientMetadata;
  /** Where the provider keeps its state and signing key, shared by every process. */
  db: Database;
  clock: Clock;
  /** The server's secret, which its cookie keys derive from. */
  serverSecret: string;
}

/** Claims as a national identity provider (VNeID-like) releases them. */
function claimsOf(sub: string) {
  const person = TEST_IDENTITIES.find((p) => p.sub === sub);
  if (!person) return undefined;
  return {
    sub,
    name: person.name,
    birthdate: person.birthDate,
    gender: person.gender,
    personal_id: person.personalId,
    phone_number: person.phone,
    email: person.email,
    organizations: (person.represents ?? []).map((b) => ({
      enterprise_code: b.enterpriseCode,
      name: b.name,
    })),
    address: {
      street_address: person.address.line,
      locality: person.address.communeCode,
      region: person.address.provinceCode,
      country: 'VN',
    },
  };
}

/** Shows one of the portal's pages as the provider's answer. */
type ShowPage = <P>(ctx: KoaContextWithOIDC, page: VNode<P>) => void;

/**
 * The pages the provider draws itself (signing out, signed out, errors), as the portal's
 * own pages: its style and language, and no inline style or script for the CSP to refuse.
 */
function providerPages(show: ShowPage) {
  return {
    logoutSource(ctx: KoaContextWithOIDC, form: string) {
      // The provider's own form says where to confirm and with which one-time secret.
      const action = /action="([^"]+)"/.exec(form)?.[1];
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)?.[1];
      if (!action || !xsrf) throw new Error('oidc-provider changed its sign-out form');
      // The portal asking for the person signed in here needs no question: it proved who
      // with the ID token it was given (checked by the provider before this page).
      const { session, entities } = ctx.oidc;
      const hinted = entities.IdTokenHint?.payload.sub;
      const automatic = hinted !== undefined && hinted === session?.accountId;
      show(ctx, h(SimulatorLogoutPage, { action, xsrf, automatic }));
    },
    postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
      show(ctx, h(SimulatorSignedOutPage, {}));
    },
    renderError(ctx: KoaContextWithOIDC) {
      show(ctx, h(SimulatorErrorPage, { status: ctx.status }));
    },
  };
}

/**
 * The provider itself: a real OpenID Connect server over the test identities. oidc-provider
 * (with Koa and the rest it requires) is loaded here, not with the portal's code: that was
 * about half a second of every start's CPU, for a simulator nobody uses in its first seconds.
 */
async function createProvider(options: SimulatorOptions, show: ShowPage): Promise<Simulator> {
  const { db, clock } = options;
  const [{ default: Provider }, signingKey] = await Promise.all([
    import('oidc-provider'),
    simulatorSigningKey(db, clock),
  ]);
  const pages = providerPages(show);
  const provider = new Provider(`${options.publicUrl}${SIMULATOR_PATH}`, {
    // Nothing in this process's memory: any process answers any step of a sign-in.
    adapter: (model: string) => new DatabaseAdapter(db, clock, model),
    clients: [options.client],
    jwks: { keys: [signingKey] },
    pkce: { methods: ['S256'], required: () => true },
    acrValues: ['loa1', 'loa2'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'birthdate', 'gender'],
      national_id: ['personal_id'],
      address: ['address'],
      phone: ['phone_number'],
      email: ['email'],
      organizations: ['organizations'],
    },
    cookies: { keys: simulatorCookieKeys(options.serverSecret) },
    findAccount: async (_ctx, sub) =>
      claimsOf(sub) ? { accountId: sub, claims: async () => claimsOf(sub) ?? { sub } } : undefined,
    interactions: {
      url: (_ctx, interaction) => `${SIMULATOR_PATH}/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: pages.logoutSource,
        postLogoutSuccessSource: pages.postLogoutSuccessSource,
      },
    },
    renderError: pages.renderError,
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
  });
  provider.proxy = true;
  return { provider, handle: provider.callback() };
}

/** The provider, and its handler of raw requests. */
interface Simulator {
  provider: Provider;
  handle: ReturnType<Provider['callback']>;
}

/** Made at the first call, once; a failure is not kept: the next call tries again. */
function lazily<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () =>
    (made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    }));
}

/** Long enough for what starts with listening (the search index, the job queue) to go first. */
const PRELOAD_AFTER_MS = 1_000;

/**
 * The provider is made a moment after the portal listens, so that neither readiness nor the
 * first pages wait for it, and a sign-in a person starts finds it ready. A request for it
 * before then (or with no listening at all, as in the tests) makes it and waits.
 */
function preloadOnceListening(app: App, simulator: () => Promise<unknown>) {
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onListen', (done) => {
    timer = setTimeout(() => {
      simulator().catch((error: unknown) =>
        app.log.error({ err: error }, 'the identity simulator did not load: sign-in will retry'),
      );
    }, PRELOAD_AFTER_MS).unref();
    done();
  });
  app.addHook('onClose', (_instance, done) => {
    clearTimeout(timer);
    done();
  });
}

/** Asked for level 2 (a step up), the provider offers only level-2 identities. */
const asksLevelTwo = (details: { params: Record<string, unknown> }) =>
  String(details.params.acr_values ?? '')
    .split(' ')
    .every((v) => v === 'loa2');

/** The simulator's own pages: its home, and picking who signs in. */
function interactionRoutes(app: App, loaded: () => Promise<Provider>) {
  // The bare path is not the provider's (its routes all lie below it): a page for people
  // who open the address the README gives.
  app.get(SIMULATOR_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.page(h(SimulatorHomePage, { identities: TEST_IDENTITIES })),
  );

  app.get<{ Params: { uid: string } }>(
    `${SIMULATOR_PATH}/interaction/:uid`,
    { schema: { hide: true } },
    async (request, reply) => {
      const provider = await loaded();
      const details = await provider.interactionDetails(request.raw, reply.raw).catch(() => null);
      if (!details || details.uid !== request.params.uid) throw notFound();
      const levelTwo = asksLevelTwo(details);
      const identities = TEST_IDENTITIES.filter((p) => !levelTwo || p.assuranceLevel === 2);
      return reply.page(h(SimulatorPage, { uid: details.uid, identities, levelTwo }));
    },
  );

  app.post<{ Params: { uid: string }; Body: { sub?: string } }>(
    `${SIMULATOR_PATH}/interaction/:uid/login`,
    { schema: { hide: true } },
    async (request, reply) => {
      const provider = await loaded();
      const details = await provider.interactionDetails(request.raw, reply.raw).catch(() => null);
      const person = TEST_IDENTITIES.find((p) => p.sub === request.body?.sub);
      if (!details || details.uid !== request.params.uid || !person) throw notFound();
      if (asksLevelTwo(details) && person.assuranceLevel !== 2) throw notFound();
      const grant = new provider.Grant({
        accountId: person.sub,
        clientId: String(details.params.client_id),
      });
      grant.addOIDCScope(String(details.params.scope ?? 'openid'));
      const grantId = await grant.save();
      const redirectTo = await provider.interactionResult(request.raw, reply.raw, {
        login: { accountId: person.sub, acr: person.assuranceLevel === 2 ? 'loa2' : 'loa1' },
        consent: { grantId },
      });
      return reply.redirect(redirectTo, 303);
    },
  );
}

/**
 * The provider answers on the raw response, past Fastify's reply hooks: it gets the headers
 * those hooks gave the reply (the security headers), set now so that the provider adds the
 * hashes of its own inline scripts to the CSP, and put back if it clears them (Koa does on
 * an error it did not expect) before the answer is written.
 */
export function keepHeaders(
  response: ServerResponse,
  headers: Record<string, string | number | string[] | undefined>,
) {
  const present = Object.entries(headers).filter(
    (entry): entry is [string, string | number | string[]] => entry[1] !== undefined,
  );
  for (const [name, value] of present) response.setHeader(name, value);
  const writeHead = response.writeHead;
  response.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    for (const [name, value] of present) {
      if (!this.hasHeader(name)) this.setHeader(name, value);
    }
    return Reflect.apply(writeHead, this, args) as ServerResponse;
  } as ServerResponse['writeHead'];
}

/** The script that sends the sign-out form the portal asked for (no inline script: CSP). */
const LOGOUT_SCRIPT = "document.getElementById('idp-logout').submit();\n";

/**
 * A national identity provider for development and tests, built on oidc-provider: a real
 * OpenID Connect server (discovery, authorization code + PKCE, tokens, userinfo, ending its
 * session at a portal's request) whose sign-in page lets a person pick a test identity.
 */
export async function mountIdentitySimulator(app: App, options: SimulatorOptions): Promise<void> {
  // The provider's own pages are drawn for the request they answer (its language, its URL).
  const requests = new WeakMap<IncomingMessage, FastifyRequest>();
  const show: ShowPage = (ctx, page) => {
    const request = requests.get(ctx.req);
    if (!request) throw new Error('a provider page outside a request of the portal');
    const raw = ctx.req as IncomingMessage & { originalUrl?: string };
    const inner = raw.url;
    // Links of the page to itself (the language switch) take the address people see.
    raw.url = raw.originalUrl ?? inner;
    try {
      ctx.type = 'html';
      ctx.body = renderDocument(page, request);
    } finally {
      raw.url = inner;
    }
  };
  const simulator = lazily(() => createProvider(options, show));
  const loaded = async () => (await simulator()).provider;
  preloadOnceListening(app, simulator);
  interactionRoutes(app, loaded);
  app.get(`${SIMULATOR_PATH}/logout.js`, { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'max-age=3600')
      .send(LOGOUT_SCRIPT),
  );
  // Everything else under /idp is the provider itself: it reads the raw request, so this
  // scope leaves bodies unparsed and the path as the provider knows it.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    scope.all(`${SIMULATOR_PATH}/*`, { schema: { hide: true } }, async (request, reply) => {
      // Before hijacking: should the provider fail to load, the portal answers the error.
      const { handle } = await simulator();
      reply.hijack();
      keepHeaders(reply.raw, reply.getHeaders());
      requests.set(request.raw, request);
      // As a framework mounting it would: the provider reads its mount path from originalUrl.
      const raw = request.raw as typeof request.raw & { originalUrl?: string };
      raw.originalUrl = raw.url;
      raw.url = raw.url?.slice(SIMULATOR_PATH.length) || '/';
      void handle(raw, reply.raw);
    });
  });
}
