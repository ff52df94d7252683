import { audit } from '../../platform/audit.js';
import { invalidFields, notFound, ProblemError } from '../../platform/errors.js';
import type { Queryable } from '../../platform/db.js';
import type { FileStore } from '../../platform/files.js';
import type { ReceivedFile } from '../../platform/received-files.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import type { Listeners } from '../../platform/listeners.js';
import {
  checkUpload,
  safeFileName,
  type Applicant,
  type DossierService,
} from '../dossiers/index.js';
import {
  deadlineFrom,
  stepTaken,
  takeStep,
  type FeedbackStepTaken,
  type StepDeps,
} from './steps.js';
import { checkSubmission, LIMITS, type CheckedSubmission, type Submission } from './submission.js';
import type { FeedbackRow } from './repository.js';

export interface UploadedFile {
  name: string;
  file: ReceivedFile;
}

export interface SenderDeps extends StepDeps {
  dossiers: DossierService;
  files: FileStore;
  maxFileBytes: number;
  steps: Listeners<FeedbackStepTaken>;
}

/** Where an item goes first, and what it is about, as looked up from what the person chose. */
interface Routing {
  agencyCode: string;
  procedureCode: string | null;
  fieldCode: string | null;
}

const fieldProblem = (field: string, messageKey: MessageKey) =>
  invalidFields('invalid_feedback', [{ field, messageKey }]);

/** The sender's side of feedback: sending it, following it, replying and withdrawing. */
export class FeedbackService {
  constructor(private readonly deps: SenderDeps) {}

  /**
   * The competent agency: a dossier's receiving agency, else the agency chosen, else the
   * procedure's own (one named by code, or the one of its kind where the place is).
   */
  private async route(who: Applicant, input: CheckedSubmission): Promise<Routing> {
    const { catalog, dossiers } = this.deps;
    if (input.kind === 'dossier') {
      const dossier = await dossiers.byCode(who, input.dossierCode!).catch(() => null);
      if (!dossier) throw fieldProblem('dossierCode', 'feedback.error.notYourDossier');
      return {
        agencyCode: dossier.row.agency_code,
        procedureCode: dossier.procedure.code,
        fieldCode: dossier.procedure.field.code,
      };
    }
    const procedure = input.procedureCode
      ? await catalog.getProcedure(input.procedureCode).catch(() => null)
      : null;
    if (input.procedureCode && !procedure) {
      throw fieldProblem('procedureCode', 'feedback.error.unknownProcedure');
    }
    const chosen = input.agencyCode
      ? await catalog.agency(input.agencyCode).catch(() => null)
      : null;
    if (input.agencyCode && !chosen)
      throw fieldProblem('agencyCode', 'feedback.error.unknownAgency');
    const agencyCode =
      chosen?.code ?? (procedure ? await this.procedureAgency(procedure, input) : null);
    if (!agencyCode) throw fieldProblem('agencyCode', 'feedback.error.agency');
    return {
      agencyCode,
      procedureCode: procedure?.code ?? null,
      fieldCode: procedure?.field.code ?? null,
    };
  }

  private async procedureAgency(
    procedure: Awaited<ReturnType<SenderDeps['catalog']['getProcedure']>>,
    input: CheckedSubmission,
  ): Promise<string | null> {
    const refs = procedure.agencies.implementing ?? [];
    const fixed = refs.find((ref) => ref.code);
    if (fixed?.code) return fixed.code;
    const kind = refs.find((ref) => ref.kind)?.kind;
    if (!kind) return null;
    const { catalog } = this.deps;
    const sector = refs.find((ref) => ref.kind === kind)?.sector ?? null;
    const found = input.communeCode
      ? await catalog.communeAgency(input.communeCode, kind).catch(() => null)
      : input.provinceCode
        ? await catalog.localAgency(input.provinceCode, { kind, sector }).catch(() => null)
        : null;
    return found?.code ?? null;
  }

  /** The place, if given, as the administrative units know it. */
  private async checkPlace(input: CheckedSubmission) {
    if (!input.provinceCode) return;
    const communes = await this.deps.catalog.listCommunes(input.provinceCode).catch(() => null);
    if (!communes) throw fieldProblem('provinceCode', 'feedback.error.province');
    if (input.communeCode && !communes.some((c) => c.code === input.communeCode)) {
      throw fieldProblem('communeCode', 'feedback.error.commune');
    }
  }

  /** The attachments, each checked by content and size as a dossier's files are. */
  private async checkFiles(files: UploadedFile[]) {
    if (files.length > LIMITS.files) {
      throw invalidFields('invalid_feedback', [
        {
          field: 'files',
          messageKey: 'feedback.error.tooManyFiles',
          params: { max: LIMITS.files },
        },
      ]);
    }
    const checked = [];
    for (const file of files) {
      const result = await checkUpload(file.file, {
        allowOffice: true,
        maxBytes: this.deps.maxFileBytes,
      });
      if (!result.ok) {
        throw invalidFields('invalid_file', [
          {
            field: 'files',
            messageKey: `dossier.error.${result.problem}`,
            params: { limit: Math.round(this.deps.maxFileBytes / 1_048_576), name: file.name },
          },
        ]);
      }
      checked.push({ ...file, contentType: result.contentType });
    }
    return checked;
  }

