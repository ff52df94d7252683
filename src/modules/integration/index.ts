import type { Changes } from '../../platform/changes.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import type { JobDefinition } from '../../platform/jobs.js';
import { developmentStandIns, type Config } from '../../config.js';
import type { CatalogService } from '../catalog/index.js';
import type { DossierHandover, DossierSync } from '../dossiers/index.js';
import type { Applicants } from '../identity/index.js';
import type { NotificationService } from '../notifications/index.js';
import { AccessTokens } from './access-tokens.js';
import { agencyPages } from './agency-pages.js';
import { catalogPullRoutes } from './catalog-routes.js';
import { registerClientAuth } from './client-auth.js';
import { clientPages } from './client-pages.js';
import { clientRoutes } from './client-routes.js';
import { ClientService } from './client-service.js';
import { DeliveryService } from './deliveries.js';
import { DeliveryQueue } from './delivery-queue.js';
import { connectedAgencyRoutes, deliveryRoutes } from './delivery-routes.js';
import { FileLinks } from './file-links.js';
import { MessageLog, messageLogJob } from './message-log.js';
import { registerMessageLog } from './message-log-http.js';
import { messageLogRoutes } from './message-log-routes.js';
import { sandboxRoutes } from './sandbox-routes.js';
import { syncRoutes } from './sync-routes.js';
import { tokenRoutes, whoAmIRoute } from './token-routes.js';
import { webhookAdminRoutes } from './webhook-admin-routes.js';
import { webhookRoutes } from './webhook-routes.js';
import { WebhookService } from './webhook-service.js';
import { FetchTransport } from './webhook-transport.js';

export { SCOPES, type ApiClient, type Scope } from './scopes.js';
export type { ClientService };
export type { DeliveryService };
export type { WebhookService };
export {
  WEBHOOK_EVENT_TYPES,
  type DossierStatusChange,
  type PaymentSucceededEvent,
  type WebhookEvent,
  type WebhookEventType,
} from './webhook-events.js';

/**
 * The integration hub: connected systems (ministries' and provinces' one-stop systems) as API
 * clients with OAuth 2.0 client credentials, and what they exchange with the portal.
 */
export function createIntegrationModule(
  db: Database,
  clock: Clock,
  config: Config,
  deps: {
    catalog: CatalogService;
    changes: Changes;
    serverSecret: string;
    /** The dossiers module's side of the dossier exchange. */
    handover: DossierHandover;
    /** Status sync in: what connected systems push, applied by the dossiers module. */
    sync: DossierSync;
    applicants: Applicants;
    notifications: NotificationService;
  },
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
  // Every exchange recorded, hash-chained; pruned nightly past its retention.
  const messageLog = new MessageLog(db, clock, {
    retentionDays: config.INTEGRATION_LOG_RETENTION_DAYS,
  });
  jobs.push(messageLogJob(messageLog, clock));
  /** Webhooks out: `webhooks.publish(tx, event)` from anywhere an event happens. */
  const webhooks = new WebhookService(db, clock, {
    serverSecret: deps.serverSecret,
    transport: new FetchTransport(),
    notifications: deps.notifications,
    production: config.NODE_ENV === 'production',
    disableAfter: config.INTEGRATION_WEBHOOK_DISABLE_AFTER,
    timeoutMs: config.INTEGRATION_WEBHOOK_TIMEOUT_SECONDS * 1000,
  });
  // Every minute: retries come due (new events and replays go out at once, after commit).
  jobs.push({ name: 'integration-webhooks', cron: '* * * * *', run: () => webhooks.sendDue() });
  // Dossier exchange: agencies processed in connected systems, their dossiers delivered there.
  const deliveries = new DeliveryService(db, clock, {
    clients,
    catalog: deps.catalog,
    handover: deps.handover,
    announce: async (tx, event) => void (await webhooks.publish(tx, event)),
  });
  const queue = new DeliveryQueue(db, clock, {
    handover: deps.handover,
    catalog: deps.catalog,
    applicants: deps.applicants,
    links: new FileLinks(deps.serverSecret, clock),
    publicUrl: config.PUBLIC_URL,
  });
  // Every minute: a dossier whose delivery was lost after its submission gets one.
  jobs.push({ name: 'integration-deliveries', cron: '* * * * *', run: () => deliveries.sweep() });
  return {
    clients,
    tokens,
    deliveries,
    webhooks,
    jobs,
    /** Every integration route in one scope, behind the connected systems' authentication. */
    routes: async (app: App) => {
      // On the root, before the scope: a 404 under the prefix reaches only the root's hooks.
      registerMessageLog(app, messageLog, { clientOf: (request) => request.apiClient?.id ?? null });
      await messageLogRoutes(app, { log: messageLog });
      await app.register(async (scope) => {
        registerClientAuth(scope, { tokens, clients });
        await scope.register(tokenRoutes, { clients, tokens, publicUrl: config.PUBLIC_URL });
        await scope.register(clientRoutes, { clients });
        await scope.register(clientPages, {
          clients,
          catalog: deps.catalog,
          publicUrl: config.PUBLIC_URL,
        });
        await scope.register(whoAmIRoute);
        // Which agencies are connected, read once here so that no submission waits for it.
        await deliveries.load();
        await scope.register(deliveryRoutes, { queue });
        await scope.register(connectedAgencyRoutes, { deliveries });
        await scope.register(agencyPages, { clients, deliveries, catalog: deps.catalog });
        await scope.register(syncRoutes, { sync: deps.sync });
        await scope.register(catalogPullRoutes, { catalog: deps.catalog });
        if (developmentStandIns(config)) {
          await scope.register(sandboxRoutes, {
            clients,
            deliveries,
            catalog: deps.catalog,
            publicUrl: config.PUBLIC_URL,
          });
        }
        await scope.register(webhookRoutes, { webhooks });
        await scope.register(webhookAdminRoutes, { webhooks });
        webhooks.reportTo((error) => scope.log.error({ err: error }, 'webhooks out'));
        scope.addHook('onClose', () => webhooks.stop());
      });
    },
  };
}
