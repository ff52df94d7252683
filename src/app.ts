import type { Config } from './config.js';
import { systemClock, type Clock } from './platform/clock.js';
import { Changes } from './platform/changes.js';
import type { Database } from './platform/db.js';
import { createBaseApp } from './platform/http.js';
import { openBroadcast } from './platform/broadcast.js';
import { shareAcrossProcesses } from './cross-process.js';
import { createFileStore } from './platform/file-stores.js';
import { createAgencySigners } from './platform/signing.js';
import { loadServerSecret } from './platform/server-secret.js';
import { createCatalogModule } from './modules/catalog/index.js';
import { createIdentityModule } from './modules/identity/index.js';
import { createNotificationsModule } from './modules/notifications/index.js';
import { createDossiersModule } from './modules/dossiers/index.js';
import { createCalendarModule } from './modules/calendar/index.js';
import { createBackofficeModule } from './modules/backoffice/index.js';
import { createPaymentsModule } from './modules/payments/index.js';
import { createIntegrationModule } from './modules/integration/index.js';
import { createSupportModule } from './modules/support/index.js';
import { createRatingsModule } from './modules/ratings/index.js';
import { createMonitoringModule } from './modules/monitoring/index.js';
import { createFeedbackModule } from './modules/feedback/index.js';
import { registerFavicon } from './web/favicon.js';
import { webPages } from './web/pages.js';

export interface AppDependencies {
  config: Config;
  db: Database;
  clock?: Clock;
  logger?: boolean;
  logStream?: { write(line: string): void };
}

/** The modules of the portal, wired to one database. */
export async function createModules(db: Database, clock: Clock, config: Config) {
  const changes = new Changes();
  const catalog = createCatalogModule(db, clock);
  const notifications = createNotificationsModule(db, clock, config, changes);
  const serverSecret = await loadServerSecret(config);
  const identity = await createIdentityModule(
    db,
    clock,
    config,
    notifications.service,
    catalog.service,
    serverSecret,
    changes,
  );
  const calendar = createCalendarModule(db);
  const files = createFileStore(config);
  const support = createSupportModule(db, clock, {
    catalog: catalog.service,
    calendar: calendar.service,
    notifications: notifications.service,
    identity: identity.service,
    applicants: identity.applicants,
    formTokens: identity.formTokens,
  });
  const dossiers = createDossiersModule(db, clock, config, {
    calendar: calendar.service,
    files,
    catalog: catalog.service,
    identity: identity.service,
    applicants: identity.applicants,
    formTokens: identity.formTokens,
    notifications: notifications.service,
    changes,
  });
  const payments = createPaymentsModule(db, clock, config, {
    catalog: catalog.service,
    identity: identity.service,
    files,
    fees: dossiers.fees,
    records: dossiers.records,
  });
  const signers = createAgencySigners(config);
  const feedback = createFeedbackModule(db, clock, config, {
    catalog: catalog.service,
    calendar: calendar.service,
    notifications: notifications.service,
    identity: identity.service,
    grants: identity.grants,
    dossiers: dossiers.service,
    files,
    signers,
  });
  const ratings = createRatingsModule(db, clock, config, {
    catalog: catalog.service,
    returned: dossiers.returned,
    notifications: notifications.service,
  });
  const backoffice = createBackofficeModule(db, clock, {
    catalog: catalog.service,
    calendar: calendar.service,
    notifications: notifications.service,
    identity: identity.service,
    applicants: identity.applicants,
    grants: identity.grants,
    dossiers: dossiers.service,
    documents: dossiers.documents,
    intake: dossiers.intake,
    process: dossiers.process,
    records: dossiers.records,
    payments: payments.service,
    files,
    forms: dossiers.forms,
    signers,
    maxFileBytes: config.UPLOAD_MAX_FILE_MB * 1_048_576,
  });
  const integration = createIntegrationModule(db, clock, config, {
    catalog: catalog.service,
    changes,
    serverSecret,
    notifications: notifications.service,
    handover: dossiers.handover,
    sync: dossiers.sync,
    applicants: identity.applicants,
  });
  // The service index reads what changed from each owner's feed (a job; docs/monitoring.md).
  const monitoring = createMonitoringModule(db, clock, {
    catalog: catalog.service,
    accounts: identity.statistics,
    feeds: {
      dossiers: dossiers.statistics.portal,
      synced: dossiers.statistics.synced,
      ratings: ratings.statistics,
      feedback: feedback.statistics,
    },
    oversight: { dossiers: dossiers.oversight, feedback: feedback.oversight },
  });
  // Webhooks out: events of the modules below, published once their change is committed.
  catalog.changes.onChange((_generation, elsewhere) => {
    if (!elsewhere) integration.webhooks.onCatalogChanged();
  });
  payments.onSucceeded((payment) => integration.webhooks.onPaymentSucceeded(payment));
  // Status changes pushed by connected systems, and those made in the portal's back office.
  dossiers.sync.onStatusChanged((change) => integration.webhooks.onDossierStatusChanged(change));
  dossiers.process.onStatusChanged((change) => integration.webhooks.onDossierStatusChanged(change));
  // Feedback, ratings and the help desk's work: for agencies' systems and the service index.
  feedback.onStep((step) => integration.webhooks.onFeedbackStep(step));
  ratings.onRated((rating) => integration.webhooks.onRated(rating));
  support.onTicketChanged((ticket) => integration.webhooks.onHelpTicketChanged(ticket));
  support.onCallLogged((call) => integration.webhooks.onHelpCallLogged(call));
  // A returned dossier's applicant is invited to rate it (ratings' catch-up job: what is missed).
  dossiers.sync.onStatusChanged(ratings.onStatusChanged);
  dossiers.process.onStatusChanged(ratings.onStatusChanged);
  // Procedure pages list the answers given about them (the catalog may not import feedback).
  catalog.procedureExtras.add(feedback.procedureSection);
  catalog.procedureExtras.add(support.procedureSection);
  catalog.homeExtras.add(monitoring.homeSection);
  return {
    changes,
    catalog,
    integration,
    notifications,
    identity,
    calendar,
    dossiers,
    backoffice,
    payments,
    ratings,
    support,
    feedback,
    monitoring,
    jobs: [
      ...catalog.jobs,
      ...notifications.jobs,
      ...identity.jobs,
      ...dossiers.jobs,
      ...payments.jobs,
      ...support.jobs,
      ...ratings.jobs,
      ...feedback.jobs,
      ...integration.jobs,
      ...monitoring.jobs,
    ],
  };
}

