import { createHmac } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Clock } from '../../platform/clock.js';
import type { Scope } from './scopes.js';

/** What a verified access token says: which client, with which scopes. */
export interface TokenClaims {
  clientId: string;
  scopes: Scope[];
}

/**
 * Short-lived access tokens for connected systems: JWTs signed by the portal with a key
 * derived from the server secret. They carry no state of their own to look up; whether the
 * client is still active is asked at every request, so a suspension takes effect at once.
 */
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(
    serverSecret: string,
    private readonly clock: Clock,
    private readonly issuer: string,
    readonly ttlSeconds: number,
  ) {
    this.key = createHmac('sha256', serverSecret).update('integration-access-token').digest();
  }

  private get audience() {
    return `${this.issuer}/api/v1/integration`;
  }

  async issue(clientId: string, scopes: readonly Scope[]): Promise<string> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    return new SignJWT({ scope: scopes.join(' ') })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + this.ttlSeconds)
      .sign(this.key);
  }

  /** The claims of a valid, unexpired token of ours; null for anything else. */
  async verify(token: string): Promise<TokenClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: ['HS256'],
        typ: 'at+jwt',
        currentDate: this.clock.now(),
      });
      if (typeof payload.sub !== 'string' || typeof payload.scope !== 'string') return null;
      return { clientId: payload.sub, scopes: payload.scope.split(' ') as Scope[] };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return null;
      throw error;
    }
  }
}
