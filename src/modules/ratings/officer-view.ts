import type { Database } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { agenciesWith, type Actor } from '../identity/index.js';
import { redactComment } from './criteria.js';
import type { Named, Names } from './names.js';
import { RatingRepository, type Averages, type RatingRow } from './repository.js';

/** How many ratings of each kind (named, anonymous) officers' view lists. */
const LATEST_LIMIT = 50;

/** A rating's answers, as both kinds show them. */
interface Answers {
  procedure: Named;
  month: string;
  onTime: boolean;
  visits: number;
  conduct: number;
  feesAsAnnounced: boolean;
  overall: number;
  comment: string | null;
}

/**
 * A rating given with a name: its dossier (whose page names the applicant) and its dates.
 * The dossier's code only for those who work dossiers at its agency (an administrator of
 * the agency sees no applicant's dossiers).
 */
export interface NamedRating extends Answers {
  anonymous: false;
  dossierCode: string | null;
  givenAt: Date;
  changedAt: Date | null;
}

/**
 * An anonymous rating as officers see it: its answers, its procedure and its month only; its
 * comment without digits runs or email addresses. No dossier code, account, name, day or
 * time, and listed in an order that is not time's (docs/ratings.md).
 */
export interface AnonymousRating extends Answers {
  anonymous: true;
}

export type OfficerRating = NamedRating | AnonymousRating;

export interface AgencyRatings {
  agencies: Named[];
  /** The agency chosen, or null for all the officer may see. */
  agency: string | null;
  month: string | null;
  all: Averages;
  procedures: (Averages & { procedure: Named })[];
  named: NamedRating[];
  anonymous: AnonymousRating[];
}

function answers(row: RatingRow, procedure: Named, anonymous: boolean): Answers {
  return {
    procedure,
    month: row.month,
    onTime: row.on_time,
    visits: row.visits,
    conduct: row.conduct,
    feesAsAnnounced: row.fees_as_announced,
    overall: row.overall,
    comment: row.comment === null ? null : anonymous ? redactComment(row.comment) : row.comment,
  };
}

/** The ratings of the agencies an officer may see them at (`ratings.view`). */
export class OfficerRatings {
  private readonly repository: RatingRepository;

  constructor(
    db: Database,
    private readonly names: Names,
  ) {
    this.repository = new RatingRepository(db);
  }

  /** The agencies whose ratings the actor may see (none: not an officer of any). */
  agenciesOf(actor: Actor): string[] {
    return agenciesWith(actor, 'ratings.view');
  }

  /**
   * Averages and the latest ratings of one agency the actor may see, or of all of them
   * (`agency` null); an agency they may not see is not found.
   */
  async view(actor: Actor, filter: { agency: string | null; month: string | null }) {
    const mine = this.agenciesOf(actor);
    if (mine.length === 0 || (filter.agency !== null && !mine.includes(filter.agency))) {
      throw notFound();
    }
    const scope = filter.agency ? [filter.agency] : mine;
    const working = new Set(agenciesWith(actor, 'agency.work'));
    const { all, procedures } = await this.repository.averages(scope, filter.month);
    const latest = await this.repository.latest(scope, filter.month, LATEST_LIMIT);
    const names = await this.names.procedures([
      ...procedures.map((p) => p.procedure_code),
      ...latest.named.map((r) => r.procedure_code),
      ...latest.anonymous.map((r) => r.procedure_code),
    ]);
    const procedureOf = (code: string) => names.get(code)!;
    return {
      agencies: await Promise.all(mine.map((code) => this.names.agency(code))),
      agency: filter.agency,
      month: filter.month,
      all,
      procedures: procedures.map((p) => ({ ...p, procedure: procedureOf(p.procedure_code) })),
      named: latest.named.map((r): NamedRating => ({
        ...answers(r, procedureOf(r.procedure_code), false),
        anonymous: false,
        dossierCode: working.has(r.agency_code) ? r.dossier_code : null,
        givenAt: r.given_at,
        changedAt: r.changed_at,
      })),
      anonymous: latest.anonymous.map((r): AnonymousRating => ({
        ...answers(r, procedureOf(r.procedure_code), true),
        anonymous: true,
      })),
    } satisfies AgencyRatings;
  }
}
