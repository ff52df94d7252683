import { createHmac } from 'node:crypto';
import type { JWK } from 'jose';
import type { ClientMetadata } from 'oidc-provider';
import type { Config } from '../../config.js';
import type { NationalIdentityProvider } from './service.js';
import { SIMULATOR_PATH } from './simulator.js';

/** Where the provider sends people back once it has ended its session too. */
export const SIGNED_OUT_PATH = '/auth/signed-out';

/**
 * The portal's key for private_key_jwt, from the configured JWK (validated at start). jose is
 * loaded only here: the whole of it is some fifty modules, for a setting few installations use.
 */
async function clientKey(jwkText: string) {
  const { importJWK } = await import('jose');
  const jwk = JSON.parse(jwkText) as JWK;
  const alg = jwk.alg ?? (jwk.kty === 'EC' ? 'ES256' : 'RS256');
  const key = await importJWK(jwk, alg);
  const publicJwk: JWK = {
    kty: jwk.kty,
    n: jwk.n,
    e: jwk.e,
    crv: jwk.crv,
    x: jwk.x,
    y: jwk.y,
    kid: jwk.kid,
    alg,
    use: 'sig',
  };
  return {
    key: key as CryptoKey,
    kid: jwk.kid,
    publicJwk: JSON.parse(JSON.stringify(publicJwk)) as JWK,
  };
}

/**
 * The portal as an OpenID Connect client of the national identity provider (the
 * simulator at /idp unless OIDC_ISSUER names another), proving itself with a signed JWT
 * when it has a key, else with a secret; and the same client as the simulator registers it.
 * Without a configured secret, one derived from the server's secret: every process's
 * simulator must know the secret every process's client sends to it.
 */
export async function portalClient(
  config: Config,
  serverSecret: string,
): Promise<{
  provider: NationalIdentityProvider;
  registration: ClientMetadata;
}> {
  const clientId = config.OIDC_CLIENT_ID;
  const clientSecret =
    config.OIDC_CLIENT_SECRET ??
    createHmac('sha256', serverSecret).update('identity:oidc-client-secret').digest('base64url');
  const privateKey = config.OIDC_PRIVATE_KEY_JWK
    ? await clientKey(config.OIDC_PRIVATE_KEY_JWK)
    : null;
  const redirectUri = `${config.PUBLIC_URL}/auth/callback`;
  const postLogoutRedirectUri = `${config.PUBLIC_URL}${SIGNED_OUT_PATH}`;
  return {
    provider: {
      issuer: config.OIDC_ISSUER ?? `${config.PUBLIC_URL}${SIMULATOR_PATH}`,
      clientId,
      redirectUri,
      postLogoutRedirectUri,
      clientAuth: privateKey
        ? {
            method: 'private_key_jwt',
            key: privateKey.key,
            ...(privateKey.kid ? { kid: privateKey.kid } : {}),
          }
        : { method: 'client_secret', secret: clientSecret },
    },
    registration: {
      client_id: clientId,
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [postLogoutRedirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      ...(privateKey
        ? {
            token_endpoint_auth_method: 'private_key_jwt',
            jwks: { keys: [privateKey.publicJwk] },
          }
        : { client_secret: clientSecret, token_endpoint_auth_method: 'client_secret_post' }),
    },
  };
}
