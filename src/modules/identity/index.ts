import type { Clock } from '../../platform/clock.js';
import type { Changes } from '../../platform/changes.js';
import type { Database } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import type { JobDefinition } from '../../platform/jobs.js';
import { developmentStandIns, type Config } from '../../config.js';
import type { CatalogService } from '../catalog/index.js';
import type { NotificationService } from '../notifications/index.js';
import { IdentityService } from './service.js';
import { LocalSignIn } from './local-sign-in.js';
import { IdentityRepository } from './repository.js';
import { RoleGrants } from './roles.js';
import { handleInactiveAccounts } from './inactivity-job.js';
import { seedDemoOfficers } from './demo-accounts.js';
import { portalClient } from './oidc-client.js';
import { mountIdentitySimulator } from './simulator.js';
import { pruneSimulatorState } from './oidc-adapter.js';
import { FormTokens, registerSessions } from './request-session.js';
import { registerAuthorization } from './authorization.js';
import { localSignInRoutes } from './local-sign-in-routes.js';
import { nationalSignInRoutes } from './national-sign-in-routes.js';
import { meApi } from './me-api.js';
import { roleRoutes } from './role-routes.js';
import { accountRoutes } from './account-routes.js';
import { ContactChanges } from './contact.js';
import { AccountStatistics } from './statistics.js';
import { Applicants } from './applicants.js';

// What other modules and the composition root may use of identity
// (docs/adr/0007-module-boundaries.md).
export {
  agenciesWhere,
  agenciesWith,
  can,
  dashboardAgencies,
  WORKING_ROLES,
  type Action as Permission,
  type OverseenAgency,
  type Actor,
  type Role,
} from './permissions.js';
export { actorOf } from './authorization.js';
/** The simulator's people (development stand-ins): sandboxes file dossiers in their names. */
export { TEST_IDENTITIES } from './test-identities.js';
export { createLocalAccount, type LocalAccountKind } from './local-sign-in.js';
export type { CurrentSession, IdentityService } from './service.js';
export type { FormTokens } from './request-session.js';
export type { RoleGrants } from './roles.js';
export type { AccountStatistics } from './statistics.js';
export type { Applicants } from './applicants.js';

/**
 * Identity: accounts, sessions and national sign-in. With the simulator on (the default on
 * the embedded database), the portal is its own test identity provider at /idp.
 */
export async function createIdentityModule(
  db: Database,
  clock: Clock,
  config: Config,
  notifications: NotificationService,
  catalog: CatalogService,
  /** The server's secret (src/platform/server-secret.ts): form tokens are keyed with it. */
  serverSecret: string,
  changes: Changes,
) {
  const simulator = developmentStandIns(config);
  const client = await portalClient(config, serverSecret);
  const service = new IdentityService(db, clock, client.provider, notifications, changes);
  // Notifications reach people through their accounts' contact details, kept here.
  notifications.useContacts({
    contactOf: (q, accountId) => new IdentityRepository(q).contactOf(accountId),
  });
  const local = new LocalSignIn(db, clock, notifications);
  const contacts = new ContactChanges(db, clock, notifications, changes);
  const grants = new RoleGrants(db, clock, catalog, changes);
  const jobs: JobDefinition[] = [
    {
      name: 'identity-inactive-accounts',
      cron: '30 2 * * *',
      run: () => handleInactiveAccounts(db, clock, notifications, changes),
    },
    {
      // The simulator's expired sessions, codes and tokens; also those left by a simulator
      // since turned off, hence scheduled whether it runs or not.
      name: 'identity-simulator-prune',
      cron: '45 2 * * *',
      run: () => pruneSimulatorState(db, clock),
    },
  ];
  const secureCookies = config.PUBLIC_URL.startsWith('https:');
  const tokens = new FormTokens(serverSecret, secureCookies);
  return {
    service,
    grants,
    /**
     * Accounts people and businesses opened, for the monitoring index (`accountCounts`): its
     * own file, as service.ts is full.
     */
    statistics: new AccountStatistics(db),
    /**
     * Applicants' accounts for other modules: found or made for a counter dossier, found by
     * a verified ID number, their contact details. Its own file, as service.ts is full.
     */
    applicants: new Applicants(db),
    /** The forms' tokens, for other modules' forms open to anyone (the dossier lookup). */
    formTokens: tokens,
    jobs,
    /** Demo officers for trying the portal, only where the simulator runs. */
    async seed(): Promise<string | null> {
      return simulator && (await seedDemoOfficers(db))
        ? 'development: demo officer accounts created (see README)'
        : null;
    },
    /**
     * Identity's routes. Its session hook and the authorization check apply to every route
     * of the app, so they are registered on the root before any other module's routes
     * (app.ts registers identity's first). The route plugins are called on the app itself,
     * not registered in scopes of their own: they get the root's hooks and body parsers,
     * including those other modules add later, as before.
     */
    async routes(app: App) {
      if (simulator) {
        await mountIdentitySimulator(app, {
          publicUrl: config.PUBLIC_URL,
          client: client.registration,
          db,
          clock,
          serverSecret,
        });
      }
      registerSessions(app, { identity: service, notifications, tokens, changes }, secureCookies);
      registerAuthorization(app, service);
      await localSignInRoutes(app, { local, secureCookies, tokens });
      await nationalSignInRoutes(app, { identity: service, secureCookies });
      await meApi(app, { identity: service });
      await roleRoutes(app, { grants });
      await accountRoutes(app, { identity: service, catalog, contacts, secureCookies });
    },
  };
}
