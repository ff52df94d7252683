import type { Clock } from '../../platform/clock.js';
import { vietnamDate } from '../../platform/clock.js';
import type { Database, Transaction } from '../../platform/db.js';
import type { FileStore } from '../../platform/files.js';
import { notFound, ProblemError } from '../../platform/errors.js';
import { formatDateTime, type MessageKey } from '../../platform/i18n/index.js';
import { earlierAnswer, once } from '../../platform/idempotency.js';
import type { CatalogService } from '../catalog/service.js';
import type { CalendarService } from '../calendar/service.js';
import type { TimeUnit } from '../calendar/calendar.js';
import type { FormService } from '../forms/service.js';
import type {
  AnswerValue,
  Answers,
  AttachmentField,
  Field,
  FormDefinition,
  ScalarValue,
} from '../forms/definition.js';
import {
  allFields,
  checkFields,
  checkForm,
  isMissing,
  visibleAnswers,
  type FieldProblem,
} from '../forms/rules.js';
import type { NotificationService } from '../notifications/service.js';
import { DossierRepository, type DossierRow } from './repository.js';
import { checkUpload, cleanFileName } from './uploads.js';
import type { Applicant } from './applicant.js';
import { dossierCode, STATUS } from './codes.js';

export interface DossierLimits {
  maxFileBytes: number;
  maxDossierBytes: number;
}

type Procedure = Awaited<ReturnType<CatalogService['getProcedure']>>;

/** Field problems as the API and pages report them: 422 with every field listed. */
export function invalidAnswers(problems: FieldProblem[]): ProblemError {
  return new ProblemError(
    422,
    'invalid_answers',
    'errors.invalidAnswers',
    { count: problems.length },
    problems.map((p) => ({
      field: p.path,
      messageKey: `form.error.${p.problem}` as MessageKey,
      params: { field: p.label.vi, fieldEn: p.label.en, limit: p.limit ?? '' },
    })),
  );
}

const draftOnly = () => new ProblemError(409, 'dossier_not_draft', 'errors.dossierNotDraft');

