import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { StatisticsFeed } from '../../platform/feeds.js';
import type { App } from '../../platform/http.js';
import type { JobDefinition } from '../../platform/jobs.js';
import type { CatalogService } from '../catalog/index.js';
import type { DossierFact, DossierOversight } from '../dossiers/index.js';
import type { FeedbackFact, FeedbackOversight } from '../feedback/index.js';
import type { AccountStatistics } from '../identity/index.js';
import type { RatingFact } from '../ratings/index.js';
import {
  dossierContributions,
  feedbackContributions,
  ratingContributions,
} from './contributions.js';
import { Ingest, indexFeed } from './ingest.js';
import { leadersParts } from './leaders.js';
import { recompute } from './recompute.js';
import { MonitoringRepository } from './repository.js';
import { statisticsApiRoutes } from './routes/api.js';
import { statisticsPageRoutes } from './routes/pages.js';
import { MonitoringService } from './service.js';

// What other modules and the composition root may use of the index (ADR 0007).
export type { LiveFigures, MonitoringService } from './service.js';
export type { RecomputeReport } from './recompute.js';
export { definitionProblems, type IndexDefinition } from './definition.js';
export { runMonitoringCommand } from './command.js';

/**
 * The monitoring index of Decision 766 (docs/monitoring.md): figures kept up to date from
 * the owners' feeds by a job, scores for every agency, province, ministry and the nation,
 * the public statistics pages and API, and the home page's live figures.
 */
export function createMonitoringModule(
  db: Database,
  clock: Clock,
  deps: {
    catalog: CatalogService;
    accounts: AccountStatistics;
    feeds: {
      dossiers: StatisticsFeed<DossierFact>;
      synced: StatisticsFeed<DossierFact>;
      ratings: StatisticsFeed<RatingFact>;
      feedback: StatisticsFeed<FeedbackFact>;
    };
    /** What leaders' dashboard asks of the dossiers' and feedback's owners. */
    oversight: { dossiers: DossierOversight; feedback: FeedbackOversight };
  },
) {
  const repository = new MonitoringRepository(db);
  const { feeds, catalog } = deps;
  const indexFeeds = [
    indexFeed('dossier', feeds.dossiers, (fact) => fact.code, dossierContributions),
    indexFeed('synced', feeds.synced, (fact) => fact.code, dossierContributions),
    indexFeed('rating', feeds.ratings, (fact) => fact.dossierCode, ratingContributions),
    indexFeed('feedback', feeds.feedback, (fact) => fact.code, feedbackContributions),
  ];
  const unitOf = async () => {
    const units = await catalog.monitoringUnits();
    return (agencyCode: string) => units.unitOf(agencyCode);
  };
  const ingest = new Ingest(db, clock, repository, indexFeeds, unitOf);
  // The public figures read the replica; the leaders' dashboard (below) reads the primary.
  const service = new MonitoringService(new MonitoringRepository(db, db.replica), clock, deps);
  const leaders = leadersParts(db, {
    catalog,
    totals: repository,
    monitoring: service,
    oversight: deps.oversight,
  });
  const jobs: JobDefinition[] = [
    // Every minute: what changed since is in the figures ("so far this month" is that fresh).
    { name: 'monitoring-ingest', cron: '* * * * *', run: () => ingest.run() },
  ];
  return {
    service,
    jobs,
    /** The home page's live figures (catalog.homeExtras, wired in the composition root). */
    homeSection: leaders.homeSection,
    /** Takes what changed into the figures now (the job's work; tests and the CLI call it). */
    ingest: (batch?: number) => ingest.run(batch),
    /** Works every figure out again from the owners' facts and says where they differ. */
    check: async () => recompute(repository, indexFeeds, await unitOf()),
    /** Publishes a new version of the definition; false when its version or date is taken. */
    async publish(definition: Parameters<MonitoringRepository['publish']>[0]) {
      const published = await repository.publish(definition, clock.now());
      service.forgetDefinitions();
      return published;
    },
    routes(app: App) {
      // An agency's figures per procedure are shown with its name (an unknown code, by code).
      const procedureNames = (code: string) =>
        catalog.getProcedure(code).then(
          (procedure) => ({ name: procedure.name, nameEn: procedure.nameEn }),
          () => null,
        );
      statisticsApiRoutes(app, { monitoring: service, procedureNames });
      statisticsPageRoutes(app, { monitoring: service, procedureNames });
      // The leaders' dashboard and its data quality (back office, officers only).
      leaders.routes(app);
    },
  };
}
