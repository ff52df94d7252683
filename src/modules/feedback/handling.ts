import { audit } from '../../platform/audit.js';
import type { Queryable } from '../../platform/db.js';
import { invalidFields, notFound, ProblemError } from '../../platform/errors.js';
import type { FileStore } from '../../platform/files.js';
import { translator, type MessageKey } from '../../platform/i18n/index.js';
import type { Listeners } from '../../platform/listeners.js';
import type { AgencySigners } from '../../platform/signing.js';
import { agenciesWith, can, type Actor, type RoleGrants } from '../identity/index.js';
import { signedAnswer } from './answer-pdf.js';
import { forwardRefusal, type FeedbackAction } from './lifecycle.js';
import type { FeedbackChange, FeedbackRow, InboxQuery } from './repository.js';
import { OPEN_STATES } from './repository.js';
import { versionConflict } from './service.js';
import { dueText, stepTaken, takeStep, type FeedbackStepTaken, type StepDeps } from './steps.js';
import { LIMITS } from './submission.js';

/** The agency's steps, as the API and the officer's forms ask for them. */
export interface StepRequest {
  action: FeedbackAction;
  version: number;
  /** Why (forward, reject), what is asked (ask_more), or the answer itself (answer). */
  text?: string | undefined;
  toAgency?: string | undefined;
  mergeInto?: string | undefined;
  signedPdf?: boolean | undefined;
}

export const AGENCY_ACTIONS = [
  'accept',
  'forward',
  'ask_more',
  'answer',
  'close',
  'reject',
  'merge',
] as const satisfies readonly FeedbackAction[];
export type AgencyAction = (typeof AGENCY_ACTIONS)[number];

/** Which actions need words, and how many. */
const TEXT_NEEDED: Partial<Record<FeedbackAction, { min: number; max: number }>> = {
  forward: { min: 5, max: 1000 },
  ask_more: { min: 5, max: 2000 },
  answer: { min: 20, max: LIMITS.body.max },
  reject: { min: 5, max: 1000 },
};

export interface HandlingDeps extends StepDeps {
  grants: RoleGrants;
  signers: AgencySigners;
  files: FileStore;
  steps: Listeners<FeedbackStepTaken>;
  /** Publishes an answered item whose sender agreed, in the answer's transaction. */
  publish: (tx: Queryable, row: FeedbackRow) => Promise<void>;
}

const problem = (field: string, messageKey: MessageKey, params?: Record<string, number>) =>
  invalidFields('invalid_step', [{ field, messageKey, ...(params ? { params } : {}) }]);

/** The agencies' side of feedback: inbox, steps, and escalation of what is overdue. */
export class FeedbackHandling {
  constructor(private readonly deps: HandlingDeps) {}

  /** The agencies whose feedback the officer handles (none: 403, they are no officer here). */
  agenciesOf(actor: Actor): string[] {
    const agencies = agenciesWith(actor, 'feedback.handle');
    if (agencies.length === 0) throw new ProblemError(403, 'not_officer', 'errors.notOfficer');
    return agencies;
  }

  inbox(actor: Actor, query: Omit<InboxQuery, 'agencies'> & { agency?: string | undefined }) {
    const mine = this.agenciesOf(actor);
    const agencies = query.agency ? mine.filter((a) => a === query.agency) : mine;
    return this.deps.repository.inbox({ ...query, agencies });
  }

  /** An item the officer may handle, else 404 (another agency's looks absent). */
  async item(actor: Actor, code: string): Promise<FeedbackRow> {
    const row = await this.deps.repository.byCode(code.trim().toUpperCase());
    if (!row || !can(actor, 'feedback.handle', { type: 'agency', code: row.agency_code })) {
      throw notFound('feedback.error.notFound');
    }
    return row;
  }

  /** Takes one of the agency's steps on an item it holds. */
  async act(actor: Actor, code: string, request: StepRequest): Promise<FeedbackRow> {
    const before = await this.item(actor, code);
    const text = this.checkedText(request);
    const { db, repository, clock, catalog } = this.deps;
    const target = request.action === 'forward' ? await this.forwardTarget(request) : null;
    const holder = target ?? (await catalog.agency(before.agency_code));
    const answerPdf =
      request.action === 'answer' && request.signedPdf ? await this.answerPdf(before, text!) : null;
    return db.transaction(async (tx) => {
      const row = await repository.lock(tx, code.trim().toUpperCase());
      if (!row || !can(actor, 'feedback.handle', { type: 'agency', code: row.agency_code })) {
        throw notFound('feedback.error.notFound');
      }
      if (row.version !== request.version) throw versionConflict(row);
      const extra = await this.extraOf(tx, row, request, text, target?.code);
      const updated = await takeStep(this.deps, tx, row, {
        action: request.action,
        actorId: actor.accountId,
        agencyCode: row.agency_code,
        note: request.action === 'answer' ? null : text,
        ...(target ? { toAgency: target.code } : {}),
        holderName: holder.name,
        extra,
      });
      if (answerPdf) {
        const stored = await this.deps.files.put(answerPdf);
        await repository.addFile(tx, row.id, {
          purpose: 'answer',
          file_name: `tra-loi-${row.code}.pdf`,
          media_type: 'application/pdf',
          size_bytes: stored.size,
          sha256: stored.sha256,
          created_at: clock.now(),
        });
      }
      if (request.action === 'answer' && updated.publish_consent)
        await this.deps.publish(tx, updated);
      this.deps.steps.after(tx, stepTaken(updated, request.action));
      return updated;
    });
  }

