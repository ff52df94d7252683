import type { Changes } from '../../platform/changes.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import type { JobDefinition } from '../../platform/jobs.js';
import type { Config } from '../../config.js';
import type { CatalogService } from '../catalog/index.js';
import { AccessTokens } from './access-tokens.js';
import { registerClientAuth } from './client-auth.js';
import { clientRoutes } from './client-routes.js';
import { ClientService } from './client-service.js';
import { tokenRoutes, whoAmIRoute } from './token-routes.js';

export { SCOPES, type ApiClient, type Scope } from './scopes.js';
export type { ClientService };

/**
 * The integration hub: connected systems (ministries' and provinces' one-stop systems) as API
 * clients with OAuth 2.0 client credentials, and what they exchange with the portal.
 */
export function createIntegrationModule(
  db: Database,
  clock: Clock,
  config: Config,
  deps: { catalog: CatalogService; changes: Changes; serverSecret: string },
) {
  const clients = new ClientService(
    db,
    clock,
    deps.catalog,
    deps.changes,
    config.INTEGRATION_CLIENT_SECRETS ?? config.NODE_ENV !== 'production',
  );
  const tokens = new AccessTokens(
    deps.serverSecret,
    clock,
    config.PUBLIC_URL,
    config.INTEGRATION_TOKEN_TTL_SECONDS,
  );
  const jobs: JobDefinition[] = [];
  return {
    clients,
    tokens,
    jobs,
    /** Every integration route in one scope, behind the connected systems' authentication. */
    routes: (app: App) =>
      app.register(async (scope) => {
        registerClientAuth(scope, { tokens, clients });
        await scope.register(tokenRoutes, { clients, tokens, publicUrl: config.PUBLIC_URL });
        await scope.register(clientRoutes, { clients });
        await scope.register(whoAmIRoute);
      }),
  };
}
