import type { Changes } from '../../platform/changes.js';
import { vietnamDate, type Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { ProblemError } from '../../platform/errors.js';
import { formatDateTime } from '../../platform/i18n/index.js';
import type { CalendarService } from '../calendar/index.js';
import { allFields, checkFields, type Answers, type FormDefinition } from '../forms/index.js';
import type { NotificationService } from '../notifications/index.js';
import type { DossierProcess } from './process.js';
import { DossierRepository } from './repository.js';
import type { DossierRow } from './rows.js';
import { CHANNEL, invalidAnswers, timeLimitOf } from './filing.js';
import type { DossierService } from './service.js';

/** Dossiers an officer files for someone who came to the counter or wrote by post. */
export class CounterIntake {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly deps: {
      dossiers: DossierService;
      process: DossierProcess;
      calendar: CalendarService;
      notifications: NotificationService;
      changes: Changes;
    },
  ) {}

  /**
   * A dossier received at the counter (channel 1) or by post (3): an officer of the agency
   * types in the form's answers (the paper documents are in hand), and the dossier starts
   * received, with its code and due date, in the same inbox and lifecycle as online ones.
   */
  async file(input: {
    officerId: string;
    ownerId: string;
    applicantName: string;
    applicantIdNumber: string;
    procedureCode: string;
    agencyCode: string;
    channel: typeof CHANNEL.counter | typeof CHANNEL.post;
    answers: Answers;
  }) {
    const { procedure, form } = await this.deps.dossiers.fileable(input.procedureCode);
    if (!form) throw new ProblemError(422, 'not_online', 'errors.procedureNotOnline');
    const agency = await this.deps.dossiers.resolveAgency(procedure, input.agencyCode);
    const { typed, answers } = typedAnswers(form, input.answers);
    const problems = checkFields(typed, answers, { today: vietnamDate(this.clock.now()) });
    if (problems.length > 0) throw invalidAnswers(problems);
    const calendar = await this.deps.calendar.calendar();
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const repository = new DossierRepository(tx, this.deps.changes);
      const draft = await repository.insertDraft({
        ownerId: input.ownerId,
        filedBy: input.officerId,
        procedureCode: procedure.code,
        procedureVersion: procedure.version,
        agencyCode: agency.code,
        answers,
        now,
      });
      const officer = { parties: ['receiver' as const], steps: [] };
      this.deps.process.decide(draft, { action: 'submit', ...officer });
      // Just inserted in this transaction: the statement finds it as it is and writes it.
      const submitted = (await repository.submit({
        id: draft.id,
        version: draft.version,
        attached: null,
        agencyCode: agency.code,
        day: vietnamDate(now),
        answers,
        applicantName: input.applicantName,
        applicantIdNumber: input.applicantIdNumber,
        channel: input.channel,
        now,
        dueAt: calendar.dueAt(
          now,
          timeLimitOf(procedure, input.channel === CHANNEL.counter ? 'in_person' : 'post'),
        ),
        action: input.channel === CHANNEL.counter ? 'filed_at_counter' : 'filed_by_post',
        actorId: input.officerId,
      }))!;
      // Received at once: the officer has the papers in hand.
      const received = await this.deps.process.change(
        submitted,
        {
          action: 'receive',
          version: submitted.version,
          actorId: input.officerId,
          workflow: null,
          quiet: true,
          ...officer,
        },
        tx,
      );
      await this.deps.notifications.notifyAccount(tx, input.ownerId, {
        template: 'dossier_received',
        locale: 'vi',
        values: this.receivedValues(submitted, procedure.name, agency.name),
      });
      return received;
    });
  }

  /** What the applicant is told of a dossier received for them (in Vietnamese). */
  private receivedValues(submitted: DossierRow, procedure: string, agency: string) {
    return {
      code: submitted.code!,
      procedure,
      agency,
      submittedAt: formatDateTime(submitted.submitted_at!),
      dueAt: formatDateTime(submitted.due_at!),
      url: this.deps.dossiers.lookupUrl(submitted.code!),
    };
  }
}

/** Paper documents and the signed declaration are in the officer's hands: the rest is typed. */
function typedAnswers(form: FormDefinition, given: Answers) {
  const typed = allFields(form).filter((f) => f.type !== 'attachment' && f.type !== 'declaration');
  const answers: Answers = {};
  for (const field of typed) {
    const value = given[field.id];
    if (value !== undefined) answers[field.id] = value;
  }
  return { typed, answers };
}
