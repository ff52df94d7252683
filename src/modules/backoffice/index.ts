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
import type { Applicants, IdentityService, RoleGrants } from '../identity/index.js';
import type { NotificationService } from '../notifications/index.js';
import type { PaymentService } from '../payments/index.js';
import { DossierAccess } from './access.js';
import { DossierPapers } from './documents.js';
import { InboxService } from './inbox-service.js';
import { supplementPages } from './pages.js';
import { actionPages } from './pages/actions.js';
import { dossierPages } from './pages/dossier.js';
import { inboxPages } from './pages/inbox.js';
import { intakePages } from './pages/intake.js';
import { supplementRoutes } from './routes.js';
import { actionRoutes } from './routes/actions.js';
import { documentRoutes } from './routes/documents.js';
import { inboxRoutes } from './routes/inbox.js';
import { intakeRoutes } from './routes/intake.js';
import { workflowRoutes } from './routes/workflows.js';
import { BackofficeService } from './service.js';
import { WorkflowService } from './workflow-service.js';

/** The one-stop back office: officers' inbox and pages, workflows, apologies, signed results. */
export function createBackofficeModule(
  db: Database,
  clock: Clock,
  deps: {
    catalog: CatalogService;
    calendar: CalendarService;
    notifications: NotificationService;
    identity: IdentityService;
    applicants: Applicants;
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
  const access = new DossierAccess(deps.records, clock);
  const backoffice = new BackofficeService(clock, access, { ...deps, workflows });
  const inbox = new InboxService(deps.records, deps.grants, clock);
  const papers = new DossierPapers(db, clock, access, deps);
  const { catalog, identity, applicants, dossiers, documents, intake, forms, maxFileBytes } = deps;
  const pages = { access, backoffice, papers, catalog, dossiers };
  return {
    service: backoffice,
    workflows,
    /** Adds the seeded national workflows that are missing, for the procedures in the catalog. */
    async seed(): Promise<string | null> {
      await workflows.seed();
      return null;
    },
    /** Each group of routes is a plugin of its own, inheriting identity's hooks from the root. */
    routes(app: App) {
      void app.register(inboxRoutes, { access, inbox, backoffice });
      void app.register(actionRoutes, { access, backoffice, papers });
      void app.register(workflowRoutes, { workflows });
      void app.register(intakeRoutes, { access, backoffice, applicants, intake });
      void app.register(documentRoutes, { access, papers });
      void app.register(inboxPages, { access, inbox, catalog });
      void app.register(dossierPages, pages);
      void app.register(actionPages, pages);
      void app.register(intakePages, { catalog, applicants, dossiers, intake, forms });
      // The applicant's supplement, waiting to move to the dossiers module.
      void app.register(supplementRoutes, { access, identity, dossiers });
      void app.register(supplementPages, { identity, dossiers, documents, maxFileBytes });
    },
  };
}
