import { changeKeys, type Changes } from '../../platform/changes.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/db.js';
import { invalidFields } from '../../platform/errors.js';
import type { FileStore } from '../../platform/files.js';
import type { ReceivedFile } from '../../platform/received-files.js';
import {
  formatDateTime,
  translator,
  type Locale,
  type MessageKey,
} from '../../platform/i18n/index.js';
import type { CatalogService } from '../catalog/index.js';
import type { Applicants } from '../identity/index.js';
import type { NotificationService } from '../notifications/index.js';
import {
  codeProblem,
  lookUpNames,
  namedCodes,
  noNames,
  type CatalogNames,
} from './sync-catalog.js';
import { parseItem, type ItemProblem, type ParsedItem } from './sync-items.js';
import { planCode, type CodePlan } from './sync-plan.js';
import { writePortalDossiers } from './sync-portal.js';
import { POSSIBLE_MOVES, SYNC_STATUSES } from './sync-lifecycle.js';
import { SyncRepository } from './sync-repository.js';
import { StatusListeners, type StatusChange, type StatusListener } from './status-listeners.js';
import { checkUpload } from './uploads.js';

/** The possible moves as "from>to", for judging a dossier's history again in SQL. */
const MOVES = SYNC_STATUSES.flatMap((from) => POSSIBLE_MOVES[from].map((to) => `${from}>${to}`));

/** Who pushes: a connected system, and the agencies whose dossiers it may send. */
export interface SyncClient {
  id: string;
  allowedAgencies: readonly string[];
}

/** An item not applied, and why (the rest of its batch is). */
export interface SyncRefusal {
  index: number;
  eventId?: string;
  code: ItemProblem['code'];
  reason: string;
}

export interface SyncOutcome {
  /** New events recorded, applied or kept in history only. */
  accepted: number;
  /** Events the client had sent before (or twice in the batch): nothing done again. */
  duplicates: number;
  refused: SyncRefusal[];
}

/** How long names looked up in the catalog are kept. */
const NAMES_KEPT_MS = 5 * 60_000;

/**
 * A batch needs names it has not looked up (a message names the procedure, a dossier
 * processed elsewhere its agency): the embedded database runs nothing else while a
 * transaction is open, so the catalog cannot be asked from inside one. Thrown before
 * anything is written; the batch is tried again once they are known.
 */
class NamesNeeded extends Error {
  constructor(readonly codes: { procedures: string[]; agencies: string[] }) {
    super('names needed');
  }

  static check(plans: CodePlan[], names: CatalogNames) {
    const moved = plans.filter((p) => p.newest);
    const procedures = moved
      .map((p) => p.values.procedureCode!)
      .filter((code) => !names.procedures.has(code));
    const agencies = moved
      .filter((p) => p.portal)
      .map((p) => p.values.agencyCode!)
      .filter((code) => !names.agencies.has(code));
    if (procedures.length + agencies.length > 0) throw new NamesNeeded({ procedures, agencies });
  }
}

/** The most items one batch may hold. */
export const MAX_BATCH = 1000;

const REASONS: Record<ItemProblem['code'], MessageKey> = {
  malformed_item: 'sync.refused.malformed_item',
  unknown_procedure: 'sync.refused.unknown_procedure',
  unknown_agency: 'sync.refused.unknown_agency',
  agency_not_allowed: 'sync.refused.agency_not_allowed',
  incomplete_dossier: 'sync.refused.incomplete_dossier',
  unknown_result_file: 'sync.refused.unknown_result_file',
};

/**
 * What PostgreSQL answers when two transactions wait on each other, or when another batch
 * recorded one of the events meanwhile: the batch is tried again (and finds it recorded).
 */
const retryable = (error: unknown) =>
  ['40P01', '40001', '23505'].includes((error as { code?: string } | null)?.code ?? '');

const eventIdOf = (raw: unknown) => {
  const id = (raw as { eventId?: unknown } | null)?.eventId;
  return typeof id === 'string' && id.length <= 100 ? id : undefined;
};

const byCode = <Row extends { code: string | null }>(rows: Row[]) =>
  new Map(rows.map((row) => [row.code!, row]));

/**
 * Status sync in (ADR 0016, docs/dossiers.md): connected systems push the dossiers they
 * hold and every change, one by one or a thousand at a time. Idempotent by event id, the
 * newest event time winning per dossier, impossible moves flagged, items the portal cannot
 * take refused one by one; each batch is one transaction of a handful of statements.
 */
