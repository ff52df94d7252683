import type { Clock } from '../../platform/clock.js';
import { vietnamDate } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { invalidFields, notFound, ProblemError } from '../../platform/errors.js';
import { formatDate, type MessageKey } from '../../platform/i18n/index.js';
import type { ReturnedDossier, ReturnedDossiers, StatusChange } from '../dossiers/index.js';
import { STATUS } from '../dossiers/index.js';
import type { NotificationService } from '../notifications/index.js';
import { parseRating, RATING_CHANGE_DAYS, RATING_OPEN_DAYS } from './criteria.js';
import { actionFor, decide, ratingState, type RatingAction } from './lifecycle.js';
import { RatingRepository, type InvitationWithRating, type RatingRow } from './repository.js';
import type { Names } from './names.js';

const DAY_MS = 86_400_000;
/** How many invitations a person's list shows. */
const MINE_LIMIT = 100;
/** How many returned dossiers the catch-up reads at a time. */
const CATCH_UP_BATCH = 200;
/**
 * The catch-up reads again this far behind where it stopped: a transaction that wrote a
 * returned dossier earlier may commit after a later one was read.
 */
const CATCH_UP_OVERLAP_MS = 10 * 60_000;

/** A rating given or changed, as events tell it: never who gave an anonymous one. */
export interface RatedEvent {
  /** Null when the rating is anonymous. */
  dossierCode: string | null;
  agencyCode: string;
  procedureCode: string;
  /** The Vietnam month ('YYYY-MM') it was first given. */
  month: string;
  onTime: boolean;
  visits: number;
  conduct: number;
  feesAsAnnounced: boolean;
  overall: number;
  anonymous: boolean;
  /** A change of a rating given before, or a first one. */
  changed: boolean;
}
export type RatedListener = (event: RatedEvent) => void;

export const eventOf = (rating: RatingRow, changed: boolean): RatedEvent => ({
  dossierCode: rating.anonymous ? null : rating.dossier_code,
  agencyCode: rating.agency_code,
  procedureCode: rating.procedure_code,
  month: rating.month,
  onTime: rating.on_time,
  visits: rating.visits,
  conduct: rating.conduct,
  feesAsAnnounced: rating.fees_as_announced,
  overall: rating.overall,
  anonymous: rating.anonymous,
  changed,
});

/** An invitation with where it stands now. */
export const withState = (row: InvitationWithRating, now: Date) => ({
  ...row,
  state: ratingState(
    { closesAt: row.closes_at },
    row.rating ? { changeableUntil: row.rating.changeable_until } : null,
    now,
  ),
});
export type InvitationView = ReturnType<typeof withState>;

/**
 * Invitations to rate returned dossiers and the ratings given: one per dossier, changeable
 * for a while (docs/ratings.md). What officers see of them is in officer-view.ts.
 */
