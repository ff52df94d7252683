import type { Clock } from '../../platform/clock.js';
import { vietnamDate } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import type { FileStore } from '../../platform/files.js';
import { invalidFields, notFound, ProblemError } from '../../platform/errors.js';
import { formatDateTime, type Locale, type MessageKey } from '../../platform/i18n/index.js';
import { instantAt, type CalendarService, type WorkingCalendar } from '../calendar/index.js';
import type { CatalogService } from '../catalog/index.js';
import {
  STATUS,
  currentOf,
  type DossierProcess,
  type DossierRecords,
  type DossierRow,
} from '../dossiers/index.js';
import type { Actor } from '../identity/index.js';
import type { NotificationService } from '../notifications/index.js';
import type { DossierAccess } from './access.js';
import { apologyPdf, refusalPdf } from './apology.js';
import { BackofficeRepository } from './repository.js';

interface ApologyInput {
  reason: string;
  /** YYYY-MM-DD, a working day after today. */
  newDueDate: string;
  version: number;
}

/**
 * A dossier's papers as its officers handle them: the files it came with, apology
 * slips for a late one, and the notices (apology, refusal) as PDFs.
 */
export class DossierPapers {
  private readonly repository: BackofficeRepository;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly access: DossierAccess,
    private readonly deps: {
      catalog: CatalogService;
      calendar: CalendarService;
      process: DossierProcess;
      records: DossierRecords;
      notifications: NotificationService;
      files: FileStore;
    },
  ) {
    this.repository = new BackofficeRepository(db);
  }

  /** The files a dossier came with (and supplements), for its officers. */
  async files(actor: Actor, code: string) {
    const row = await this.access.visible(actor, code);
    return this.deps.records.attachments(row.id);
  }

  async file(actor: Actor, code: string, documentId: string) {
    const file = (await this.files(actor, code)).find((f) => f.document_id === documentId);
    if (!file) throw notFound('errors.documentNotFound');
    return { file, content: await this.deps.files.stream(file.sha256) };
  }

  apologies(row: DossierRow) {
    return this.repository.apologies(row.id);
  }

  /**
   * A late dossier's apology slip: the reason, and a new appointment (closing time of a
   * working day after today), recorded, put on the timeline and sent to the applicant.
   */
  async apologize(actor: Actor, code: string, input: ApologyInput) {
    const row = await this.access.visible(actor, code);
    if (!this.access.isLate(row)) {
      throw new ProblemError(409, 'not_late', 'errors.notLate', {}, [], {
        current: currentOf(row),
      });
    }
    const calendar = await this.deps.calendar.calendar();
    const problems = apologyProblems(input, calendar, vietnamDate(this.clock.now()));
    if (problems.length > 0) throw invalidFields('invalid_input', problems);
    const procedure = await this.deps.catalog.getProcedure(row.procedure_code);
    return this.db.transaction(async (tx) => {
      const slip = await this.repository.with(tx).insertApology({
        dossierId: row.id,
        issuedBy: actor.accountId,
        reason: input.reason.trim(),
        previousDueAt: row.due_at!,
        newDueAt: instantAt(input.newDueDate, calendar.dayEnd),
        now: this.clock.now(),
      });
      const updated = await this.deps.process.amend(
        row,
        {
          version: input.version,
          actorId: actor.accountId,
          dueAt: slip.new_due_at,
          event: {
            action: 'apology',
            note: slip.reason,
            details: { number: slip.number, newDueAt: slip.new_due_at.toISOString() },
          },
        },
        tx,
      );
      await this.deps.notifications.notifyAccount(tx, row.filed_by, {
        template: 'dossier_apology',
        locale: 'vi',
        values: {
          code,
          procedure: procedure.name,
          reason: slip.reason,
          dueAt: formatDateTime(slip.new_due_at),
        },
      });
      return { row: updated, slip };
    });
  }

  /** An apology slip as a PDF (the caller has checked who may see the dossier). */
  async apologyPdf(code: string, number: number, locale: Locale) {
    const row = await this.deps.records.byCode(code);
    const slip = row
      ? (await this.repository.apologies(row.id)).find((a) => a.number === number)
      : undefined;
    if (!row || !slip) throw notFound('errors.documentNotFound');
    return apologyPdf({ row, slip, ...(await this.issuer(row)) }, locale);
  }

  /** The refusal notice of a refused dossier, as a PDF (the caller has checked access). */
  async refusalPdf(code: string, locale: Locale) {
    const row = await this.deps.records.byCode(code);
    if (!row || row.status !== STATUS.refused) throw notFound('errors.documentNotFound');
    const refusal = (await this.deps.records.events(row.id))
      .filter((e) => e.action === 'refuse')
      .at(-1);
    if (!refusal) throw notFound('errors.documentNotFound');
    return refusalPdf(
      { row, refusal: { at: refusal.at, reason: refusal.note ?? '' }, ...(await this.issuer(row)) },
      locale,
    );
  }

  /** The receiving agency that issues a dossier's notices, and its procedure. */
  private async issuer(row: DossierRow) {
    return {
      agency: await this.deps.catalog.agency(row.agency_code),
      procedure: await this.deps.catalog.getProcedure(row.procedure_code),
    };
  }
}

/** What is wrong with an apology: a reason, and a working day after today for the result. */
function apologyProblems(input: ApologyInput, calendar: WorkingCalendar, today: string) {
  const problems: { field: string; messageKey: MessageKey }[] = [];
  if (!input.reason.trim()) problems.push({ field: 'reason', messageKey: 'errors.field.required' });
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(input.newDueDate) ||
    input.newDueDate <= today ||
    !calendar.isWorkingDay(input.newDueDate)
  ) {
    problems.push({ field: 'newDueDate', messageKey: 'errors.newDueDate' });
  }
  return problems;
}
