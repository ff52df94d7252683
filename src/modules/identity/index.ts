import { randomBytes } from 'node:crypto';
import { importJWK, type JWK } from 'jose';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import { developmentStandIns, type Config } from '../../config.js';
import type { NotificationService } from '../notifications/index.js';
import { IdentityService } from './service.js';
import { LocalSignIn } from './local-sign-in.js';
import { IdentityRepository } from './repository.js';
import { RoleGrants, roleRoutes } from './roles.js';
import { accountRoutes } from './account-routes.js';
import { handleInactiveAccounts } from './inactivity-job.js';
import { seedDemoOfficers } from './demo-accounts.js';
import type { JobDefinition } from '../../platform/jobs.js';
import type { CatalogService } from '../catalog/index.js';
import { identityRoutes } from './routes.js';
import { registerAuthorization } from './authorization.js';
import { mountIdentitySimulator, SIMULATOR_PATH } from './simulator.js';

export {
  admits,
  agenciesWhere,
  agenciesWith,
  can,
  ROLES,
  WORKING_ROLES,
  type Access,
  type Action as Permission,
  type Actor,
  type Resource,
  type Role,
} from './permissions.js';
export { actorOf } from './authorization.js';
export type { CurrentSession, IdentityService } from './service.js';
export type { RoleGrants } from './roles.js';

/**
 * Identity: accounts, sessions and national sign-in. With the simulator on (the default on
 * the embedded database), the portal is its own test identity provider at /idp.
 */
/** The portal's key for private_key_jwt, from the configured JWK (validated at start). */
async function clientKey(jwkText: string) {
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

export async function createIdentityModule(
  db: Database,
  clock: Clock,
  config: Config,
  notifications: NotificationService,
  catalog: CatalogService,
) {
  const simulator = developmentStandIns(config);
  const clientId = config.OIDC_CLIENT_ID;
  const clientSecret = config.OIDC_CLIENT_SECRET ?? randomBytes(24).toString('base64url');
  const privateKey = config.OIDC_PRIVATE_KEY_JWK
    ? await clientKey(config.OIDC_PRIVATE_KEY_JWK)
    : null;
  const redirectUri = `${config.PUBLIC_URL}/auth/callback`;
  const issuer = config.OIDC_ISSUER ?? `${config.PUBLIC_URL}${SIMULATOR_PATH}`;
  const service = new IdentityService(
    db,
    clock,
    {
      issuer,
      clientId,
      redirectUri,
      clientAuth: privateKey
        ? {
            method: 'private_key_jwt',
            key: privateKey.key,
            ...(privateKey.kid ? { kid: privateKey.kid } : {}),
          }
        : { method: 'client_secret', secret: clientSecret },
    },
    notifications,
  );
  // Notifications reach people through their accounts' contact details, kept here.
  notifications.useContacts({
    contactOf: (q, accountId) => new IdentityRepository(q).contactOf(accountId),
  });
  const local = new LocalSignIn(db, clock, notifications);
  const grants = new RoleGrants(db, clock, catalog);
  const jobs: JobDefinition[] = [
    {
      name: 'identity-inactive-accounts',
      cron: '30 2 * * *',
      run: () => handleInactiveAccounts(db, clock, notifications),
    },
  ];
  return {
    service,
    local,
    grants,
    jobs,
    /** Demo officers for trying the portal, only where the simulator runs. */
    seedDemoAccounts: () => (simulator ? seedDemoOfficers(db) : Promise.resolve(false)),
    async routes(app: App) {
      if (simulator) {
        await mountIdentitySimulator(app, {
          publicUrl: config.PUBLIC_URL,
          client: {
            client_id: clientId,
            redirect_uris: [redirectUri],
            response_types: ['code'],
            grant_types: ['authorization_code'],
            ...(privateKey
              ? {
                  token_endpoint_auth_method: 'private_key_jwt',
                  jwks: { keys: [privateKey.publicJwk] },
                }
              : { client_secret: clientSecret, token_endpoint_auth_method: 'client_secret_post' }),
          },
        });
      }
      identityRoutes(app, service, local, notifications, config.PUBLIC_URL.startsWith('https:'));
      registerAuthorization(app, service);
      roleRoutes(app, grants);
      accountRoutes(app, service, catalog);
    },
  };
}
