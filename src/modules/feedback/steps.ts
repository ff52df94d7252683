import { audit } from '../../platform/audit.js';
import { formatDateTime, translator, type MessageKey } from '../../platform/i18n/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/db.js';
import { ProblemError } from '../../platform/errors.js';
import type { CalendarService } from '../calendar/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { NotificationService } from '../notifications/index.js';
import {
  deadlineDays,
  deadlineKindOf,
  nextFeedbackState,
  type DeadlineRules,
  type FeedbackAction,
  type FeedbackState,
} from './lifecycle.js';
import type { FeedbackChange, FeedbackRepository, FeedbackRow } from './repository.js';

/** What every step of an item needs. */
export interface StepDeps {
  db: Database;
  clock: Clock;
  repository: FeedbackRepository;
  calendar: CalendarService;
  catalog: CatalogService;
  notifications: NotificationService;
  rules: DeadlineRules;
  publicUrl: string;
}

/** One step as taken: by whom, at which agency, why, and what else it changes. */
export interface Step {
  action: FeedbackAction;
  actorId: string;
  /** The agency acting (null for the sender). */
  agencyCode: string | null;
  note?: string | null;
  toAgency?: string;
  /**
   * The name of the agency holding it after the step, for the sender's message: looked up
   * before the transaction (the catalog may read the database, which a transaction holds on
   * the embedded engine).
   */
  holderName?: string;
  extra?: Omit<FeedbackChange, 'status' | 'deadline_kind' | 'due_at'>;
}

/** Told after commit of each step taken: the webhooks' and the index's feedback events. */
export interface FeedbackStepTaken {
  code: string;
  kind: FeedbackRow['kind'];
  action: FeedbackAction | 'submit' | 'escalate';
  status: FeedbackState;
  agencyCode: string;
  at: Date;
}

export const stepTaken = (
  row: FeedbackRow,
  action: FeedbackStepTaken['action'],
): FeedbackStepTaken => ({
  code: row.code,
  kind: row.kind,
  action,
  status: row.status,
  agencyCode: row.agency_code,
  at: row.updated_at,
});

/** When the deadline that starts in `state` ends, counted in working days from `now`. */
export async function deadlineFrom(
  deps: Pick<StepDeps, 'calendar' | 'rules'>,
  state: FeedbackState,
  kind: FeedbackRow['kind'],
  now: Date,
): Promise<Pick<FeedbackChange, 'deadline_kind' | 'due_at'>> {
  const days = deadlineDays(state, kind, deps.rules);
  if (days === null) return { deadline_kind: null, due_at: null };
  const calendar = await deps.calendar.calendar();
  return {
    deadline_kind: deadlineKindOf(state),
    due_at: calendar.dueAt(now, { value: days, unit: 'working_days' }),
  };
}

/**
 * Takes one step on a locked item through the lifecycle: its new state and deadline (a new
 * deadline starts whenever the state or the agency holding it changes, and clears an
 * escalation), the timeline's event, the audit entry and the sender's notification, all in
 * the caller's transaction.
 */
export async function takeStep(
  deps: StepDeps,
  tx: Queryable,
  row: FeedbackRow,
  step: Step,
): Promise<FeedbackRow> {
  const to = nextFeedbackState(row.status, step.action);
  if (!to) throw new ProblemError(409, 'action_not_allowed', 'feedback.error.actionNotAllowed');
  const now = deps.clock.now();
  const deadline = await deadlineFrom(deps, to, row.kind, now);
  const updated = await deps.repository.update(
    tx,
    row.id,
    { status: to, ...deadline, escalated_at: null, ...step.extra },
    now,
  );
  await deps.repository.addEvent(tx, row.id, {
    at: now,
    action: step.action,
    actor_id: step.actorId,
    agency_code: step.agencyCode,
    from_status: row.status,
    to_status: to,
    to_agency: step.toAgency ?? null,
    note: step.note ?? null,
  });
  await audit(tx, {
    at: now,
    actorId: step.actorId,
    action: `feedback.${step.action}`,
    resourceType: 'feedback',
    resourceId: row.code,
    before: { status: row.status, agency: row.agency_code },
    after: { status: to, agency: updated.agency_code },
    reason: step.note ?? null,
  });
  if (step.holderName !== undefined) {
    await tellSender(deps, tx, updated, step.holderName, step.note ?? '');
  }
  return updated;
}

/** The sender's notification of a step an agency took. */
export async function tellSender(
  deps: StepDeps,
  tx: Queryable,
  row: FeedbackRow,
  agencyName: string,
  note: string,
) {
  const t = translator('vi');
  await deps.notifications.notifyAccount(tx, row.sent_by, {
    template: 'feedback_changed',
    locale: 'vi',
    values: {
      code: row.code,
      title: row.title,
      status: t(`feedback.status.${row.status}` as MessageKey),
      agency: agencyName,
      note,
      url: `${deps.publicUrl}/my/feedback/${row.code}`,
    },
  });
}

/** A deadline as the messages write it. */
export const dueText = (due: Date) => formatDateTime(due);
