import type { Queryable } from '../../platform/db.js';
import type { Contact } from '../notifications/index.js';

export interface AccountRow {
  id: string;
  notify_by_email: boolean;
  notify_by_sms: boolean;
  kind: 'citizen' | 'business' | 'officer' | 'catalog_admin' | 'system_admin';
  personal_id: string | null;
  name: string;
  birth_date: string | null;
  gender: string | null;
  address: unknown;
  email: string | null;
  phone: string | null;
  verified_fields: string[];
}

const ACCOUNT_FIELDS: (keyof AccountRow)[] = [
  'id',
  'kind',
  'personal_id',
  'name',
  'birth_date',
  'gender',
  'address',
  'email',
  'phone',
  'verified_fields',
  'notify_by_email',
  'notify_by_sms',
];
const accountColumns = (alias = '') => ACCOUNT_FIELDS.map((f) => alias + f).join(', ');

/** The account's own columns of a row that holds more (a session read with its account). */
export const pickAccount = (row: AccountRow): AccountRow =>
  Object.fromEntries(ACCOUNT_FIELDS.map((field) => [field, row[field]])) as unknown as AccountRow;

export interface Business {
  id: string;
  enterpriseCode: string;
  name: string;
}

/** A session's row, its account's and what is read about the account with them. */
export interface SignedInRow extends AccountRow {
  session_id: string;
  acting_for: string | null;
  assurance_level: 1 | 2;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  roles: { agencyCode: string; role: string }[];
  businesses: Business[];
  extra: unknown;
}

export class IdentityRepository {
  constructor(private readonly db: Queryable) {}

