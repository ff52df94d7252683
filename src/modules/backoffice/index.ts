import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { App } from '../../platform/http.js';
import type { FileStore } from '../../platform/files.js';
import type { AgencySigners } from '../../platform/signing.js';
import type { CalendarService } from '../calendar/index.js';
import type { CatalogService } from '../catalog/index.js';
import type {
  CounterIntake,
  DocumentStore,
  DossierProcess,
  DossierRecords,
  DossierService,
} from '../dossiers/index.js';
import type { FormService } from '../forms/index.js';
import type { IdentityService, RoleGrants } from '../identity/index.js';
import type { NotificationService } from '../notifications/index.js';
import type { PaymentService } from '../payments/index.js';
import { backofficeRoutes } from './routes.js';
import { backofficePageRoutes } from './pages.js';
import { BackofficeService } from './service.js';
import { seedWorkflows, WorkflowService } from './workflow-service.js';

export type { BackofficeService } from './service.js';

/** The one-stop back office: officers' inbox and pages, workflows, apologies, signed results. */
export function createBackofficeModule(
  db: Database,
  clock: Clock,
  deps: {
    catalog: CatalogService;
    calendar: CalendarService;
    notifications: NotificationService;
    identity: IdentityService;
    grants: RoleGrants;
    dossiers: DossierService;
    documents: DocumentStore;
    intake: CounterIntake;
    process: DossierProcess;
    records: DossierRecords;
    payments: PaymentService;
    files: FileStore;
    forms: FormService;
    signers: AgencySigners;
    maxFileBytes: number;
  },
) {
  const workflows = new WorkflowService(db, clock, deps.catalog);
  const service = new BackofficeService(db, clock, { ...deps, workflows });
  return {
    service,
    workflows,
    /** Adds the seeded national workflows that are missing. */
    seed: () => seedWorkflows(db),
    routes(app: App) {
      backofficeRoutes(app, service, workflows, deps);
      backofficePageRoutes(app, service, deps, { maxFileBytes: deps.maxFileBytes });
    },
  };
}