export class RatingService {
  private readonly repository: RatingRepository;
  private readonly listeners = new Set<RatedListener>();
  private readonly pending = new Set<Promise<unknown>>();
  private onError: (error: unknown) => void = () => undefined;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly deps: {
      returned: ReturnedDossiers;
      notifications: NotificationService;
      names: Names;
      publicUrl: string;
    },
  ) {
    this.repository = new RatingRepository(db);
  }

  /** Where a listener's failure is told (the log); the catch-up job invites it later. */
  reportTo(onError: (error: unknown) => void): void {
    this.onError = onError;
  }

  /** Tells `listener` of every rating given or changed, once committed. */
  onRated(listener: RatedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A dossier's status changed (both status listeners): a returned one is invited. */
  onStatusChanged(change: StatusChange): void {
    if (change.status !== STATUS.returned) return;
    const work = this.invite(change.code)
      .catch((error: unknown) => this.onError(error))
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  /** Resolves once the invitations the listener started are written (tests). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Invites the applicant of a returned dossier, once: true when invited now. */
  async invite(code: string): Promise<boolean> {
    const dossier = await this.deps.returned.find(code);
    return dossier ? this.inviteReturned(dossier) : false;
  }

  private async inviteReturned(dossier: ReturnedDossier): Promise<boolean> {
    const accountId = dossier.accounts[0];
    if (!accountId) return false;
    const now = this.clock.now();
    const closesAt = new Date(now.getTime() + RATING_OPEN_DAYS * DAY_MS);
    // Asked before the transaction: the embedded database runs nothing else while one is open.
    const procedure = await this.deps.names.procedure(dossier.procedureCode);
    return this.db.transaction(async (tx) => {
      const invited = await this.repository.with(tx).invite({
        dossier_code: dossier.code,
        source: dossier.source,
        agency_code: dossier.agencyCode,
        procedure_code: dossier.procedureCode,
        account_id: accountId,
        returned_at: dossier.returnedAt,
        invited_at: now,
        closes_at: closesAt,
      });
      if (!invited) return false;
      await this.deps.notifications.notifyAccount(tx, accountId, {
        template: 'rating_invitation',
        locale: 'vi',
        values: {
          code: dossier.code,
          procedure: procedure.name,
          until: formatDate(vietnamDate(closesAt)),
          url: `${this.deps.publicUrl}/my/ratings/${encodeURIComponent(dossier.code)}`,
        },
      });
      return true;
    });
  }

  /**
   * Invites what the listener missed (the process stopped after a commit, the database
   * failed it): returned dossiers written since the last run, each at most once. Answers how
   * many were invited now.
   */
  async catchUp(): Promise<number> {
    const now = this.clock.now();
    const mark = await this.repository.readUntil();
    let from = new Date(
      (mark ?? new Date(now.getTime() - RATING_OPEN_DAYS * DAY_MS)).getTime() - CATCH_UP_OVERLAP_MS,
    );
    let invited = 0;
    for (;;) {
      const batch = await this.deps.returned.changedSince(from, CATCH_UP_BATCH);
      const known = await this.repository.invited(batch.map((d) => d.code));
      for (const dossier of batch) {
        if (!known.has(dossier.code) && (await this.inviteReturned(dossier))) invited += 1;
      }
      const last = batch.at(-1)?.changedAt;
      if (last) await this.repository.setReadUntil(last);
      // A full batch of one instant would be read again and again: the next run goes on.
      if (batch.length < CATCH_UP_BATCH || !last || last.getTime() === from.getTime()) break;
      from = last;
    }
    return invited;
  }

  /** A person's invitations, with their ratings and where each stands. */
  async mine(accountId: string): Promise<InvitationView[]> {
    const now = this.clock.now();
    return (await this.repository.mine(accountId, MINE_LIMIT)).map((row) => withState(row, now));
  }

  /** One of them; anyone else's, or a dossier without invitation, is not found. */
  async one(accountId: string, code: string): Promise<InvitationView> {
    const row = await this.repository.one(accountId, code);
    if (!row) throw notFound('errors.dossierNotFound');
    return withState(row, this.clock.now());
  }

  /**
   * Rates a dossier or changes its rating. `action` is what the caller asked for (a first
   * rating, a change); without it, whichever the state calls for. Bad answers: 422; what the
   * state refuses: 409 with the state; someone else's dossier: 404.
   */
  async give(
    accountId: string,
    code: string,
    input: Record<string, unknown>,
    action?: RatingAction,
  ): Promise<InvitationView> {
    const parsed = parseRating(input);
    if (!parsed.ok) throw invalidFields('invalid_rating', parsed.errors);
    const now = this.clock.now();
    const rating = await this.db.transaction(async (tx) => {
      const repository = this.repository.with(tx);
      const row = await repository.one(accountId, code, true);
      if (!row) throw notFound('errors.dossierNotFound');
      const { state } = withState(row, now);
      const asked = action ?? actionFor(state);
      const decision = decide(state, asked);
      if (!decision.ok) {
        throw new ProblemError(
          409,
          decision.refusal,
          `ratings.refused.${decision.refusal}` as MessageKey,
          {},
          [],
          { current: { state } },
        );
      }
      if (asked === 'rate') {
        await repository.insertRating({
          invitation: row,
          answers: parsed.answers,
          month: vietnamDate(now).slice(0, 7),
          at: now,
          changeableUntil: new Date(now.getTime() + RATING_CHANGE_DAYS * DAY_MS),
        });
      } else await repository.updateRating(code, parsed.answers, now);
      const written = (await repository.rating(code))!;
      tx.afterCommit(() => this.tell(eventOf(written, asked === 'change')));
      return written;
    });
    return this.one(accountId, rating.dossier_code);
  }

  private tell(event: RatedEvent) {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
