import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  decodeJwt,
  errors as joseErrors,
  importJWK,
  jwtVerify,
  type JWK,
} from 'jose';
import { audit } from '../../platform/audit.js';
import { changeKeys, type Changes } from '../../platform/changes.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db.js';
import { invalidFields, notFound, ProblemError } from '../../platform/errors.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { isUuid } from '../../platform/ids.js';
import type { CatalogService } from '../catalog/index.js';
import { ClientRepository, type ClientFields } from './client-repository.js';
import { addressList } from './addresses.js';
import type { ApiClient } from './scopes.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Signing algorithms a client's keys may use (RFC 7518 asymmetric ones in common use). */
const KEY_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'];
/** How long an assertion may live: long enough for clock skew, too short to be kept. */
const ASSERTION_MAX_SECONDS = 300;
/** How long a client's record is trusted from memory when nothing announced a change. */
const REMEMBER_MS = 5_000;

const invalidClient = (messageKey: MessageKey = 'errors.integration.invalidClient') =>
  new ProblemError(401, 'invalid_client', messageKey, {}, [], { error: 'invalid_client' });

/**
 * Connected systems' registrations: what an administrator registers and changes (every change
 * audited), their keys, and proving who a client is at the token endpoint.
 */
export class ClientService {
  private readonly remembered = new Map<string, { client: ApiClient; stamp: number; at: number }>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly catalog: CatalogService,
    private readonly changes: Changes,
    /** Whether client secrets may be issued (development and tests; keys otherwise). */
    readonly secretsAllowed: boolean,
  ) {}

  /** The client as it is now (from memory for a few seconds unless it changed); or null. */
  async current(id: string): Promise<ApiClient | null> {
    if (!isUuid(id)) return null;
    const kept = this.remembered.get(id);
    const now = Date.now();
    if (
      kept &&
      now - kept.at < REMEMBER_MS &&
      !this.changes.changedSince([changeKeys.apiClient(id)], kept.stamp)
    ) {
      return kept.client;
    }
    const stamp = this.changes.stamp();
    const client = await new ClientRepository(this.db).find(id);
    if (client) this.remembered.set(id, { client, stamp, at: now });
    else this.remembered.delete(id);
    return client;
  }

  async get(id: string): Promise<ApiClient> {
    const client = isUuid(id) ? await new ClientRepository(this.db).find(id) : null;
    if (!client) throw notFound();
    return client;
  }

  list(): Promise<ApiClient[]> {
    return new ClientRepository(this.db).list();
  }

  keys(id: string) {
    return new ClientRepository(this.db).keys(id);
  }

  /** How many accepted keys each client has, by id (the administrators' list). */
  keyCounts(): Promise<Map<string, number>> {
    return new ClientRepository(this.db).keyCounts();
  }

  /** Registers a client; answers it and, when asked for (development), its secret once. */
  /** `actorId` null: the development registration of a sandbox system. */
  async register(actorId: string | null, fields: ClientFields, options: { secret?: boolean } = {}) {
    await this.check(fields);
    if (options.secret && !this.secretsAllowed) {
      throw new ProblemError(422, 'secrets_not_allowed', 'errors.integration.secretsNotAllowed');
    }
    const secret = options.secret ? randomBytes(32).toString('base64url') : null;
    const secretHash = secret ? await hash(secret) : null;
    const now = this.clock.now();
    const client = await this.db.transaction(async (tx) => {
      const repository = new ClientRepository(tx);
      const created = await repository.insert(fields, actorId, now);
      if (secretHash) await repository.setSecretHash(created.id, secretHash, now);
      await audit(tx, {
        at: now,
        actorId,
        action: 'api_client.register',
        resourceType: 'api_client',
        resourceId: created.id,
        after: fields,
      });
      return created;
    });
    return { client: { ...client, hasSecret: secret !== null }, secret };
  }

  async update(actorId: string, id: string, version: number, fields: ClientFields) {
    const before = await this.get(id);
    await this.check(fields);
    return this.write(actorId, id, 'api_client.update', before, async (repository, now) => {
      const updated = await repository.update(id, version, fields, now);
      // Read in the transaction: on the embedded database a read outside it would wait for it.
      if (!updated) throw this.conflict((await repository.find(id)) ?? before);
      return updated;
    });
  }

  /** Stops the client at once: its tokens are refused from the next request on. */
  async suspend(actorId: string, id: string, reason: string) {
    const before = await this.get(id);
    return this.write(
      actorId,
      id,
      'api_client.suspend',
      before,
      async (repository, now) => {
        return (await repository.setStatus(id, 'suspended', reason, now))!;
      },
      reason,
    );
  }

  async reactivate(actorId: string, id: string) {
    const before = await this.get(id);
    return this.write(actorId, id, 'api_client.reactivate', before, async (repository, now) => {
      return (await repository.setStatus(id, 'active', null, now))!;
    });
  }

  /** Adds a public key (rotation: add the new one, move the system over, retire the old). */
  async addKey(actorId: string | null, id: string, jwk: JWK) {
    await this.get(id);
    const key = await publicKeyOf(jwk);
    await this.write(actorId, id, 'api_client.add_key', null, async (repository, now) => {
      if (!(await repository.addKey(id, key.kid, key.jwk, now))) {
        throw new ProblemError(409, 'key_exists', 'errors.integration.keyExists', { kid: key.kid });
      }
      return key.kid;
    });
    return key.kid;
  }

  async retireKey(actorId: string, id: string, kid: string) {
    await this.get(id);
    await this.write(actorId, id, 'api_client.retire_key', { kid }, async (repository, now) => {
      if (!(await repository.retireKey(id, kid, now))) throw notFound();
      return kid;
    });
  }

  /**
   * Who is at the token endpoint: a client proving itself with a JWT signed by one of its
   * accepted keys (RFC 7523), or, where allowed, with its secret. Anything else is 401.
   */
  async authenticate(
    input: { clientId?: string; clientSecret?: string; assertionType?: string; assertion?: string },
    audiences: string[],
  ): Promise<ApiClient> {
    if (input.assertion !== undefined) return this.byAssertion(input, audiences);
    if (input.clientId === undefined || input.clientSecret === undefined) throw invalidClient();
    const client = await this.active(input.clientId);
    const secretHash = await new ClientRepository(this.db).secretHash(client.id);
    if (!secretHash || !(await verify(secretHash, input.clientSecret).catch(() => false))) {
      throw invalidClient();
    }
    return client;
  }

  private async byAssertion(
    input: { clientId?: string; assertionType?: string; assertion?: string },
    audiences: string[],
  ): Promise<ApiClient> {
    if (input.assertionType !== JWT_BEARER) throw invalidClient();
    const assertion = input.assertion ?? '';
    let subject: string | undefined;
    try {
      subject = decodeJwt(assertion).sub;
    } catch {
      throw invalidClient();
    }
    if (!subject || (input.clientId !== undefined && input.clientId !== subject)) {
      throw invalidClient();
    }
    const client = await this.active(subject);
    const repository = new ClientRepository(this.db);
    const keys = (await repository.keys(client.id)).filter((k) => k.retiredAt === null);
    const jwks = createLocalJWKSet({ keys: keys.map((k) => ({ ...k.jwk, kid: k.kid }) as JWK) });
    const now = this.clock.now();
    try {
      const { payload } = await jwtVerify(assertion, jwks, {
        issuer: client.id,
        subject: client.id,
        audience: audiences,
        algorithms: KEY_ALGORITHMS,
        currentDate: now,
        requiredClaims: ['exp', 'jti'],
        clockTolerance: 30,
      });
      const expires = new Date(payload.exp! * 1000);
      if (expires.getTime() - now.getTime() > ASSERTION_MAX_SECONDS * 1000) throw invalidClient();
      if (!(await repository.useAssertion(client.id, String(payload.jti), expires, now))) {
        throw invalidClient('errors.integration.assertionReplayed');
      }
      return client;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) throw invalidClient();
      throw error;
    }
  }

  private async active(id: string): Promise<ApiClient> {
    const client = await this.current(id);
    if (!client) throw invalidClient();
    if (client.status !== 'active') throw invalidClient('errors.integration.clientSuspended');
    return client;
  }

  /** One audited change of a client, announced once committed. */
  private async write<T>(
    actorId: string | null,
    id: string,
    action: string,
    before: unknown,
    change: (repository: ClientRepository, now: Date) => Promise<T>,
    reason?: string,
  ): Promise<T> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      const after = await change(new ClientRepository(tx), now);
      await audit(tx, {
        at: now,
        actorId,
        action,
        resourceType: 'api_client',
        resourceId: id,
        before,
        after,
        reason: reason ?? null,
      });
      this.changes.after(tx, changeKeys.apiClient(id));
      return after;
    });
  }

  private conflict(current: ApiClient) {
    return new ProblemError(409, 'version_conflict', 'errors.versionConflict', {}, [], {
      current: { version: current.version },
    });
  }

  /**
   * Agencies that exist and addresses that parse; every field in error named at once (422).
   * The administrators' form asks it too, to list these beside its own errors.
   */
  async check(
    fields: Pick<ClientFields, 'ownerAgencyCode' | 'allowedAgencies' | 'allowedAddresses'>,
  ) {
    const errors: { field: string; messageKey: MessageKey; params?: Record<string, string> }[] = [];
    const known = async (code: string) =>
      this.catalog.agency(code).then(
        () => true,
        () => false,
      );
    if (!(await known(fields.ownerAgencyCode))) {
      errors.push({
        field: 'ownerAgencyCode',
        messageKey: 'errors.integration.unknownAgency',
        params: { code: fields.ownerAgencyCode },
      });
    }
    for (const code of fields.allowedAgencies) {
      if (!(await known(code))) {
        errors.push({
          field: 'allowedAgencies',
          messageKey: 'errors.integration.unknownAgency',
          params: { code },
        });
      }
    }
    const bad = addressList(fields.allowedAddresses).invalid;
    if (bad.length > 0) {
      errors.push({
        field: 'allowedAddresses',
        messageKey: 'errors.integration.badAddress',
        params: { address: bad[0]! },
      });
    }
    if (errors.length > 0) throw invalidFields('invalid_client_fields', errors);
  }
}

/** A public key a client may register: importable, not private, with a key id (else 422). */
export async function publicKeyOf(jwk: JWK): Promise<{ kid: string; jwk: JWK }> {
  const refuse = () =>
    new ProblemError(422, 'invalid_key', 'errors.integration.invalidKey', {}, [
      { field: 'jwk', messageKey: 'errors.integration.invalidKey' },
    ]);
  if (typeof jwk !== 'object' || jwk === null || 'd' in jwk || jwk.kty === 'oct') throw refuse();
  if (jwk.alg !== undefined && !KEY_ALGORITHMS.includes(jwk.alg)) throw refuse();
  try {
    await importJWK(
      jwk,
      jwk.alg ?? (jwk.kty === 'RSA' ? 'RS256' : jwk.kty === 'OKP' ? 'EdDSA' : 'ES256'),
    );
  } catch {
    throw refuse();
  }
  const kid = jwk.kid ?? (await calculateJwkThumbprint(jwk));
  const { kty, crv, x, y, n, e, alg } = jwk;
  const clean = Object.fromEntries(
    Object.entries({ kty, crv, x, y, n, e, alg, use: 'sig' }).filter(([, v]) => v !== undefined),
  ) as JWK;
  return { kid, jwk: clean };
}
