import type { Changes } from '../../platform/changes.js';
import type { Clock } from '../../platform/clock.js';
import { vietnamDate } from '../../platform/clock.js';
import type { Database, Transaction } from '../../platform/db.js';
import { invalidFields, notFound, ProblemError } from '../../platform/errors.js';
import { formatDateTime, localName } from '../../platform/i18n/index.js';
import { earlierAnswer, once } from '../../platform/idempotency.js';
import type { CatalogService } from '../catalog/index.js';
import type { CalendarService } from '../calendar/index.js';
import {
  allFields,
  checkFields,
  checkForm,
  isMissing,
  type AnswerValue,
  type Answers,
  type Field,
  type FieldProblem,
  type FormDefinition,
  type FormService,
} from '../forms/index.js';
import type { NotificationService } from '../notifications/index.js';
import { DossierRepository, type AttachedDossierRow } from './repository.js';
import type { DossierRow } from './rows.js';
import { DocumentRepository } from './document-repository.js';
import { FeeRepository } from './fee-repository.js';
import type { Listeners } from '../../platform/listeners.js';
import type { DossierProcess } from './process.js';
import type { Applicant } from './applicant.js';
import { STATUS } from './codes.js';
import {
  draftOnly,
  feeOf,
  invalidAnswers,
  onlineFiling,
  prefill,
  submissionResult,
  verifiedValues,
  withAttachments,
} from './filing.js';

type Procedure = Awaited<ReturnType<CatalogService['getProcedure']>>;