export class DossierService {
  private readonly repository: DossierRepository;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly files: FileStore,
    private readonly limits: DossierLimits,
    private readonly publicUrl: string,
    private readonly deps: {
      catalog: CatalogService;
      forms: FormService;
      calendar: CalendarService;
      notifications: NotificationService;
    },
  ) {
    this.repository = new DossierRepository(db);
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
      const agency = await this.deps.catalog.getAgency(agencyCode).catch(() => null);
      const fits =
        agency &&
        refs.some((ref) =>
          ref.code
            ? ref.code === agency.code
            : ref.kind === agency.kind && (ref.sector ?? null) === (agency.sector ?? null),
        );
      if (!agency || !fits) {
        throw new ProblemError(422, 'invalid_agency', 'errors.invalidAnswers', { count: 1 }, [
          { field: 'agencyCode', messageKey: 'dossier.error.agencyNotForProcedure' },
        ]);
      }
      return agency;
    }
    const fixed = refs.find((ref) => ref.code);
    if (fixed?.code) return this.deps.catalog.getAgency(fixed.code);
    throw new ProblemError(422, 'agency_required', 'errors.invalidAnswers', { count: 1 }, [
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

  private async owned(who: Applicant, id: string): Promise<DossierRow> {
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
  private async fullAnswers(
    row: DossierRow,
    form: FormDefinition,
    repository = this.repository,
  ): Promise<Answers> {
    const answers: Answers = { ...row.answers };
    const attachments = await repository.attachments(row.id);
    for (const field of allFields(form)) {
      if (field.type !== 'attachment') continue;
      answers[field.id] = attachments
        .filter((a) => a.field_id === field.id)
        .map((a) => a.document_id);
    }
    return answers;
  }

  /** A draft or dossier with its form, answers, attachments and what is still wrong. */
  async draft(who: Applicant, id: string) {
    const row = await this.owned(who, id);
    const form = await this.formOf(row);
    const answers = await this.fullAnswers(row, form);
    const procedure = await this.deps.catalog.getProcedure(row.procedure_code);
    const agency = await this.deps.catalog.getAgency(row.agency_code);
    return {
      row,
      form,
      answers,
      procedure,
      agency,
      attachments: await this.repository.attachments(row.id),
      problems: checkForm(form, answers, this.ruleContext(who, form)),
    };
  }

  /** Today for date rules, and the verified values each prefilled field must keep. */
  ruleContext(who: Applicant, form: FormDefinition) {
    const locked: Record<string, ScalarValue> = {};
    for (const field of allFields(form)) {
      const value = field.prefill ? who.verified[field.prefill] : undefined;
      if (value !== undefined) locked[field.id] = value;
    }
    return { today: vietnamDate(this.clock.now()), locked };
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
    if (row.status !== 0) throw draftOnly();
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

  private async attachmentField(row: DossierRow, fieldId: string): Promise<AttachmentField> {
    const form = await this.formOf(row);
    const field = allFields(form).find((f) => f.id === fieldId);
    if (!field || field.type !== 'attachment') {
      throw new ProblemError(422, 'unknown_field', 'errors.invalidAnswers', { count: 1 }, [
        { field: 'field', messageKey: 'dossier.error.unknownAttachmentField' },
      ]);
    }
    return field;
  }

  private uploadProblem(fieldId: string, messageKey: MessageKey, limit?: number) {
    return new ProblemError(422, 'invalid_file', 'errors.invalidAnswers', { count: 1 }, [
      { field: fieldId, messageKey, params: { limit: limit ?? '' } },
    ]);
  }

  /**
   * Attaches a file to a draft: checked by content and size, kept once in the file store,
   * and recorded in the owner's document store under the field's document type.
   */
  async upload(who: Applicant, id: string, fieldId: string, file: { name?: string; data: Buffer }) {
    const row = await this.owned(who, id);
    // Files go to a draft, or to a dossier whose agency asked for a supplement.
    if (row.status !== STATUS.draft && row.status !== STATUS.supplementRequested) throw draftOnly();
    const field = await this.attachmentField(row, fieldId);
    const checked = await checkUpload(file.data, {
      allowOffice: field.allowOffice === true,
      maxBytes: this.limits.maxFileBytes,
    });
    if (!checked.ok) {
      throw this.uploadProblem(
        fieldId,
        `dossier.error.${checked.problem}`,
        Math.round(this.limits.maxFileBytes / 1_048_576),
      );
    }
    await this.assertRoom(row, field, file.data.length);
    const stored = await this.files.put(file.data);
    return this.db.transaction(async (tx) => {
      const repository = this.repository.with(tx);
      const document = await repository.insertDocument({
        ownerId: who.ownerId,
        documentType: field.documentType,
        fileName: cleanFileName(file.name),
        contentType: checked.contentType,
        size: stored.size,
        sha256: stored.sha256,
        source: 'upload',
        now: this.clock.now(),
      });
      await repository.attach(row.id, field.id, document.id, this.clock.now());
      return document;
    });
  }

  /** Attaches a document already in the owner's store (of the type the field asks for). */
  async reuse(who: Applicant, id: string, fieldId: string, documentId: string) {
    const row = await this.owned(who, id);
    // Files go to a draft, or to a dossier whose agency asked for a supplement.
    if (row.status !== STATUS.draft && row.status !== STATUS.supplementRequested) throw draftOnly();
    const field = await this.attachmentField(row, fieldId);
    const document = await this.repository.ownedDocument(who.ownerId, documentId);
    const stored = document
      ? (await this.repository.documents(who.ownerId, field.documentType)).find(
          (d) => d.id === document.id,
        )
      : undefined;
    if (!stored) throw this.uploadProblem(fieldId, 'dossier.error.documentNotInStore');
    const already = (await this.repository.attachments(row.id)).some(
      (a) => a.field_id === field.id && a.document_id === stored.id,
    );
    if (!already) await this.assertRoom(row, field, stored.size);
    await this.repository.attach(row.id, field.id, stored.id, this.clock.now());
    return stored;
  }

  private async assertRoom(row: DossierRow, field: AttachmentField, bytes: number) {
    const attached = await this.repository.attachments(row.id);
    const inField = attached.filter((a) => a.field_id === field.id).length;
    const max = field.maxFiles ?? 5;
    // A supplement adds to what was filed (which stays, as it was received).
    if (row.status === STATUS.draft && inField >= max) {
      throw this.uploadProblem(field.id, 'form.error.tooManyFiles', max);
    }
    const total = attached.reduce((sum, a) => sum + a.size, 0);
    if (total + bytes > this.limits.maxDossierBytes) {
      throw this.uploadProblem(
        field.id,
        'dossier.error.dossierTooLarge',
        Math.round(this.limits.maxDossierBytes / 1_048_576),
      );
    }
  }

  async removeAttachment(who: Applicant, id: string, fieldId: string, documentId: string) {
    const row = await this.owned(who, id);
    if (row.status !== 0) throw draftOnly();
    await this.repository.detach(row.id, fieldId, documentId);
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
    // What the submission reads besides the dossier is read first: on the embedded
    // database another query cannot run while this transaction holds the connection.
    const draft = await this.owned(who, id);
    const form = await this.formOf(draft);
    const procedure = await this.deps.catalog.getProcedure(draft.procedure_code);
    const agency = await this.deps.catalog.getAgency(draft.agency_code);
    const calendar = await this.deps.calendar.calendar();
    const context = this.ruleContext(who, form);
    const submitIn = async (tx: Transaction) => {
      const repository = this.repository.with(tx);
      const row = await repository.findOwned(who.ownerId, id, true);
      if (!row) throw notFound('errors.dossierNotFound');
      if (row.status !== 0) return submissionResult(row);
      const answers = await this.fullAnswers(row, form, repository);
      const problems = checkForm(form, answers, context);
      if (problems.length > 0) throw invalidAnswers(problems);
      const now = this.clock.now();
      const sequence = await repository.nextSequence(row.agency_code, vietnamDate(now));
      const submitted = await repository.markSubmitted({
        id: row.id,
        code: dossierCode(row.agency_code, now, sequence),
        answers: withoutFiles(form, visibleAnswers(form, answers)),
        applicantName: who.name,
        applicantIdNumber: who.idNumber,
        now,
        dueAt: calendar.dueAt(now, timeLimitOf(procedure)),
      });
      await repository.addEvent({
        dossierId: row.id,
        at: now,
        action: 'submitted',
        status: STATUS.submitted,
        actorId: who.accountId,
      });
      // Procedures whose fee is paid on filing: it is due from now, payable online.
      const fee = form.feeAtSubmission ? feeOf(procedure) : null;
      if (fee) await repository.insertFee(row.id, [fee], now);
      await this.deps.notifications.notifyAccount(tx, who.accountId, {
        template: 'dossier_submitted',
        locale: who.locale,
        values: {
          code: submitted.code!,
          procedure: who.locale === 'en' ? procedure.nameEn : procedure.name,
          agency: who.locale === 'en' ? agency.nameEn : agency.name,
          submittedAt: formatDateTime(now),
          dueAt: formatDateTime(submitted.due_at!),
          url: this.lookupUrl(submitted.code!),
        },
      });
      return submissionResult(submitted);
    };
    return this.db.transaction((tx) =>
      claim ? once(tx, claim, () => submitIn(tx)) : submitIn(tx),
    );
  }

  /**
   * A dossier received at the counter (channel 1) or by post (3): an officer of the agency
   * types in the form's answers (the paper documents are in hand), and the dossier starts
   * received, with its code and due date, in the same inbox and lifecycle as online ones.
   */
  async intake(input: {
    officerId: string;
    ownerId: string;
    applicantName: string;
    applicantIdNumber: string;
    procedureCode: string;
    agencyCode: string;
    channel: 1 | 3;
    answers: Answers;
  }) {
    const { procedure, form } = await this.fileable(input.procedureCode);
    if (!form) throw new ProblemError(422, 'not_online', 'errors.procedureNotOnline');
    const agency = await this.resolveAgency(procedure, input.agencyCode);
    // Paper documents and the signed declaration are in the officer's hands.
    const typed = allFields(form).filter(
      (f) => f.type !== 'attachment' && f.type !== 'declaration',
    );
    const answers: Answers = {};
    for (const field of typed) {
      const value = input.answers[field.id];
      if (value !== undefined) answers[field.id] = value;
    }
    const problems = checkFields(typed, answers, { today: vietnamDate(this.clock.now()) });
    if (problems.length > 0) throw invalidAnswers(problems);
    const calendar = await this.deps.calendar.calendar();
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const repository = this.repository.with(tx);
      const draft = await repository.insertDraft({
        ownerId: input.ownerId,
        filedBy: input.officerId,
        procedureCode: procedure.code,
        procedureVersion: procedure.version,
        agencyCode: agency.code,
        answers,
        now,
      });
      const sequence = await repository.nextSequence(agency.code, vietnamDate(now));
      await tx.query('UPDATE dossiers SET channel = $2 WHERE id = $1', [draft.id, input.channel]);
      const submitted = await repository.markSubmitted({
        id: draft.id,
        code: dossierCode(agency.code, now, sequence),
        answers,
        applicantName: input.applicantName,
        applicantIdNumber: input.applicantIdNumber,
        now,
        dueAt: calendar.dueAt(
          now,
          timeLimitOf(procedure, input.channel === 1 ? 'in_person' : 'post'),
        ),
      });
      const received = await repository.setStatus(draft.id, STATUS.submitted, STATUS.received, now);
      for (const [action, status] of [
        [input.channel === 1 ? 'filed_at_counter' : 'filed_by_post', STATUS.submitted],
        ['receive', STATUS.received],
      ] as const) {
        await repository.addEvent({
          dossierId: draft.id,
          at: now,
          action,
          status,
          actorId: input.officerId,
        });
      }
      await this.deps.notifications.notifyAccount(tx, input.ownerId, {
        template: 'dossier_received',
        locale: 'vi',
        values: {
          code: submitted.code!,
          procedure: procedure.name,
          agency: agency.name,
          submittedAt: formatDateTime(now),
          dueAt: formatDateTime(submitted.due_at!),
          url: this.lookupUrl(submitted.code!),
        },
      });
      return received!;
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
    return this.db.transaction(async (tx) => {
      const repository = this.repository.with(tx);
      const now = this.clock.now();
      const updated = await repository.setStatus(row.id, STATUS.submitted, STATUS.withdrawn, now);
      if (!updated) {
        throw new ProblemError(409, 'cannot_withdraw', 'errors.cannotWithdraw', {
          status: row.status,
        });
      }
      await repository.addEvent({
        dossierId: row.id,
        at: now,
        action: 'withdrawn',
        status: STATUS.withdrawn,
        actorId: who.accountId,
        note: reason,
      });
      await this.deps.notifications.notifyAccount(tx, who.accountId, {
        template: 'dossier_withdrawn',
        locale: who.locale,
        values: {
          code,
          procedure: who.locale === 'en' ? procedure.nameEn : procedure.name,
          at: formatDateTime(now),
        },
      });
      return updated;
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
      agency: await this.deps.catalog.getAgency(row.agency_code),
      attachments: await this.repository.attachments(row.id),
      events: await this.repository.events(row.id),
      fee: await this.repository.openFee(row.id),
    };
  }

  /**
   * The public lookup: a code and the applicant's ID number together open the status,
   * agency and dates, and nothing else. A wrong pair looks exactly like an unknown code.
   */
  async lookup(code: string, idNumber: string) {
    const row = await this.repository.findByCode(code.trim().toUpperCase());
    if (!row || row.applicant_id_number !== idNumber.trim()) {
      throw notFound('errors.dossierLookupFailed');
    }
    const procedure = await this.deps.catalog.getProcedure(row.procedure_code);
    const agency = await this.deps.catalog.getAgency(row.agency_code);
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

  documents(who: Applicant, documentType?: string) {
    return this.repository.documents(who.ownerId, documentType);
  }

  /** A document's bytes, for its owner only (from the store or one of their dossiers). */
  async documentFile(who: Applicant, documentId: string) {
    const document = await this.repository.ownedDocument(who.ownerId, documentId);
    if (!document) throw notFound('errors.documentNotFound');
    return { document, data: await this.files.read(document.sha256) };
  }

  async deleteDocument(who: Applicant, documentId: string) {
    const removed = await this.db.transaction((tx) =>
      this.repository.with(tx).deleteDocument(who.ownerId, documentId, this.clock.now()),
    );
    if (!removed) throw notFound('errors.documentNotFound');
    if (!(await this.repository.fileInUse(removed.sha256))) await this.files.remove(removed.sha256);
  }
}

/** The online channel's time limit (or the first channel's, for procedures without one). */
export function timeLimitOf(
  procedure: Procedure,
  via: 'online' | 'in_person' | 'post' = 'online',
): { value: number; unit: TimeUnit } {
  const channel = procedure.channels.find((c) => c.channel === via) ?? procedure.channels[0];
  const unit = channel?.timeLimit.unit;
  const known: TimeUnit[] = ['working_days', 'days', 'working_hours', 'hours'];
  return channel && known.includes(unit as TimeUnit)
    ? { value: channel.timeLimit.value, unit: unit as TimeUnit }
    : { value: 1, unit: 'working_days' };
}

/** The channel's standard fee (its first, as the catalog lists it), if it has one. */
export function feeOf(
  procedure: Pick<Procedure, 'channels'>,
  via: 'online' | 'in_person' | 'post' = 'online',
): { name: string; amount: number } | null {
  const fee = procedure.channels.find((c) => c.channel === via)?.fees[0];
  return fee && fee.amount > 0 ? { name: fee.name, amount: fee.amount } : null;
}

function submissionResult(row: DossierRow) {
  return {
    id: row.id,
    code: row.code!,
    status: row.status,
    submittedAt: row.submitted_at!.toISOString(),
    appointmentDate: row.due_at!.toISOString(),
  };
}

/** Attachments are kept as links, not inside the answers. */
function withoutFiles(form: FormDefinition, answers: Answers): Answers {
  const kept = { ...answers };
  for (const field of allFields(form)) if (field.type === 'attachment') delete kept[field.id];
  return kept;
}

/** Answers a new draft starts with: what the identity provider and profile say. */
function prefill(form: FormDefinition, who: Applicant): Answers {
  const answers: Answers = {};
  for (const field of allFields(form)) {
    const value: ScalarValue | undefined = field.prefill ? who.prefill[field.prefill] : undefined;
    if (value !== undefined && value !== '') answers[field.id] = value;
  }
  return answers;
}
