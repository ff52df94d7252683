import type { Database } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import type { CatalogService } from '../catalog/index.js';
import type { DossierOversight } from '../dossiers/index.js';
import type { FeedbackOversight } from '../feedback/index.js';
import { DashboardRepository } from './dashboard-repository.js';
import { DashboardService } from './dashboard.js';
import { liveFiguresSection } from './home-figures.js';
import type { MonitoringRepository } from './repository.js';
import { dashboardRoutes } from './routes/dashboard.js';
import type { MonitoringService } from './service.js';

/**
 * What the index gives leaders and the home page (issue 17, items 4–6): the dashboard, with
 * what the owners of dossiers and feedback answer for it, and the home page's live figures.
 */
export function leadersParts(
  db: Database,
  deps: {
    catalog: CatalogService;
    totals: MonitoringRepository;
    monitoring: MonitoringService;
    oversight: { dossiers: DossierOversight; feedback: FeedbackOversight };
  },
) {
  const dashboard = new DashboardService({
    catalog: deps.catalog,
    dossiers: deps.oversight.dossiers,
    feedback: deps.oversight.feedback,
    totals: deps.totals,
    repository: new DashboardRepository(db),
    today: () => deps.monitoring.today(),
  });
  return {
    dashboard,
    homeSection: liveFiguresSection(deps.monitoring),
    routes: (app: App) => dashboardRoutes(app, { dashboard }),
  };
}
