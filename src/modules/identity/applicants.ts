import type { Queryable } from '../../platform/db.js';
import { IdentityRepository } from './repository.js';

/**
 * Applicants' accounts as other modules look them up: by the ID number or enterprise code
 * a dossier names (counter intake, synced dossiers, ratings, the hotline), and their contact
 * details for connected systems.
 */
export class Applicants {
  private readonly repository: IdentityRepository;

  constructor(db: Queryable) {
    this.repository = new IdentityRepository(db);
  }

  /**
   * The account a counter or postal dossier belongs to: the citizen (by personal ID number)
   * or business (by enterprise code), created if new; a later national sign-in takes it over.
   */
  accountForIntake(applicant: { idNumber: string; name: string; phone?: string | undefined }) {
    return this.repository.ensureApplicant(applicant);
  }

  /** Accounts whose verified ID number or enterprise code is one of these: one read, in `q`. */
  verifiedAccounts(idNumbers: string[], q?: Queryable) {
    return (q ? new IdentityRepository(q) : this.repository).verifiedAccounts(idNumbers);
  }

  /** Several accounts' email and phone (what a connected system is told of applicants). */
  contactsOf(accountIds: string[]) {
    return this.repository.contactsOf(accountIds);
  }
}
