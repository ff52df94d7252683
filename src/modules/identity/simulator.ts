import { randomBytes } from 'node:crypto';
import { h } from 'preact';
import Provider, { type ClientMetadata } from 'oidc-provider';
import { exportJWK, generateKeyPair } from 'jose';
import type { App } from '../../platform/http.js';
import { notFound } from '../../platform/errors.js';
import { TEST_IDENTITIES } from './test-identities.js';
import { SimulatorHomePage, SimulatorPage } from './simulator.page.js';

export const SIMULATOR_PATH = '/idp';

interface SimulatorOptions {
  publicUrl: string;
  client: ClientMetadata;
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

/** The provider itself: a real OpenID Connect server over the test identities. */
async function createProvider(options: SimulatorOptions): Promise<Provider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(`${options.publicUrl}${SIMULATOR_PATH}`, {
    clients: [options.client],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), use: 'sig', alg: 'RS256' }] },
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
    cookies: { keys: [randomBytes(32).toString('hex')] },
    findAccount: async (_ctx, sub) =>
      claimsOf(sub) ? { accountId: sub, claims: async () => claimsOf(sub) ?? { sub } } : undefined,
    interactions: {
      url: (_ctx, interaction) => `${SIMULATOR_PATH}/interaction/${interaction.uid}`,
    },
    features: { devInteractions: { enabled: false } },
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
  return provider;
}

/** Asked for level 2 (a step up), the provider offers only level-2 identities. */
const asksLevelTwo = (details: { params: Record<string, unknown> }) =>
  String(details.params.acr_values ?? '')
    .split(' ')
    .every((v) => v === 'loa2');

/** The simulator's own pages: its home, and picking who signs in. */
function interactionRoutes(app: App, provider: Provider) {
  // The bare path is not the provider's (its routes all lie below it): a page for people
  // who open the address the README gives.
  app.get(SIMULATOR_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.page(h(SimulatorHomePage, { identities: TEST_IDENTITIES })),
  );

  app.get<{ Params: { uid: string } }>(
    `${SIMULATOR_PATH}/interaction/:uid`,
    { schema: { hide: true } },
    async (request, reply) => {
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
 * A national identity provider for development and tests, built on oidc-provider: a real
 * OpenID Connect server (discovery, authorization code + PKCE, tokens, userinfo) whose
 * sign-in page lets a person pick one of the test identities.
 */
export async function mountIdentitySimulator(app: App, options: SimulatorOptions): Promise<void> {
  const provider = await createProvider(options);
  interactionRoutes(app, provider);
  // Everything else under /idp is the provider itself: it reads the raw request, so this
  // scope leaves bodies unparsed and the path as the provider knows it.
  const handle = provider.callback();
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    scope.all(`${SIMULATOR_PATH}/*`, { schema: { hide: true } }, (request, reply) => {
      reply.hijack();
      // As a framework mounting it would: the provider reads its mount path from originalUrl.
      const raw = request.raw as typeof request.raw & { originalUrl?: string };
      raw.originalUrl = raw.url;
      raw.url = raw.url?.slice(SIMULATOR_PATH.length) || '/';
      void handle(raw, reply.raw);
    });
  });
}