  private checkedText(request: StepRequest): string | null {
    const text = request.text?.trim() || null;
    const needed = TEXT_NEEDED[request.action];
    if (!needed) return text;
    if (!text || text.length < needed.min || text.length > needed.max) {
      throw problem('text', 'feedback.error.length', needed);
    }
    return text;
  }

  /** The signed answer, made before the transaction: signing takes a while. */
  private async answerPdf(row: FeedbackRow, text: string) {
    const agency = await this.deps.catalog.agency(row.agency_code);
    return signedAnswer(this.deps.signers, agency, row, text, this.deps.clock.now());
  }

  /** The agency an item is forwarded to, as the catalog knows it. */
  private async forwardTarget(request: StepRequest) {
    const to = request.toAgency?.trim() ?? '';
    if (!to) throw problem('toAgency', 'feedback.error.required');
    const agency = await this.deps.catalog.agency(to).catch(() => null);
    if (!agency) throw problem('toAgency', 'feedback.error.unknownAgency');
    return agency;
  }

  /** What a step changes beyond its state: the agency, the merge, the answer. */
  private async extraOf(
    tx: Queryable,
    row: FeedbackRow,
    request: StepRequest,
    text: string | null,
    forwardTo: string | undefined,
  ): Promise<Omit<FeedbackChange, 'status' | 'deadline_kind' | 'due_at'>> {
    switch (request.action) {
      case 'forward':
        return this.forwardTo(tx, row, forwardTo!);
      case 'merge':
        return { merged_into: (await this.mergeTarget(tx, row, request.mergeInto ?? '')).id };
      case 'answer':
        return {
          answer_text: text,
          answer_agency_code: row.agency_code,
          answered_at: this.deps.clock.now(),
        };
      default:
        return {};
    }
  }

  private async forwardTo(tx: Queryable, row: FeedbackRow, to: string) {
    const refusal = forwardRefusal({
      to,
      holder: row.agency_code,
      heldBefore: await this.deps.repository.heldBefore(tx, row.id, row.agency_code),
      forwards: row.forward_count,
      maxForwards: this.deps.rules.maxForwards,
    });
    if (refusal) {
      throw new ProblemError(409, refusal, `feedback.error.${refusal}`, {
        max: this.deps.rules.maxForwards,
      });
    }
    return { agency_code: to, forward_count: row.forward_count + 1 };
  }

  private async mergeTarget(tx: Queryable, row: FeedbackRow, code: string) {
    const target = code.trim()
      ? await this.deps.repository.byCode(code.trim().toUpperCase(), tx)
      : null;
    const fits =
      target &&
      target.id !== row.id &&
      target.agency_code === row.agency_code &&
      OPEN_STATES.includes(target.status);
    if (!fits) throw problem('mergeInto', 'feedback.error.mergeTarget');
    return target;
  }

  /**
   * Marks the open items past their deadline as escalated and tells the agency's leaders
   * (its approvers and administrators); each item once per deadline (a new one, after a
   * forward or an acceptance, may be escalated again). Answers how many were escalated.
   */
  async escalateOverdue(batch = 100): Promise<number> {
    const { db, repository, clock } = this.deps;
    const now = clock.now();
    let escalated = 0;
    for (const due of await repository.overdue(now, batch)) {
      const agency = await this.deps.catalog.agency(due.agency_code);
      const leaders = await this.deps.grants.holdersOf(agency.code, ['approver', 'agency_admin']);
      await db.transaction(async (tx) => {
        const row = await repository.lock(tx, due.code);
        // Changed since it was read (taken on, forwarded): its deadline is another one now.
        if (!row || row.version !== due.version || !row.due_at) return;
        const updated = await repository.update(
          tx,
          row.id,
          {
            status: row.status,
            deadline_kind: row.deadline_kind,
            due_at: row.due_at,
            escalated_at: now,
          },
          now,
        );
        await repository.addEvent(tx, row.id, {
          at: now,
          action: 'escalate',
          actor_id: null,
          agency_code: row.agency_code,
          from_status: row.status,
          to_status: row.status,
          to_agency: null,
          note: null,
        });
        await audit(tx, {
          at: now,
          actorId: null,
          action: 'feedback.escalate',
          resourceType: 'feedback',
          resourceId: row.code,
          after: { dueAt: row.due_at.toISOString() },
        });
        await this.tellLeaders(tx, row, agency.name, leaders);
        this.deps.steps.after(tx, stepTaken(updated, 'escalate'));
        escalated += 1;
      });
    }
    return escalated;
  }

  private async tellLeaders(
    tx: Queryable,
    row: FeedbackRow,
    agencyName: string,
    leaders: { id: string }[],
  ) {
    const deadline = translator('vi')(`feedback.deadline.${row.deadline_kind ?? 'answer'}`);
    for (const leader of leaders) {
      await this.deps.notifications.notifyAccount(tx, leader.id, {
        template: 'feedback_overdue',
        locale: 'vi',
        values: {
          code: row.code,
          title: row.title,
          agency: agencyName,
          deadline,
          due: dueText(row.due_at!),
          url: `${this.deps.publicUrl}/backoffice/feedback/${row.code}`,
        },
      });
    }
  }
}