export class DossierService {
  private readonly repository: DossierRepository;
  private readonly documentRepository: DocumentRepository;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly publicUrl: string,
    private readonly deps: {
      catalog: CatalogService;
      forms: FormService;
      calendar: CalendarService;
      notifications: NotificationService;
      process: DossierProcess;
      changes: Changes;
      submitted: Listeners<DossierRow>;
    },
  ) {
    this.repository = new DossierRepository(db, deps.changes);
    this.documentRepository = new DocumentRepository(db);
  }

  /** The procedure and its form, if it can be filed online now. */
  async fileable(procedureCode: string) {
    const procedure = await this.deps.catalog.getProcedure(procedureCode);
    const form =
      procedure.status === 'active' && procedure.serviceLevel !== 'information'
        ? await this.deps.forms.formFor(procedure.code, procedure.version)
        : null;
    return { procedure, form };
  }

  /**
   * The agency a dossier goes to: the one named (if it is among those the procedure names,
   * by code or by kind), else the procedure's single named agency.
   */
  async resolveAgency(procedure: Procedure, agencyCode: string | undefined) {
    const refs = procedure.agencies.implementing ?? [];
    if (agencyCode) {
      const agency = await this.deps.catalog.agency(agencyCode).catch(() => null);
      const fits =
        agency &&
        refs.some((ref) =>
          ref.code
            ? ref.code === agency.code
            : ref.kind === agency.kind && (ref.sector ?? null) === (agency.sector ?? null),
        );
      if (!agency || !fits) {
        throw invalidFields('invalid_agency', [
          { field: 'agencyCode', messageKey: 'dossier.error.agencyNotForProcedure' },
        ]);
      }
      return agency;
    }
    const fixed = refs.find((ref) => ref.code);
    if (fixed?.code) return this.deps.catalog.agency(fixed.code);
    throw invalidFields('agency_required', [
      { field: 'agencyCode', messageKey: 'dossier.error.agencyRequired' },
    ]);
  }

  /** Starts a draft, prefilled from the applicant's identity. */
  async createDraft(
    who: Applicant,
    input: { procedureCode: string; agencyCode?: string | undefined },
    idempotencyKey?: string,
  ) {
    const claim = this.claim(who, idempotencyKey, 'POST /api/v1/dossiers', input);
    const earlier = claim ? await earlierAnswer<{ id: string }>(this.db, claim) : null;
    if (earlier) return this.draft(who, earlier.id);
    const { procedure, form } = await this.fileable(input.procedureCode);
    if (!form) throw new ProblemError(422, 'not_online', 'errors.procedureNotOnline');
    if (who.assuranceLevel < procedure.requiredAssuranceLevel) {
      throw new ProblemError(403, 'assurance_level_too_low', 'errors.assuranceLevelTooLow');
    }
    const agency = await this.resolveAgency(procedure, input.agencyCode);
    const create = async (tx: Transaction) => {
      const row = await this.repository.with(tx).insertDraft({
        ownerId: who.ownerId,
        filedBy: who.accountId,
        procedureCode: procedure.code,
        procedureVersion: procedure.version,
        agencyCode: agency.code,
        answers: prefill(form, who),
        now: this.clock.now(),
      });
      return { id: row.id };
    };
    const { id } = await this.db.transaction((tx) =>
      claim ? once(tx, claim, () => create(tx)) : create(tx),
    );
    return this.draft(who, id);
  }

  /** What an Idempotency-Key covers, when the request carries one. */
  private claim(who: Applicant, key: string | undefined, scope: string, body: unknown) {
    return key ? { accountId: who.accountId, key, scope, body, now: this.clock.now() } : null;
  }

  /** One of the applicant's own dossiers or drafts; anyone else's is not found. */
  async owned(who: Applicant, id: string): Promise<DossierRow> {
    const row = await this.repository.findOwned(who.ownerId, id);
    if (!row) throw notFound('errors.dossierNotFound');
    return row;
  }

  /** The form a dossier was filed on (the back office shows its answers with it too). */
  async formOf(row: DossierRow): Promise<FormDefinition> {
    const form = await this.deps.forms.formFor(row.procedure_code, row.procedure_version);
    if (!form) throw new Error(`no form for ${row.procedure_code} v${row.procedure_version}`);
    return form;
  }

  /** Answers with the attachments filled in (lists of document ids per field). */
  private async fullAnswers(row: DossierRow, form: FormDefinition) {
    return withAttachments(row.answers, form, await this.documentRepository.attachments(row.id));
  }

  /** A draft or dossier with its form, answers, attachments and what is still wrong. */
  async draft(who: Applicant, id: string) {
    const row = await this.owned(who, id);
    const form = await this.formOf(row);
    const answers = await this.fullAnswers(row, form);
    const procedure = await this.deps.catalog.getProcedure(row.procedure_code);
    const agency = await this.deps.catalog.agency(row.agency_code);
    return {
      row,
      form,
      answers,
      procedure,
      agency,
      attachments: await this.documentRepository.attachments(row.id),
      problems: checkForm(form, answers, this.ruleContext(who, form)),
    };
  }

  /** Today for date rules, and the verified values each prefilled field must keep. */
  ruleContext(who: Applicant, form: FormDefinition) {
    return { today: vietnamDate(this.clock.now()), locked: verifiedValues(form, who) };
  }

  /**
   * Saves answers to a draft. With `strict`, answers that break a rule (other than still
   * missing) are refused with every field listed and nothing saved; without, everything
   * is kept so that no typing is lost, and the problems are returned to show.
   */
  async saveAnswers(
    who: Applicant,
    id: string,
    given: Answers,
    options: { strict: boolean; fields?: Field[] },
  ): Promise<{ problems: FieldProblem[] }> {
    const row = await this.owned(who, id);
    if (row.status !== STATUS.draft) throw draftOnly();
    const form = await this.formOf(row);
    const known = options.fields ?? allFields(form);
    const merged: Answers = { ...row.answers };
    for (const field of known) {
      if (field.type === 'attachment' || !(field.id in given)) continue;
      merged[field.id] = given[field.id] as AnswerValue;
    }
    const withFiles = await this.fullAnswers({ ...row, answers: merged }, form);
    const checked = checkFields(
      known.filter((f) => f.id in given || !options.strict),
      withFiles,
      this.ruleContext(who, form),
    );
    const problems = options.strict ? checked.filter((p) => !isMissing(p.problem)) : checked;
    if (options.strict && problems.length > 0) throw invalidAnswers(problems);
    await this.repository.saveAnswers(row.id, merged, this.clock.now());
    return { problems };
  }

  /** Keeps whatever was typed, unchecked: the browser's automatic draft saving. */
  async autosave(who: Applicant, id: string, given: Answers): Promise<void> {
    await this.saveAnswers(who, id, given, { strict: false });
  }

  /**
   * Submits a draft: every answer checked again (verified identity values included), a
   * code from the agency's gap-free daily sequence, the due date from the working calendar,
   * the first timeline entry and the notification, all in one transaction. Submitting
   * what is already submitted answers the same result: a double click makes one dossier.
   */
  async submit(who: Applicant, id: string, idempotencyKey?: string) {
    const claim = this.claim(who, idempotencyKey, 'POST /api/v1/dossiers/{id}/submit', { id });
    const earlier = claim
      ? await earlierAnswer<ReturnType<typeof submissionResult>>(this.db, claim)
      : null;
    if (earlier) return earlier;
    // Everything the submission reads is read first (the draft with its attachments in one
    // query): on the embedded database another query cannot run while this transaction
    // holds the connection.
    const draft = await this.repository.findWithAttachments(who.ownerId, id);
    if (!draft) throw notFound('errors.dossierNotFound');
    const answer = <T>(work: (tx: Transaction) => Promise<T>) =>
      this.db.transaction((tx) => (claim ? once(tx, claim, () => work(tx)) : work(tx)));
    if (draft.status !== STATUS.draft) {
      // Submitted already: the same answer, with nothing to write but the key, if any.
      return claim ? answer(async () => submissionResult(draft)) : submissionResult(draft);
    }
    const form = await this.formOf(draft);
    const procedure = await this.deps.catalog.getProcedure(draft.procedure_code);
    const agency = await this.deps.catalog.agency(draft.agency_code);
    const calendar = await this.deps.calendar.calendar();
    const now = this.clock.now();
    const context = this.ruleContext(who, form);
    const filing = (row: AttachedDossierRow) => {
      const submission = onlineFiling(who, row, { form, context, procedure, calendar, now });
      this.deps.process.decide(row, { action: 'submit', parties: ['applicant'], steps: [] });
      return submission;
    };
    const checked = filing(draft);
    return answer(async (tx) => {
      const repository = this.repository.with(tx);
      let submitted = await repository.submit(checked);
      if (!submitted) {
        // Changed since it was read, or submitted by a request at the same time: read it
        // again, locked, and check it again.
        const row = await repository.findWithAttachments(who.ownerId, id, true);
        if (!row) throw notFound('errors.dossierNotFound');
        if (row.status !== STATUS.draft) return submissionResult(row);
        // Locked, so the statement finds the draft as read and writes it; the attachments
        // are not compared (adding one does not wait for the lock).
        submitted = (await repository.submit({ ...filing(row), attached: null }))!;
      }
      // Procedures whose fee is paid on filing: it is due from now, payable online.
      const fee = form.feeAtSubmission ? feeOf(procedure) : null;
      if (fee) await new FeeRepository(tx).insert(submitted.id, [fee], now);
      await this.deps.notifications.notifyAccount(
        tx,
        who.accountId,
        {
          template: 'dossier_submitted',
          locale: who.locale,
          values: {
            code: submitted.code!,
            procedure: localName(who.locale, procedure),
            agency: localName(who.locale, agency),
            submittedAt: formatDateTime(now),
            dueAt: formatDateTime(submitted.due_at!),
            url: this.lookupUrl(submitted.code!),
          },
        },
        who.contact,
      );
      this.deps.submitted.after(tx, submitted);
      return submissionResult(submitted);
    });
  }

  lookupUrl(code: string): string {
    return `${this.publicUrl}/lookup?code=${encodeURIComponent(code)}`;
  }

  /** The applicant withdraws a dossier nobody has started processing (status 1 → 7). */
  async withdraw(who: Applicant, code: string, reason: string | null) {
    const row = await this.repository.findOwnedByCode(who.ownerId, code);
    if (!row) throw notFound('errors.dossierNotFound');
    const procedure = await this.deps.catalog.getProcedure(row.procedure_code);
    const change = {
      action: 'withdraw' as const,
      version: row.version,
      parties: ['applicant' as const],
      actorId: who.accountId,
      steps: [],
      workflow: row.workflow,
      input: { reason: reason ?? undefined },
      quiet: true,
      refusal: new ProblemError(409, 'cannot_withdraw', 'errors.cannotWithdraw', {
        status: row.status,
      }),
    };
    return this.db.transaction(async (tx) => {
      const updated = await this.deps.process.change(row, change, tx);
      await this.deps.notifications.notifyAccount(
        tx,
        who.accountId,
        {
          template: 'dossier_withdrawn',
          locale: who.locale,
          values: {
            code,
            procedure: localName(who.locale, procedure),
            at: formatDateTime(this.clock.now()),
          },
        },
        who.contact,
      );
      return updated;
    });
  }

  /** The applicant sends what was asked for: the dossier goes back to where it was. */
  async supplement(who: Applicant, code: string, input: { version: number; note?: string }) {
    const row = await this.repository.findOwnedByCode(who.ownerId, code);
    if (!row) throw notFound('errors.dossierNotFound');
    return this.deps.process.change(row, {
      action: 'supplement',
      version: input.version,
      parties: ['applicant'],
      actorId: who.accountId,
      steps: row.workflow ?? [],
      workflow: row.workflow,
      input: { reason: input.note },
    });
  }

  async list(who: Applicant, limit = 100) {
    const rows = await this.repository.listOwned(who.ownerId, limit);
    const names = new Map<string, { name: string; nameEn: string }>();
    for (const code of new Set(rows.map((r) => r.procedure_code))) {
      const p = await this.deps.catalog.getProcedure(code);
      names.set(code, { name: p.name, nameEn: p.nameEn });
    }
    return rows.map((row) => ({ row, procedure: names.get(row.procedure_code)! }));
  }

  async draftsFor(who: Applicant, procedureCode: string) {
    return this.repository.draftsFor(who.ownerId, procedureCode);
  }

  /** A submitted dossier of the applicant, with its timeline. */
  async byCode(who: Applicant, code: string) {
    const row = await this.repository.findOwnedByCode(who.ownerId, code);
    if (!row) throw notFound('errors.dossierNotFound');
    const form = await this.formOf(row);
    return {
      row,
      form,
      procedure: await this.deps.catalog.getProcedure(row.procedure_code),
      agency: await this.deps.catalog.agency(row.agency_code),
      attachments: await this.documentRepository.attachments(row.id),
      events: await this.repository.events(row.id),
      fee: (await new FeeRepository(this.db).open(row.id)) ?? null,
    };
  }

  /** The public lookup: code and ID number open status, agency and dates; else null. */
  async lookup(code: string, idNumber: string) {
    const row = await this.repository.findByCode(code.trim().toUpperCase());
    if (!row || row.applicant_id_number !== idNumber.trim()) return null;
    const procedure = await this.deps.catalog.getProcedure(row.procedure_code);
    const agency = await this.deps.catalog.agency(row.agency_code);
    return {
      code: row.code!,
      status: row.status,
      procedure: { code: procedure.code, name: procedure.name, nameEn: procedure.nameEn },
      agency: { code: agency.code, name: agency.name, nameEn: agency.nameEn },
      submittedAt: row.submitted_at!,
      dueAt: row.due_at!,
      updatedAt: row.updated_at,
    };
  }
}
