import { randomBytes, randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/db.js';
import type { Locale } from '../../platform/i18n/index.js';
import type { NotificationService } from '../notifications/index.js';
import { ABSOLUTE_TIMEOUT_MS, hashToken, newToken } from './sessions.js';
import { IdentityRepository } from './repository.js';
import { SignInRepository } from './sign-in-repository.js';

/** Rules of local sign-in, stated once. */
const MAX_FAILED_PASSWORDS = 5;
const LOCK_MS = 15 * 60_000;
const CODE_TTL_MS = 5 * 60_000;
const MAX_CODE_ATTEMPTS = 5;
export const MAX_CODES_PER_HOUR = 5;

export type PasswordOutcome =
  | { outcome: 'code_sent'; challengeId: string; channel: 'email' | 'sms' }
  | { outcome: 'wrong' }
  | { outcome: 'locked'; until: Date }
  | { outcome: 'inactive' }
  | { outcome: 'too_many_codes' };

type CodeOutcome =
  | { outcome: 'signed_in'; token: string; expiresAt: Date }
  | { outcome: 'wrong' }
  | { outcome: 'expired' };

export const hashPassword = (password: string) => hash(password);

/** The kinds of account that sign in with a password (citizens use national identity). */
export type LocalAccountKind = 'system_admin' | 'catalog_admin' | 'officer';

/**
 * Creates an account that signs in with its email, a password and a one-time code, and
 * answers its first password: random, to be handed to the person once.
 */
export async function createLocalAccount(
  db: Queryable,
  account: { kind: LocalAccountKind; name: string; email: string },
): Promise<string> {
  const password = randomBytes(12).toString('base64url');
  await new IdentityRepository(db).createLocalAccount({
    ...account,
    phone: null,
    passwordHash: await hashPassword(password),
  });
  return password;
}

/** A real hash of a random password, checked against when the account is unknown. */
const dummyHash = hash(randomBytes(16).toString('hex'));

/**
 * Email or phone + password, then a one-time code sent to the account's email or phone.
 * The same answer is given for an unknown account and a wrong password.
 */
export class LocalSignIn {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly notifications: NotificationService,
  ) {}

  async checkPassword(
    identifier: string,
    password: string,
    locale: Locale,
  ): Promise<PasswordOutcome> {
    const now = this.clock.now();
    const repository = new SignInRepository(this.db);
    const account = await repository.findLocalAccount(identifier.trim());
    if (!account) {
      // Spend the same time as a real check, so timing does not reveal who has an account.
      await verify(await dummyHash, password).catch(() => false);
      return { outcome: 'wrong' };
    }
    if (account.locked_for_inactivity_at) return { outcome: 'inactive' };
    if (account.locked_until && account.locked_until.getTime() > now.getTime()) {
      return { outcome: 'locked', until: account.locked_until };
    }
    if (!(await verify(account.password_hash, password).catch(() => false))) {
      const failures = await repository.recordFailedPassword(
        account.id,
        MAX_FAILED_PASSWORDS,
        new Date(now.getTime() + LOCK_MS),
      );
      return failures >= MAX_FAILED_PASSWORDS
        ? { outcome: 'locked', until: new Date(now.getTime() + LOCK_MS) }
        : { outcome: 'wrong' };
    }
    if (
      (await repository.codesSince(account.id, new Date(now.getTime() - 3600_000))) >=
      MAX_CODES_PER_HOUR
    ) {
      return { outcome: 'too_many_codes' };
    }
    const channel = account.email ? 'email' : 'sms';
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const challengeId = await this.db.transaction(async (tx) => {
      const repo = new SignInRepository(tx);
      await repo.resetFailedPasswords(account.id);
      const id = await repo.createCode({
        accountId: account.id,
        codeHash: hashToken(code),
        channel,
        now,
        expiresAt: new Date(now.getTime() + CODE_TTL_MS),
      });
      await this.notifications.enqueue(tx, {
        channel,
        recipient: (channel === 'email' ? account.email : account.phone) ?? '',
        accountId: account.id,
        template: 'one_time_code',
        locale,
        values: { code, minutes: CODE_TTL_MS / 60_000 },
      });
      return id;
    });
    // A person is waiting for this code: send now rather than at the next scheduled run.
    await this.notifications.dispatchDue().catch(() => undefined);
    return { outcome: 'code_sent', challengeId, channel };
  }

  async checkCode(
    challengeId: string,
    code: string,
    client: { userAgent: string | null; ip: string | null },
  ): Promise<CodeOutcome> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const repo = new SignInRepository(tx);
      const accounts = new IdentityRepository(tx);
      const challenge = await repo.lockCode(challengeId);
      if (
        !challenge ||
        challenge.consumed_at ||
        challenge.expires_at.getTime() <= now.getTime() ||
        challenge.attempts >= MAX_CODE_ATTEMPTS
      ) {
        return { outcome: 'expired' as const };
      }
      if (challenge.code_hash !== hashToken(code.trim())) {
        await repo.recordCodeAttempt(challengeId);
        return { outcome: 'wrong' as const };
      }
      await repo.consumeCode(challengeId, now);
      await accounts.markActive(challenge.account_id, now);
      const token = newToken();
      const expiresAt = new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS);
      await accounts.createSession({
        tokenHash: hashToken(token),
        accountId: challenge.account_id,
        assuranceLevel: 1,
        method: 'password_otp',
        now,
        expiresAt,
        userAgent: client.userAgent,
        ip: client.ip,
      });
      return { outcome: 'signed_in' as const, token, expiresAt };
    });
  }
}