export class DossierSync {
  private readonly repository: SyncRepository;
  private readonly listeners = new StatusListeners();
  private names = noNames();
  private namesSince = 0;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly deps: {
      catalog: CatalogService;
      applicants: Applicants;
      notifications: NotificationService;
      files: FileStore;
      changes: Changes;
      /** The largest result file a connected system may upload. */
      maxResultBytes: number;
    },
  ) {
    this.repository = new SyncRepository(db);
  }

  /** The largest result file a connected system may upload, in bytes. */
  get maxResultBytes(): number {
    return this.deps.maxResultBytes;
  }

  /**
   * Called after commit for each dossier whose status a batch changed (once per batch, with
   * the status it ended at). Answers the way to stop listening.
   */
  onStatusChanged(listener: StatusListener): () => void {
    return this.listeners.add(listener);
  }

  /**
   * A result document a connected system will name in an event: checked by content as
   * uploads are (PDF or an image), kept in the file store under its SHA-256.
   */
  async storeResultFile(client: SyncClient, received: ReceivedFile) {
    const checked = await checkUpload(received, {
      allowOffice: false,
      maxBytes: this.deps.maxResultBytes,
    });
    if (!checked.ok) {
      throw invalidFields('invalid_file', [
        {
          field: 'body',
          messageKey: `dossier.error.${checked.problem}`,
          params: { limit: Math.round(this.deps.maxResultBytes / 1_048_576) },
        },
      ]);
    }
    const stored = await this.deps.files.putFile(received);
    const file = { ...stored, contentType: checked.contentType };
    await this.repository.recordResultFile(client.id, file, this.clock.now());
    return file;
  }

  /** Applies a batch: every item applied, a duplicate, or refused with its reason. */
  async apply(client: SyncClient, items: unknown[], locale: Locale = 'vi'): Promise<SyncOutcome> {
    const t = translator(locale);
    const refused: SyncRefusal[] = [];
    const refuse = (index: number, eventId: string | undefined, problem: ItemProblem) =>
      refused.push({
        index,
        ...(eventId === undefined ? {} : { eventId }),
        code: problem.code,
        reason: t(REASONS[problem.code], problem.params),
      });
    const parsed: ParsedItem[] = [];
    items.forEach((raw, index) => {
      const item = parseItem(raw, index);
      if ('problem' in item) refuse(index, eventIdOf(raw), item.problem);
      else parsed.push(item);
    });
    const names = await lookUpNames(this.deps.catalog, this.knownNames(), namedCodes(parsed));
    const files = await this.repository.resultFiles([
      ...new Set(parsed.flatMap((i) => (i.results ?? []).map((r) => r.sha256))),
    ]);
    const checked = parsed.filter((item) => {
      const problem = codeProblem(item, names, client.allowedAgencies, files);
      if (problem) refuse(item.index, item.eventId, problem);
      return !problem;
    });
    // The same event twice in one batch: the second is a duplicate.
    const seen = new Set<string>();
    let duplicates = 0;
    const unique = checked.filter((item) => {
      const again = seen.has(item.eventId);
      seen.add(item.eventId);
      if (again) duplicates += 1;
      return !again;
    });
    const inOrder = () => refused.sort((a, b) => a.index - b.index);
    if (unique.length === 0) return { accepted: 0, duplicates, refused: inOrder() };
    const work = { client, items: unique, names, files };
    for (let attempt = 1; ; attempt++) {
      try {
        const done = await this.db.transaction((tx) => this.applyIn(tx, work));
        this.keepNames(names);
        for (const { items: of, problem } of done.refused) {
          for (const item of of) refuse(item.index, item.eventId, problem);
        }
        return {
          accepted: done.accepted,
          duplicates: duplicates + done.duplicates,
          refused: inOrder(),
        };
      } catch (error) {
        // Names the batch's messages need and no item gave: looked up, then tried again.
        if (error instanceof NamesNeeded) await lookUpNames(this.deps.catalog, names, error.codes);
        else if (attempt >= 3 || !retryable(error)) throw error;
      }
    }
  }

  /** The catalog's names earlier batches looked up (kept a while: the catalog rarely changes). */
  private knownNames(): CatalogNames {
    if (Date.now() - this.namesSince > NAMES_KEPT_MS) {
      this.names = noNames();
      this.namesSince = Date.now();
    }
    return {
      procedures: new Map(this.names.procedures),
      agencies: new Map(this.names.agencies),
    };
  }

  /** Keeps what a batch found (not the codes it did not: a flood of them would only grow). */
  private keepNames(found: CatalogNames) {
    for (const kind of ['procedures', 'agencies'] as const) {
      for (const [code, named] of found[kind]) if (named) this.names[kind].set(code, named);
    }
  }

  /**
   * The batch's transaction: the dossiers named are locked (synced rows, then the portal's,
   * each in code order), events sent before are set aside, each dossier is planned, new
   * ones are inserted (a code another batch created meanwhile is planned again, locked),
   * then the rows, the events, the portal's dossiers and the messages are written.
   */
  private async applyIn(
    tx: Queryable,
    work: {
      client: SyncClient;
      items: ParsedItem[];
      names: CatalogNames;
      files: Map<string, { contentType: string; size: number }>;
    },
  ) {
    const { client } = work;
    const repository = this.repository.with(tx);
    const now = this.clock.now();
    const pending = new Map<string, ParsedItem[]>();
    for (const item of work.items) {
      const same = pending.get(item.code);
      if (same) same.push(item);
      else pending.set(item.code, [item]);
    }
    const mayActFor = (agency: string) => client.allowedAgencies.includes(agency);
    const ready: CodePlan[] = [];
    const refused: { items: ParsedItem[]; problem: ItemProblem }[] = [];
    let duplicates = 0;
    for (let todo = [...pending.keys()].sort(); todo.length > 0;) {
      const synced = byCode(await repository.lockSynced(todo));
      const portal = byCode(
        await repository.lockPortal(todo.filter((c) => synced.get(c)?.dossier_id !== null)),
      );
      const recorded = await repository.recordedEvents(
        client.id,
        todo.flatMap((code) => pending.get(code)!.map((i) => i.eventId)),
      );
      const plans: CodePlan[] = [];
      for (const code of todo) {
        const fresh = pending.get(code)!.filter((i) => !recorded.has(i.eventId));
        duplicates += pending.get(code)!.length - fresh.length;
        pending.set(code, fresh);
        if (fresh.length === 0) continue;
        const outcome = planCode({
          code,
          items: fresh,
          synced: synced.get(code),
          portal: portal.get(code) ?? null,
          clientId: client.id,
          mayActFor,
          files: work.files,
        });
        if ('refused' in outcome) refused.push({ items: fresh, problem: outcome.refused });
        else plans.push(outcome.plan);
      }
      NamesNeeded.check(plans, work.names);
      const created = await repository.insertSynced(
        plans.filter((p) => p.create),
        now,
      );
      ready.push(...plans.filter((p) => !p.create || created.has(p.code)));
      todo = plans.filter((p) => p.create && !created.has(p.code)).map((p) => p.code);
    }
    await repository.updateSynced(
      ready.filter((p) => !p.create && p.changed),
      now,
    );
    await repository.insertEvents(client.id, ready, now);
    const late = ready.filter((p) => p.events.some((e) => !e.applied)).map((p) => p.code);
    if (late.length > 0) await repository.rejudgeFlags(late, MOVES);
    const agencyNames = new Map(
      [...work.names.agencies].flatMap(([code, named]) => (named ? [[code, named.name]] : [])),
    );
    await writePortalDossiers(tx, ready, agencyNames, now);
    await this.tell(tx, ready, work.names.procedures);
    return {
      accepted: ready.reduce((sum, p) => sum + p.events.length, 0),
      duplicates,
      refused,
    };
  }

  /**
   * Who hears of the batch: the owners of portal dossiers and the accounts whose verified ID
   * number a synced dossier names get the status-change message; pages kept from the rows
   * are announced stale, and the listeners are called, once committed.
   */
  private async tell(tx: Queryable, plans: CodePlan[], procedures: CatalogNames['procedures']) {
    const written = plans.filter((p) => p.changed || p.events.length > 0);
    const synced = written.filter((p) => !p.portal);
    const accounts = await this.deps.applicants.verifiedAccounts(
      [...new Set(synced.map((p) => p.values.applicantIdNumber!))],
      tx,
    );
    const holders = new Map<string, string[]>();
    for (const a of accounts)
      holders.set(a.idNumber, [...(holders.get(a.idNumber) ?? []), a.accountId]);
    const keys = new Set<string>();
    const changed: CodePlan[] = [];
    const t = translator('vi');
    for (const plan of written) {
      const owners = plan.portal
        ? [plan.portal.owner_id]
        : (holders.get(plan.values.applicantIdNumber!) ?? []);
      for (const owner of owners) keys.add(changeKeys.owner(owner));
      keys.add(changeKeys.agency(plan.values.agencyCode!));
      if (plan.portal) keys.add(changeKeys.agency(plan.portal.handling_agency_code));
      if (!plan.newest || plan.values.status === plan.before) continue;
      changed.push(plan);
      const recipients = plan.portal ? [plan.portal.filed_by] : owners;
      if (recipients.length === 0) continue;
      const procedure = procedures.get(plan.values.procedureCode!);
      const values = {
        code: plan.code,
        procedure: procedure?.name ?? plan.values.procedureCode!,
        status: t(`dossier.status.${plan.values.status}` as MessageKey),
        note: plan.newest.note ?? '',
        at: formatDateTime(new Date(plan.newest.at)),
      };
      for (const accountId of recipients) {
        await this.deps.notifications.notifyAccount(tx, accountId, {
          template: 'dossier_status_changed',
          locale: 'vi',
          values,
        });
      }
    }
    if (keys.size > 0) this.deps.changes.after(tx, ...keys);
    this.listeners.after(
      tx,
      changed.map((plan): StatusChange => ({
        code: plan.code,
        agencyCode: plan.values.agencyCode!,
        status: plan.values.status,
        at: new Date(plan.newest!.at),
        source: 'sync',
      })),
    );
  }
}