type Modules = Awaited<ReturnType<typeof createModules>>;

/**
 * What a database needs before the portal is used, each module's one seed in dependency
 * order (the catalog first: forms and workflows name its procedures); each adds only what
 * is missing. Demo officers only where asked (never in the tests' databases). Answers the
 * lines to log.
 */
export async function seedModules(
  modules: Modules,
  options: { demoAccounts: boolean },
): Promise<string[]> {
  const { catalog, dossiers, backoffice, payments, support, identity } = modules;
  const said: string[] = [];
  for (const module of [catalog, dossiers, backoffice, payments, support]) {
    const line = await module.seed();
    if (line) said.push(line);
  }
  const demo = options.demoAccounts ? await identity.seed() : null;
  return demo ? [...said, demo] : said;
}

export async function createApp({
  config,
  db,
  clock = systemClock,
  logger,
  logStream,
}: AppDependencies) {
  const modules = await createModules(db, clock, config);
  const app = await createBaseApp({
    config,
    db,
    changes: modules.changes,
    web: webPages,
    ...(logger === undefined ? {} : { logger }),
    ...(logStream ? { logStream } : {}),
  });
  registerFavicon(app);
  await modules.identity.routes(app);
  modules.notifications.routes(app);
  modules.catalog.routes(app);
  modules.calendar.routes(app);
  await modules.dossiers.routes(app);
  modules.backoffice.routes(app);
  modules.payments.routes(app);
  modules.support.routes(app);
  modules.ratings.routes(app);
  await modules.feedback.routes(app);
  // A procedure's kept page lists the answers published about it: a new one makes it stale.
  modules.feedback.answers.onChanged(() => app.clearResponseCache());
  // Procedure pages list the knowledge base's questions: loaded, or changed, they are stale.
  modules.support.onArticleChanged(() => app.clearResponseCache());
  void modules.support.warm().then(() => app.clearResponseCache());
  await modules.integration.routes(app);
  modules.monitoring.routes(app);
  // Kept pages and search answers show the catalog: a change makes them all stale. Searches
  // go on with the index before while the new one loads (ADR 0013): what they answered in
  // those seconds is forgotten too, once the new one is ready.
  modules.catalog.changes.onChange(() => {
    app.clearResponseCache();
    void modules.catalog.warm().then(() => app.clearResponseCache());
  });
  // Several processes on one database: each tells the others what it changed.
  const broadcast = await openBroadcast(
    { redisUrl: config.REDIS_URL, databaseUrl: config.DATABASE_URL },
    app.log,
  );
  shareAcrossProcesses(modules, broadcast, () => app.clearResponseCache());
  app.addHook('onClose', () => broadcast.close());
  await app.ready();
  return { app, modules };
}