  async createLocalAccount(account: {
    kind: AccountRow['kind'];
    name: string;
    email: string | null;
    phone: string | null;
    passwordHash: string;
  }): Promise<string> {
    const [row] = await this.db.query<{ id: string }>(
      `INSERT INTO accounts (kind, name, email, phone, password_hash)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [account.kind, account.name, account.email, account.phone, account.passwordHash],
    );
    if (!row) throw new Error('account insert returned nothing');
    return row.id;
  }

  /** Creates or refreshes the citizen an identity provider vouched for; answers its id. */
  async upsertCitizen(claims: {
    subject: string;
    personalId: string;
    name: string;
    birthDate: string | null;
    gender: string | null;
    address: unknown;
    phone: string | null;
    email: string | null;
    verifiedFields: string[];
  }): Promise<{ id: string; created: boolean }> {
    const [row] = await this.db.query<{ id: string; created: boolean }>(
      `INSERT INTO accounts (kind, personal_id, name, birth_date, gender, address, phone, email,
         idp_subject, verified_fields)
       VALUES ('citizen', $1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (personal_id) DO UPDATE SET
         name = EXCLUDED.name, birth_date = EXCLUDED.birth_date, gender = EXCLUDED.gender,
         address = EXCLUDED.address, idp_subject = EXCLUDED.idp_subject,
         verified_fields = EXCLUDED.verified_fields,
         -- Proving one's identity again re-opens an account locked for inactivity.
         locked_for_inactivity_at = NULL,
         phone = coalesce(accounts.phone, EXCLUDED.phone),
         email = coalesce(accounts.email, EXCLUDED.email),
         last_active_at = now()
       RETURNING id, (xmax = 0) AS created`,
      [
        claims.personalId,
        claims.name,
        claims.birthDate,
        claims.gender,
        JSON.stringify(claims.address),
        claims.phone,
        claims.email,
        claims.subject,
        claims.verifiedFields,
      ],
    );
    if (!row) throw new Error('account upsert returned nothing');
    return row;
  }

  async ensureApplicant(applicant: {
    idNumber: string;
    name: string;
    phone?: string | undefined;
  }): Promise<string> {
    const business = /^\d{10}(-\d{3})?$/.test(applicant.idNumber);
    const [row] = await this.db.query<{ id: string }>(
      business
        ? `INSERT INTO accounts (kind, enterprise_code, name, phone) VALUES ('business', $1, $2, $3)
           ON CONFLICT (enterprise_code) DO UPDATE SET phone = coalesce(accounts.phone, EXCLUDED.phone)
           RETURNING id`
        : `INSERT INTO accounts (kind, personal_id, name, phone) VALUES ('citizen', $1, $2, $3)
           ON CONFLICT (personal_id) DO UPDATE SET phone = coalesce(accounts.phone, EXCLUDED.phone)
           RETURNING id`,
      [applicant.idNumber, applicant.name, applicant.phone || null],
    );
    return row!.id;
  }

  /**
   * Accounts whose personal ID number or enterprise code is one of these and was vouched for
   * (national sign-in, the business registry): whom a dossier synced under it belongs to.
   */
  async verifiedAccounts(idNumbers: string[]): Promise<{ accountId: string; idNumber: string }[]> {
    if (idNumbers.length === 0) return [];
    return this.db.query(
      `SELECT id AS "accountId", coalesce(personal_id, enterprise_code) AS "idNumber" FROM accounts
       WHERE (personal_id = ANY($1::text[]) AND 'personal_id' = ANY(verified_fields))
          OR (enterprise_code = ANY($1::text[]) AND 'enterprise_code' = ANY(verified_fields))`,
      [idNumbers],
    );
  }

  async findAccount(id: string): Promise<AccountRow | undefined> {
    const [row] = await this.db.query<AccountRow>(
      `SELECT ${accountColumns()} FROM accounts WHERE id = $1`,
      [id],
    );
    return row;
  }

  /** How the account's holder is told things: their addresses and the channels they chose. */
  async contactOf(accountId: string): Promise<Contact | null> {
    const [row] = await this.db.query<Contact>(
      `SELECT email, phone, notify_by_email AS "notifyByEmail", notify_by_sms AS "notifyBySms"
       FROM accounts WHERE id = $1`,
      [accountId],
    );
    return row ?? null;
  }

  /** Several accounts' email and phone at once. */
  contactsOf(ids: string[]): Promise<{ id: string; email: string | null; phone: string | null }[]> {
    return this.db.query('SELECT id, email, phone FROM accounts WHERE id = ANY($1::uuid[])', [ids]);
  }

  async createSession(session: {
    tokenHash: string;
    accountId: string;
    assuranceLevel: 1 | 2;
    method: 'national_id' | 'password_otp';
    now: Date;
    expiresAt: Date;
    userAgent: string | null;
    ip: string | null;
    /** The provider's ID token, for a national sign-in: handed back when signing out. */
    idToken?: string | null;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO sessions (token_hash, account_id, assurance_level, method, created_at,
         last_seen_at, expires_at, user_agent, ip, id_token)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9)`,
      [
        session.tokenHash,
        session.accountId,
        session.assuranceLevel,
        session.method,
        session.now,
        session.expiresAt,
        session.userAgent,
        session.ip,
        session.idToken ?? null,
      ],
    );
  }

  /** Links a citizen to exactly these businesses, creating business accounts as needed. */
  async setRepresentedBusinesses(
    citizenId: string,
    businesses: { enterpriseCode: string; name: string }[],
    now: Date,
  ): Promise<void> {
    const valid = businesses.filter((b) => /^[0-9]{10}(-[0-9]{3})?$/.test(b.enterpriseCode));
    await this.db.query(
      `INSERT INTO accounts (kind, enterprise_code, name, verified_fields)
       SELECT 'business', code, name, ARRAY['enterprise_code', 'name']
       FROM unnest($1::text[], $2::text[]) AS b(code, name)
       ON CONFLICT (enterprise_code) DO UPDATE SET name = EXCLUDED.name`,
      [valid.map((b) => b.enterpriseCode), valid.map((b) => b.name)],
    );
    await this.db.query(
      `DELETE FROM business_representatives r USING accounts b
       WHERE r.citizen_id = $1 AND b.id = r.business_id AND NOT (b.enterprise_code = ANY($2::text[]))`,
      [citizenId, valid.map((b) => b.enterpriseCode)],
    );
    await this.db.query(
      `INSERT INTO business_representatives (business_id, citizen_id, since)
       SELECT id, $1, $3 FROM accounts WHERE enterprise_code = ANY($2::text[])
       ON CONFLICT DO NOTHING`,
      [citizenId, valid.map((b) => b.enterpriseCode), now],
    );
  }

  async representedBusinesses(citizenId: string) {
    return this.db.query<{ id: string; enterpriseCode: string; name: string }>(
      `SELECT b.id, b.enterprise_code AS "enterpriseCode", b.name
       FROM business_representatives r JOIN accounts b ON b.id = r.business_id
       WHERE r.citizen_id = $1 ORDER BY b.name`,
      [citizenId],
    );
  }

  async setActingFor(sessionId: string, businessId: string | null): Promise<void> {
    await this.db.query('UPDATE sessions SET acting_for = $2 WHERE id = $1', [
      sessionId,
      businessId,
    ]);
  }

  /** Signing in is activity: it clears the inactivity count. */
  async markActive(accountId: string, now: Date): Promise<void> {
    await this.db.query(
      `UPDATE accounts SET last_active_at = $2, inactivity_warnings = 0,
         last_inactivity_warning_at = NULL WHERE id = $1`,
      [accountId, now],
    );
  }

  /**
   * A session by its token's hash, with everything a request asks about who is signed in
   * (the account, its roles, the businesses it represents and, for pages, what `extra`
   * adds about it), in one round trip.
   */
  async findSignedIn(tokenHash: string, extra?: (accountId: string) => string) {
    const [row] = await this.db.query<SignedInRow>(
      `SELECT s.id AS session_id, s.acting_for, s.assurance_level, s.last_seen_at, s.expires_at,
         s.revoked_at, ${accountColumns('a.')},
         coalesce((SELECT jsonb_agg(jsonb_build_object('agencyCode', g.agency_code, 'role', g.role)
             ORDER BY g.agency_code, g.role)
           FROM role_grants g WHERE g.account_id = a.id), '[]'::jsonb) AS roles,
         coalesce((SELECT jsonb_agg(jsonb_build_object('id', b.id,
               'enterpriseCode', b.enterprise_code, 'name', b.name) ORDER BY b.name)
           FROM business_representatives r JOIN accounts b ON b.id = r.business_id
           WHERE r.citizen_id = a.id), '[]'::jsonb) AS businesses,
         ${extra ? extra('a.id') : 'NULL'} AS extra
       FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1`,
      [tokenHash],
    );
    return row;
  }

  async updateContact(
    id: string,
    contact: {
      email: string | null;
      phone: string | null;
      notifyByEmail: boolean;
      notifyBySms: boolean;
    },
  ): Promise<void> {
    await this.db.query(
      `UPDATE accounts SET email = $2, phone = $3, notify_by_email = $4, notify_by_sms = $5
       WHERE id = $1`,
      [id, contact.email, contact.phone, contact.notifyByEmail, contact.notifyBySms],
    );
  }

  /**
   * Whether another portal account (one with a password) signs in with this email or phone:
   * no one else may take it, a citizen's account included, or codes and notices would mix.
   */
  async signInAddressTaken(
    id: string,
    email: string | null,
    phone: string | null,
  ): Promise<'email' | 'phone' | null> {
    const [row] = await this.db.query<{ email_taken: boolean; phone_taken: boolean }>(
      `SELECT coalesce(bool_or(lower(email) = lower($2)), false) AS email_taken,
              coalesce(bool_or(phone = $3), false) AS phone_taken
       FROM accounts
       WHERE id <> $1 AND password_hash IS NOT NULL AND (lower(email) = lower($2) OR phone = $3)`,
      [id, email, phone],
    );
    return row?.email_taken ? 'email' : row?.phone_taken ? 'phone' : null;
  }

  /** Who the account is and where it is reached, locked while its contact details change. */
  async accountForUpdate(id: string) {
    const [row] = await this.db.query<{ name: string; email: string | null; phone: string | null }>(
      'SELECT name, email, phone FROM accounts WHERE id = $1 FOR UPDATE',
      [id],
    );
    return row;
  }

  async activeSessions(accountId: string, now: Date) {
    return this.db.query<{
      id: string;
      method: string;
      created_at: Date;
      last_seen_at: Date;
      user_agent: string | null;
    }>(
      `SELECT id, method, created_at, last_seen_at, user_agent FROM sessions
       WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > $2
       ORDER BY last_seen_at DESC`,
      [accountId, now],
    );
  }

  async revokeAllSessions(accountId: string, now: Date): Promise<number> {
    const rows = await this.db.query(
      `UPDATE sessions SET revoked_at = $2, id_token = NULL
       WHERE account_id = $1 AND revoked_at IS NULL
       RETURNING id`,
      [accountId, now],
    );
    return rows.length;
  }

  async touchSession(id: string, now: Date): Promise<void> {
    await this.db.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1', [id, now]);
  }

  /**
   * Ends a live session; answers the ID token it kept (null for a portal account's, or when
   * it had already ended), which is not kept past the session.
   */
  /** Ends a live session: whose it was, and the provider's ID token it held. */
  async revokeSession(id: string, now: Date) {
    const [row] = await this.db.query<{ account_id: string; id_token: string | null }>(
      `UPDATE sessions s SET revoked_at = $2, id_token = NULL
       FROM (SELECT id, id_token FROM sessions WHERE id = $1 AND revoked_at IS NULL FOR UPDATE) old
       WHERE s.id = old.id
       RETURNING s.account_id, old.id_token`,
      [id, now],
    );
    return { accountId: row?.account_id ?? null, idToken: row?.id_token ?? null };
  }
}
