import { createHmac, generateKeyPair, randomBytes, type JsonWebKey } from 'node:crypto';
import { promisify } from 'node:util';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db.js';

/*
 * What the identity-provider simulator keeps, kept in the database rather than in one
 * process: sign-ins under way (interactions), its sessions, grants, codes and tokens, and
 * its signing key. Any portal process behind a load balancer can then answer any step of a
 * sign-in, and a restart loses none of them (migration 0039).
 */

/** Models a grant's revocation removes, as oidc-provider's own in-memory adapter has them. */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

interface StateRow {
  payload: AdapterPayload;
  consumed_at: Date | null;
}

/**
 * oidc-provider's storage for one model (Session, Interaction, AuthorizationCode…), in
 * `idp_simulator_state`. Each method is one statement, outside any transaction. A row past
 * its expiry is not found, though it stays until the daily prune (`pruneSimulatorState`).
 */
export class DatabaseAdapter implements Adapter {
  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
    private readonly model: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    // A model without a lifetime (none configured here, but the provider allows it) lasts.
    const expiresAt = expiresIn ? new Date(this.clock.now().getTime() + expiresIn * 1000) : null;
    await this.db.query(
      `INSERT INTO idp_simulator_state (model, id, payload, grant_id, user_code, uid, expires_at)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7)
       ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload,
         grant_id = EXCLUDED.grant_id, user_code = EXCLUDED.user_code, uid = EXCLUDED.uid,
         expires_at = EXCLUDED.expires_at`,
      [
        this.model,
        id,
        JSON.stringify(payload),
        GRANTABLE.has(this.model) ? (payload.grantId ?? null) : null,
        payload.userCode ?? null,
        // Sessions are found by their uid too; other models' uid is their id.
        this.model === 'Session' ? (payload.uid ?? null) : null,
        expiresAt,
      ],
    );
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('id', id);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('uid', uid);
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('user_code', userCode);
  }

  async consume(id: string): Promise<void> {
    await this.db.query(
      `UPDATE idp_simulator_state SET consumed_at = $3
       WHERE model = $1 AND id = $2 AND consumed_at IS NULL`,
      [this.model, id, this.clock.now()],
    );
  }

  async destroy(id: string): Promise<void> {
    await this.db.query('DELETE FROM idp_simulator_state WHERE model = $1 AND id = $2', [
      this.model,
      id,
    ]);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db.query('DELETE FROM idp_simulator_state WHERE model = $1 AND grant_id = $2', [
      this.model,
      grantId,
    ]);
  }

  /** The one live row of this model whose `column` holds `value`; consumed says when. */
  private async findWhere(
    column: 'id' | 'uid' | 'user_code',
    value: string,
  ): Promise<AdapterPayload | undefined> {
    const [row] = await this.db.query<StateRow>(
      `SELECT payload, consumed_at FROM idp_simulator_state
       WHERE model = $1 AND ${column} = $2 AND (expires_at IS NULL OR expires_at > $3)
       LIMIT 1`,
      [this.model, value, this.clock.now()],
    );
    if (!row) return undefined;
    if (!row.consumed_at) return row.payload;
    // As the provider's own adapters mark it: the time of consumption, in epoch seconds.
    return { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) };
  }
}

/** Removes the rows past their expiry (the daily job); answers how many went. */
export async function pruneSimulatorState(db: Queryable, clock: Clock): Promise<number> {
  const removed = await db.query<{ id: string }>(
    'DELETE FROM idp_simulator_state WHERE expires_at <= $1 RETURNING id',
    [clock.now()],
  );
  return removed.length;
}

const SIGNING_ALG = 'RS256';

/**
 * The simulator's signing key (a private JWK), the same for every process: made by the first
 * process that needs it and kept. Two processes making one at once both insert; the first
 * insert wins, and both read that one back.
 */
export async function simulatorSigningKey(db: Queryable, clock: Clock): Promise<JsonWebKey> {
  const kept = await readSigningKey(db);
  if (kept) return kept;
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const jwk = {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomBytes(8).toString('hex'),
    alg: SIGNING_ALG,
    use: 'sig',
  };
  await db.query(
    `INSERT INTO idp_simulator_keys (alg, private_jwk, created_at) VALUES ($1, $2::jsonb, $3)
     ON CONFLICT (alg) DO NOTHING`,
    [SIGNING_ALG, JSON.stringify(jwk), clock.now()],
  );
  const made = await readSigningKey(db);
  if (!made) throw new Error('the identity simulator signing key vanished as it was made');
  return made;
}

async function readSigningKey(db: Queryable): Promise<JsonWebKey | undefined> {
  const [row] = await db.query<{ private_jwk: JsonWebKey }>(
    'SELECT private_jwk FROM idp_simulator_keys WHERE alg = $1',
    [SIGNING_ALG],
  );
  return row?.private_jwk;
}

/**
 * The keys the simulator signs its cookies with (its session, a sign-in's interaction):
 * derived from the server's secret, so the same in every process that shares it (as they
 * must, src/platform/server-secret.ts) and across restarts.
 */
export const simulatorCookieKeys = (serverSecret: string): string[] => [
  createHmac('sha256', serverSecret).update('identity:simulator-cookies').digest('base64url'),
];
