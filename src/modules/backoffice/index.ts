import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import type { CalendarService } from '../calendar/service.js';
import type { CatalogService } from '../catalog/service.js';
import type { DossierService } from '../dossiers/service.js';
import type { IdentityService } from '../identity/service.js';
import type { NotificationService } from '../notifications/service.js';
import type { FileStore } from '../../platform/files.js';
import type { JobDefinition } from '../../platform/jobs.js';
import type { AgencySigners } from '../../platform/signing.js';
import type { FormService } from '../forms/service.js';
import { backofficeRoutes } from './routes.js';
import { backofficePageRoutes } from './pages.js';
import { BackofficeService } from './service.js';
import { WorkflowService } from './workflow-service.js';

/** The one-stop back office: officers' inbox and the dossier lifecycle. */
export function createBackofficeModule(
  db: Database,
  clock: Clock,
  deps: {
    catalog: CatalogService;
    calendar: CalendarService;
    notifications: NotificationService;
    identity: IdentityService;
    dossiers: DossierService;
    files: FileStore;
    forms: FormService;
    signers: AgencySigners;
    maxFileBytes: number;
  },
) {
  const workflows = new WorkflowService(db, clock, deps.catalog);
  const service = new BackofficeService(db, clock, { ...deps, workflows });
  const jobs: JobDefinition[] = [
    // Every quarter of an hour: what went past due since is marked late.
    { name: 'dossiers-mark-late', cron: '*/15 * * * *', run: () => service.markLate() },
  ];
  return {
    service,
    workflows,
    jobs,
    routes(app: App) {
      backofficeRoutes(app, service, workflows, deps.identity, deps.dossiers);
      backofficePageRoutes(app, service, deps, { maxFileBytes: deps.maxFileBytes });
    },
  };
}
