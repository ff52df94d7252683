import type { Queryable } from '../../platform/db.js';
import type { RatingAnswers } from './criteria.js';

/** The ratings module's SQL (ADR 0008): invitations, ratings, the catch-up's mark. */

export interface InvitationRow {
  dossier_code: string;
  source: 'portal' | 'synced';
  agency_code: string;
  procedure_code: string;
  account_id: string;
  returned_at: Date;
  invited_at: Date;
  closes_at: Date;
}

export interface RatingRow {
  id: string;
  dossier_code: string;
  agency_code: string;
  procedure_code: string;
  month: string;
  on_time: boolean;
  visits: number;
  conduct: number;
  fees_as_announced: boolean;
  overall: number;
  comment: string | null;
  anonymous: boolean;
  given_at: Date;
  changed_at: Date | null;
  changeable_until: Date;
}

/** An invitation with its rating, if one was given. */
export type InvitationWithRating = InvitationRow & { rating: RatingRow | null };

/** Averages over some ratings: shares of "yes" and means of the scales, 0 to 1 and 0 to 5. */
export interface Averages {
  count: number;
  on_time: number;
  visits: number;
  conduct: number;
  fees_as_announced: number;
  overall: number;
}

const AVERAGES = `count(*)::int AS count, avg(on_time::int)::float8 AS on_time,
  avg(visits)::float8 AS visits, avg(conduct)::float8 AS conduct,
  avg(fees_as_announced::int)::float8 AS fees_as_announced, avg(overall)::float8 AS overall`;

const RATING_COLUMNS = `r.id, r.dossier_code, r.agency_code, r.procedure_code,
  to_char(r.month, 'YYYY-MM') AS month, r.on_time, r.visits, r.conduct, r.fees_as_announced,
  r.overall, r.comment, r.anonymous, r.given_at, r.changed_at, r.changeable_until`;

const WITH_RATING = `SELECT i.*, CASE WHEN r.id IS NULL THEN NULL ELSE json_build_object(
  'id', r.id, 'dossier_code', r.dossier_code, 'agency_code', r.agency_code,
  'procedure_code', r.procedure_code, 'month', to_char(r.month, 'YYYY-MM'), 'on_time', r.on_time,
  'visits', r.visits, 'conduct', r.conduct, 'fees_as_announced', r.fees_as_announced,
  'overall', r.overall, 'comment', r.comment, 'anonymous', r.anonymous, 'given_at', r.given_at,
  'changed_at', r.changed_at, 'changeable_until', r.changeable_until) END AS rating
  FROM rating_invitations i LEFT JOIN ratings r ON r.dossier_code = i.dossier_code`;

/** JSON built in SQL carries instants as text: back to dates. */
function withDates(row: InvitationWithRating): InvitationWithRating {
  const r = row.rating as (RatingRow & Record<string, unknown>) | null;
  if (!r) return row;
  const at = (v: unknown) => (v === null ? null : new Date(v as string));
  return {
    ...row,
    rating: {
      ...r,
      given_at: at(r.given_at)!,
      changed_at: at(r.changed_at),
      changeable_until: at(r.changeable_until)!,
    },
  };
}

/** Ratings of some agencies, in one month ('YYYY-MM') or all (null). */
const SCOPE = `agency_code = ANY($1::text[]) AND ($2::date IS NULL OR month = $2::date)`;
const monthDate = (month: string | null) => (month ? `${month}-01` : null);

export class RatingRepository {
  constructor(private readonly db: Queryable) {}

  with(q: Queryable) {
    return new RatingRepository(q);
  }

  /** Answers true when written, false when the dossier had its invitation already. */
  async invite(invitation: InvitationRow): Promise<boolean> {
    const i = invitation;
    const rows = await this.db.query(
      `INSERT INTO rating_invitations (dossier_code, source, agency_code, procedure_code,
         account_id, returned_at, invited_at, closes_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (dossier_code) DO NOTHING
       RETURNING dossier_code`,
      [
        i.dossier_code,
        i.source,
        i.agency_code,
        i.procedure_code,
        i.account_id,
        i.returned_at,
        i.invited_at,
        i.closes_at,
      ],
    );
    return rows.length > 0;
  }

  /** Which of these dossiers have their invitation already. */
  async invited(codes: string[]): Promise<Set<string>> {
    const rows = await this.db.query<{ dossier_code: string }>(
      'SELECT dossier_code FROM rating_invitations WHERE dossier_code = ANY($1::text[])',
      [codes],
    );
    return new Set(rows.map((r) => r.dossier_code));
  }

