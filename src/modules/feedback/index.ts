import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../config.js';
import type { Database, Queryable } from '../../platform/db.js';
import type { FileStore } from '../../platform/files.js';
import type { App } from '../../platform/http.js';
import type { JobDefinition } from '../../platform/jobs.js';
import type { StatisticsFeed } from '../../platform/feeds.js';
import { Listeners } from '../../platform/listeners.js';
import type { AgencySigners } from '../../platform/signing.js';
import type { CalendarService } from '../calendar/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { DossierService } from '../dossiers/index.js';
import type { IdentityService, RoleGrants } from '../identity/index.js';
import type { NotificationService } from '../notifications/index.js';
import { PublishedAnswers } from './answers.js';
import { answersRoutes, procedureAnswersSection } from './answers-routes.js';
import { FeedbackHandling } from './handling.js';
import { parseAnswerDays, type DeadlineRules } from './lifecycle.js';
import { FeedbackRepository, type FeedbackRow } from './repository.js';
import { feedbackApi } from './routes/api.js';
import { officerPages } from './routes/officer-pages.js';
import { feedbackPages } from './routes/pages.js';
import { FeedbackService } from './service.js';
import { FeedbackStatistics, type FeedbackFact } from './statistics.js';
import type { FeedbackStepTaken } from './steps.js';

// What other modules may use of feedback (docs/adr/0007-module-boundaries.md).
export type { FeedbackStepTaken } from './steps.js';
export type { FeedbackService } from './service.js';
export type { FeedbackHandling } from './handling.js';
export type { FeedbackFact } from './statistics.js';
/** What an agency's leaders see of its feedback (the dashboard). */
export type { FeedbackOversight, UnansweredFeedback } from './oversight.js';
import { FeedbackOversight } from './oversight.js';

/**
 * Feedback and petitions (phản ánh, kiến nghị): sent by people and businesses, routed to the
 * competent agency, handled there on the working calendar's deadlines with escalation, and
 * answered; answers whose sender agreed are published without personal data.
 */
export function createFeedbackModule(
  db: Database,
  clock: Clock,
  config: Config,
  deps: {
    catalog: CatalogService;
    calendar: CalendarService;
    notifications: NotificationService;
    identity: IdentityService;
    grants: RoleGrants;
    dossiers: DossierService;
    files: FileStore;
    signers: AgencySigners;
  },
) {
  const rules: DeadlineRules = {
    triageDays: config.FEEDBACK_TRIAGE_WORKING_DAYS,
    answerDays: parseAnswerDays(config.FEEDBACK_ANSWER_WORKING_DAYS),
    maxForwards: config.FEEDBACK_MAX_FORWARDS,
  };
  const steps = new Listeners<FeedbackStepTaken>();
  const answers = new PublishedAnswers(db, clock, deps.catalog);
  const stepDeps = {
    db,
    clock,
    repository: new FeedbackRepository(db),
    calendar: deps.calendar,
    catalog: deps.catalog,
    notifications: deps.notifications,
    rules,
    publicUrl: config.PUBLIC_URL,
    steps,
    files: deps.files,
  };
  const service = new FeedbackService({
    ...stepDeps,
    dossiers: deps.dossiers,
    maxFileBytes: config.UPLOAD_MAX_FILE_MB * 1_048_576,
  });
  const publish = async (tx: Queryable, row: FeedbackRow) => {
    await answers.publish(tx, {
      feedbackId: row.id,
      kind: row.kind,
      agencyCode: row.answer_agency_code ?? row.agency_code,
      procedureCode: row.procedure_code,
      fieldCode: row.field_code,
      title: row.title,
      question: row.body,
      answer: row.answer_text ?? '',
      answeredAt: row.answered_at ?? clock.now(),
      personal: { names: [row.sender_name], addresses: [row.place] },
    });
  };
  const handling = new FeedbackHandling({
    ...stepDeps,
    grants: deps.grants,
    signers: deps.signers,
    publish,
  });
  const jobs: JobDefinition[] = [
    // Every quarter of an hour: what went past its deadline is escalated to the leaders.
    { name: 'feedback-escalate', cron: '*/15 * * * *', run: () => handling.escalateOverdue() },
  ];
  const statistics: StatisticsFeed<FeedbackFact> = new FeedbackStatistics(db);
  return {
    service,
    handling,
    answers,
    jobs,
    /** Items sent or moved on, for the monitoring index (src/platform/feeds.ts). */
    statistics,
    /** Agencies' unanswered feedback, for their leaders (the dashboard). */
    oversight: new FeedbackOversight(db, clock),
    /** Told after commit of each step: sent, accepted, forwarded, answered, escalated … */
    onStep: (listener: (step: FeedbackStepTaken) => unknown) => steps.on(listener),
    // A failed load is tried again by the next search, which then says what went wrong.
    warm: () => answers.warm().catch(() => undefined),
    /** The procedure page's "questions answered about this procedure" (catalog.procedureExtras). */
    procedureSection: procedureAnswersSection(answers),
    async routes(app: App) {
      const sendsPerMinute = config.SUBMISSION_RATE_LIMIT_PER_MINUTE;
      await feedbackApi(app, {
        feedback: service,
        handling,
        identity: deps.identity,
        sendsPerMinute,
      });
      answersRoutes(app, answers, deps.catalog);
      await feedbackPages(app, {
        feedback: service,
        dossiers: deps.dossiers,
        catalog: deps.catalog,
        identity: deps.identity,
        clock,
        maxFileBytes: config.UPLOAD_MAX_FILE_MB * 1_048_576,
        sendsPerMinute,
      });
      await officerPages(app, {
        feedback: service,
        handling,
        catalog: deps.catalog,
        clock,
        maxForwards: rules.maxForwards,
      });
    },
  };
}