  /** Sends an item to the competent agency; answers it with its acknowledgement code. */
  async submit(who: Applicant, submission: Submission, files: UploadedFile[] = []) {
    const input = checkSubmission(submission);
    await this.checkPlace(input);
    const routing = await this.route(who, input);
    const attachments = await this.checkFiles(files);
    const stored = await Promise.all(
      attachments.map(async (file) => ({ ...file, ...(await this.deps.files.putFile(file.file)) })),
    );
    const { db, clock, repository } = this.deps;
    const now = clock.now();
    const deadline = await deadlineFrom(this.deps, 'submitted', input.kind, now);
    const agency = await this.deps.catalog.agency(routing.agencyCode);
    const row = await db.transaction(async (tx) => {
      const item = await repository.insert(tx, {
        kind: input.kind,
        owner_id: who.ownerId,
        sent_by: who.accountId,
        sender_name: who.name,
        procedure_code: routing.procedureCode,
        dossier_code: input.dossierCode,
        field_code: routing.fieldCode,
        agency_code: routing.agencyCode,
        title: input.title,
        body: input.body,
        province_code: input.provinceCode,
        commune_code: input.communeCode,
        place: input.place,
        publish_consent: input.publishConsent,
        ...deadline,
        created_at: now,
      });
      for (const file of stored) {
        await repository.addFile(tx, item.id, {
          purpose: 'attachment',
          file_name: safeFileName(file.name, file.contentType),
          media_type: file.contentType,
          size_bytes: file.size,
          sha256: file.sha256,
          created_at: now,
        });
      }
      await repository.addEvent(tx, item.id, {
        at: now,
        action: 'submit',
        actor_id: who.accountId,
        agency_code: item.agency_code,
        from_status: null,
        to_status: 'submitted',
        to_agency: null,
        note: null,
      });
      await audit(tx, {
        at: now,
        actorId: who.accountId,
        action: 'feedback.submit',
        resourceType: 'feedback',
        resourceId: item.code,
        after: { status: item.status, agency: item.agency_code },
      });
      await this.deps.notifications.notifyAccount(tx, who.accountId, {
        template: 'feedback_received',
        locale: who.locale,
        values: {
          code: item.code,
          title: item.title,
          agency: agency.name,
          url: `${this.deps.publicUrl}/my/feedback/${item.code}`,
        },
      });
      this.told(tx, item, 'submit');
      return item;
    });
    return row;
  }

  /** Tells the listeners of a step once it is committed. */
  private told(tx: Queryable, row: FeedbackRow, action: FeedbackStepTaken['action']) {
    this.deps.steps.after(tx, stepTaken(row, action));
  }

  mine(who: Applicant, limit = 100) {
    return this.deps.repository.owned(who.ownerId, limit);
  }

  /** One of the person's items, else 404 (another's looks absent). */
  async owned(who: Applicant, code: string): Promise<FeedbackRow> {
    const row = await this.deps.repository.byCode(code.trim().toUpperCase());
    if (!row || row.owner_id !== who.ownerId) throw notFound('feedback.error.notFound');
    return row;
  }

  /** An item with its timeline and files, and the answer of the item it was merged into. */
  async view(who: Applicant, code: string) {
    const row = await this.owned(who, code);
    return this.details(row);
  }

  async details(row: FeedbackRow) {
    const { repository } = this.deps;
    const main = row.merged_into ? await repository.byId(row.merged_into) : null;
    return {
      row,
      events: await repository.events(row.id),
      files: await repository.files(row.id),
      mergedInto: main
        ? {
            code: main.code,
            status: main.status,
            answer: main.answer_text,
            answeredAt: main.answered_at,
          }
        : null,
    };
  }

  /** The sender answers what the agency asked: the answer deadline runs again. */
  async reply(who: Applicant, code: string, input: { version: number; text: string }) {
    const text = input.text.trim();
    if (text.length < 2 || text.length > LIMITS.body.max) {
      throw invalidFields('invalid_feedback', [
        {
          field: 'text',
          messageKey: 'feedback.error.length',
          params: { min: 2, max: LIMITS.body.max },
        },
      ]);
    }
    return this.senderStep(who, code, input.version, 'reply', text);
  }

  async withdraw(who: Applicant, code: string, input: { version: number; reason?: string }) {
    return this.senderStep(who, code, input.version, 'withdraw', input.reason?.trim() || null);
  }

  private async senderStep(
    who: Applicant,
    code: string,
    version: number,
    action: 'reply' | 'withdraw',
    note: string | null,
  ) {
    await this.owned(who, code);
    return this.deps.db.transaction(async (tx) => {
      const row = await this.deps.repository.lock(tx, code.trim().toUpperCase());
      if (!row) throw notFound('feedback.error.notFound');
      if (row.version !== version) throw versionConflict(row);
      const updated = await takeStep(this.deps, tx, row, {
        action,
        actorId: who.accountId,
        agencyCode: null,
        note,
      });
      this.told(tx, updated, action);
      return updated;
    });
  }

  /** An attachment or the signed answer of one of the person's items. */
  async file(who: Applicant, code: string, fileId: string) {
    const row = await this.owned(who, code);
    return this.fileOf(row, fileId);
  }

  async fileOf(row: FeedbackRow, fileId: string) {
    const file = (await this.deps.repository.files(row.id)).find((f) => f.id === fileId);
    if (!file) throw notFound('feedback.error.notFound');
    return { file, content: await this.deps.files.stream(file.sha256) };
  }
}

/** Someone else changed the item first: the client reads it again. */
export const versionConflict = (row: FeedbackRow) =>
  new ProblemError(409, 'version_conflict', 'feedback.error.versionConflict', {}, [], {
    current: { code: row.code, status: row.status, version: row.version },
  });
