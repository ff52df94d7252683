import type { Changes } from '../../platform/changes.js';
import type { Config } from '../../config.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { FileStore } from '../../platform/files.js';
import type { App } from '../../platform/http.js';
import type { CatalogService } from '../catalog/index.js';
import type { CalendarService } from '../calendar/index.js';
import { FormService } from '../forms/index.js';
import type { Applicants, FormTokens, IdentityService } from '../identity/index.js';
import type { NotificationService } from '../notifications/index.js';
import { DocumentStore } from './document-store.js';
import { DossierFees } from './fees.js';
import { Listeners } from '../../platform/listeners.js';
import { DossierHandover } from './handover.js';
import { CounterIntake } from './intake.js';
import { DossierProcess } from './process.js';
import { DossierRecords } from './records.js';
import { ReturnedDossiers } from './returned.js';
import type { DossierRow } from './rows.js';
import { DossierService } from './service.js';
import { DossierSync } from './sync.js';
import { SyncedDossiers } from './sync-view.js';
import { dossierStatistics } from './statistics.js';
import { registerRoutes } from './wiring.js';
import { DossierOversight } from './oversight.js';

export { STATUS } from './codes.js';
export {
  BLOCKER_MESSAGES,
  REQUESTABLE_ACTIONS,
  availableActions,
  blockedActions,
  type Action,
  type ActionInput,
  type Blocker,
  type Label,
  type Party,
  type RequestableAction,
  type ResolvedStep,
  type StepRole,
  type Steps,
} from './lifecycle.js';
export { currentOf, stateOf } from './process.js';
export type { DossierRow, EventRow } from './rows.js';
export type { InboxFilter, Position } from './queue-repository.js';
export { applicantFor, type Applicant } from './applicant.js';
export { requireApplicant } from './routes/shared.js';
export { feeOf } from './filing.js';
export { fileTooLarge, readMultipart } from './multipart.js';
export { checkUpload, safeFileName } from './uploads.js';
export { StatusTag } from './parts.js';
/** What tests and benchmarks arrange in the dossier tables (nothing in the portal calls it). */
export * as dossierFixtures from './fixtures.js';
export type { DossierService, DossierProcess, DossierFees, DossierRecords, DocumentStore };
export type { CounterIntake };
export type { DossierHandover, HandedDossier } from './handover.js';
export type { OfficerGuard } from './process.js';
export type { SyncClient, SyncOutcome, SyncRefusal } from './sync.js';
export type { StatusChange, StatusListener } from './status-listeners.js';
export { MAX_BATCH as SYNC_MAX_BATCH } from './sync.js';
export type { DossierSync };
export type { ReturnedDossier, ReturnedDossiers } from './returned.js';
export type { DossierFact } from './statistics.js';
/** What an agency's leaders see of its dossiers: deadlines and data quality (the dashboard). */
export {
  DUE_SOON_WORKING_DAYS,
  type DossierOversight,
  type DataProblem,
  type DataQualityItem,
  type DeadlineCount,
} from './oversight.js';

const MB = 1_048_576;

/**
 * Dossiers, one aggregate owned here: forms, drafts, attachments, the document store,
 * submission and intake, the lifecycle and every change of state, timelines, fees and
 * numbering. Other modules read and change dossiers only through what this returns.
 */
export function createDossiersModule(
  db: Database,
  clock: Clock,
  config: Config,
  deps: {
    catalog: CatalogService;
    identity: IdentityService;
    applicants: Applicants;
    formTokens: FormTokens;
    notifications: NotificationService;
    calendar: CalendarService;
    files: FileStore;
    changes: Changes;
  },
) {
  const { changes } = deps;
  const forms = new FormService(db);
  const { calendar } = deps;
  const limits = {
    maxFileBytes: config.UPLOAD_MAX_FILE_MB * MB,
    maxDossierBytes: config.UPLOAD_MAX_DOSSIER_MB * MB,
  };
  const process = new DossierProcess(db, clock, {
    calendar,
    catalog: deps.catalog,
    notifications: deps.notifications,
    changes,
  });
  const submitted = new Listeners<DossierRow>();
  const service = new DossierService(db, clock, config.PUBLIC_URL, {
    catalog: deps.catalog,
    forms,
    calendar,
    notifications: deps.notifications,
    process,
    changes,
    submitted,
  });
  const documents = new DocumentStore(db, clock, { dossiers: service, files: deps.files, limits });
  const intake = new CounterIntake(db, clock, {
    dossiers: service,
    process,
    calendar,
    notifications: deps.notifications,
    changes,
  });
  const fees = new DossierFees(db, process, changes);
  const records = new DossierRecords(db, changes);
  const handover = new DossierHandover(db, { files: deps.files, submitted, process });
  const sync = new DossierSync(db, clock, {
    catalog: deps.catalog,
    applicants: deps.applicants,
    notifications: deps.notifications,
    files: deps.files,
    changes,
    maxResultBytes: limits.maxFileBytes,
  });
  const synced = new SyncedDossiers(db, { catalog: deps.catalog, files: deps.files });
  return {
    service,
    process,
    documents,
    intake,
    fees,
    records,
    /** What the integration hub needs to hand dossiers to connected systems. */
    handover,
    /** Status sync in: what connected systems push (ADR 0016). */
    sync,
    /** Dossiers whose result was returned, portal and synced (the ratings' invitations). */
    returned: new ReturnedDossiers(db, deps.applicants),
    /** What changed in dossiers, portal and synced, for the monitoring index (src/platform/feeds.ts). */
    statistics: dossierStatistics(db),
    /** Deadlines and data quality of agencies' dossiers, for their leaders (the dashboard). */
    oversight: new DossierOversight(db, calendar, clock),
    forms,
    jobs: [
      // Every quarter of an hour: what went past due since is marked late.
      { name: 'dossiers-mark-late', cron: '*/15 * * * *', run: () => process.markLate() },
    ],
    /** Adds the built-in forms that are missing; run at every start (it is cheap). */
    async seed(): Promise<string | null> {
      const added = await forms.seed();
      return added > 0 ? `${added} online forms added` : null;
    },
    /** Pages and the API, each group of routes a plugin of its own (wiring.ts). */
    routes: (app: App) =>
      registerRoutes(app, {
        dossiers: service,
        synced,
        documents,
        catalog: deps.catalog,
        identity: deps.identity,
        maxFileBytes: limits.maxFileBytes,
        submissionsPerMinute: config.SUBMISSION_RATE_LIMIT_PER_MINUTE,
        formTokens: deps.formTokens,
      }),
  };
}
