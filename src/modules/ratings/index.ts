import type { Config } from '../../config.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import type { JobDefinition } from '../../platform/jobs.js';
import type { StatisticsFeed } from '../../platform/feeds.js';
import type { CatalogService } from '../catalog/index.js';
import type { ReturnedDossiers, StatusChange } from '../dossiers/index.js';
import type { NotificationService } from '../notifications/index.js';
import { Names } from './names.js';
import { OfficerRatings } from './officer-view.js';
import { ratingPages } from './pages.js';
import { ratingRoutes } from './routes.js';
import { RatingService, type RatedListener } from './service.js';
import { RatingStatistics, type RatingFact } from './statistics.js';

// What other modules and the composition root may use of ratings (ADR 0007).
export type { RatedEvent, RatedListener, RatingService } from './service.js';
export { RATING_CHANGE_DAYS, RATING_OPEN_DAYS } from './criteria.js';
export type { RatingFact } from './statistics.js';

/**
 * Satisfaction ratings of returned dossiers (docs/ratings.md): the invitation when a result
 * is returned (portal and synced), one rating per dossier changeable for a while, the
 * person's pages, officers' view without who gave anonymous ones, and the API.
 */
export function createRatingsModule(
  db: Database,
  clock: Clock,
  config: Config,
  deps: {
    catalog: CatalogService;
    returned: ReturnedDossiers;
    notifications: NotificationService;
  },
) {
  const names = new Names(deps.catalog);
  const service = new RatingService(db, clock, {
    returned: deps.returned,
    notifications: deps.notifications,
    names,
    publicUrl: config.PUBLIC_URL,
  });
  const officers = new OfficerRatings(db, names);
  const statistics: StatisticsFeed<RatingFact> = new RatingStatistics(db);
  const jobs: JobDefinition[] = [
    // What the status listeners missed (a stop after a commit, a failed write) is invited late.
    { name: 'ratings-catch-up', cron: '*/15 * * * *', run: () => service.catchUp() },
  ];
  return {
    service,
    jobs,
    /** Ratings given or changed, for the monitoring index (src/platform/feeds.ts). */
    statistics,
    /** For both of the dossiers module's status listeners (wired in src/app.ts). */
    onStatusChanged: (change: StatusChange) => service.onStatusChanged(change),
    /** Tells `listener` of every rating given or changed, once committed (webhooks, the index). */
    onRated: (listener: RatedListener) => service.onRated(listener),
    routes(app: App) {
      service.reportTo((error) => app.log.error({ err: error }, 'ratings'));
      ratingRoutes(app, { ratings: service, officers });
      ratingPages(app, { ratings: service, officers, names, clock });
    },
  };
}