  /** An account's invitations with their ratings, newest first. */
  async mine(accountId: string, limit: number): Promise<InvitationWithRating[]> {
    const rows = await this.db.query<InvitationWithRating>(
      `${WITH_RATING} WHERE i.account_id = $1 ORDER BY i.invited_at DESC, i.dossier_code LIMIT $2`,
      [accountId, limit],
    );
    return rows.map(withDates);
  }

  /** The account's invitation for a dossier (none for anyone else's); `lock` to write. */
  async one(accountId: string, code: string, lock = false) {
    const [row] = await this.db.query<InvitationWithRating>(
      `${WITH_RATING} WHERE i.account_id = $1 AND i.dossier_code = $2
       ${lock ? 'FOR UPDATE OF i' : ''}`,
      [accountId, code],
    );
    return row ? withDates(row) : undefined;
  }

  async insertRating(input: {
    invitation: InvitationRow;
    answers: RatingAnswers;
    month: string;
    at: Date;
    changeableUntil: Date;
  }): Promise<void> {
    const { invitation: i, answers: a } = input;
    await this.db.query(
      `INSERT INTO ratings (dossier_code, agency_code, procedure_code, month, on_time, visits,
         conduct, fees_as_announced, overall, comment, anonymous, given_at, changeable_until)
       VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        i.dossier_code,
        i.agency_code,
        i.procedure_code,
        `${input.month}-01`,
        a.onTime,
        a.visits,
        a.conduct,
        a.feesAsAnnounced,
        a.overall,
        a.comment,
        a.anonymous,
        input.at,
        input.changeableUntil,
      ],
    );
  }

  /** A changed rating takes a new position, so the statistics feed finds it changed. */
  async updateRating(code: string, answers: RatingAnswers, at: Date): Promise<void> {
    const a = answers;
    await this.db.query(
      `UPDATE ratings SET on_time = $2, visits = $3, conduct = $4, fees_as_announced = $5,
         overall = $6, comment = $7, anonymous = $8, changed_at = $9,
         seq = nextval('rating_changes') WHERE dossier_code = $1`,
      [
        code,
        a.onTime,
        a.visits,
        a.conduct,
        a.feesAsAnnounced,
        a.overall,
        a.comment,
        a.anonymous,
        at,
      ],
    );
  }

  async rating(code: string): Promise<RatingRow | undefined> {
    const [row] = await this.db.query<RatingRow>(
      `SELECT ${RATING_COLUMNS} FROM ratings r WHERE r.dossier_code = $1`,
      [code],
    );
    return row;
  }

  /** Averages over the agencies' ratings of a month (or all), in all and per procedure. */
  async averages(agencies: string[], month: string | null) {
    const params = [agencies, monthDate(month)];
    const [all] = await this.db.query<Averages>(
      `SELECT ${AVERAGES} FROM ratings WHERE ${SCOPE}`,
      params,
    );
    const procedures = await this.db.query<Averages & { procedure_code: string }>(
      `SELECT procedure_code, ${AVERAGES} FROM ratings WHERE ${SCOPE}
       GROUP BY procedure_code ORDER BY count(*) DESC, procedure_code`,
      params,
    );
    return { all: all!, procedures };
  }

  /**
   * The latest ratings given with a name, newest first; and the anonymous ones, newest month
   * first and within a month in the order of their random ids, never of time (docs/ratings.md).
   */
  async latest(agencies: string[], month: string | null, limit: number) {
    const params = [agencies, monthDate(month), limit];
    const named = await this.db.query<RatingRow>(
      `SELECT ${RATING_COLUMNS} FROM ratings r WHERE ${SCOPE} AND NOT anonymous
       ORDER BY given_at DESC, id LIMIT $3`,
      params,
    );
    const anonymous = await this.db.query<RatingRow>(
      `SELECT ${RATING_COLUMNS} FROM ratings r WHERE ${SCOPE} AND anonymous
       ORDER BY month DESC, id LIMIT $3`,
      params,
    );
    return { named, anonymous };
  }

  /** Where the catch-up job read up to (null before its first run). */
  async readUntil(): Promise<Date | null> {
    const [row] = await this.db.query<{ read_until: Date }>(
      'SELECT read_until FROM rating_catch_up',
    );
    return row?.read_until ?? null;
  }

  async setReadUntil(at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO rating_catch_up (id, read_until) VALUES (true, $1)
       ON CONFLICT (id) DO UPDATE SET read_until = greatest(rating_catch_up.read_until, $1)`,
      [at],
    );
  }
}
