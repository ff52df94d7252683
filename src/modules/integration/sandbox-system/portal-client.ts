import { randomUUID } from 'node:crypto';
import { SignJWT, type CryptoKey } from 'jose';

/** A dossier the portal delivers to the system, as much of it as the sandbox uses. */
export interface Delivery {
  id: string;
  dossier: { code: string; agency: { code: string }; procedure: { code: string }; dueAt: string };
}

/** What the portal answered to a batch of events. */
export interface PushAnswer {
  accepted: number;
  duplicates: number;
  refused: { index: number; code: string; reason: string }[];
}

/**
 * The portal's integration API as a connected system calls it: an access token by
 * private_key_jwt (fetched again before it expires), then the routes with it. Any answer
 * other than the one expected is an error naming the status and the problem's code.
 */
export class PortalClient {
  private token: { value: string; until: number } | null = null;

  constructor(
    readonly baseUrl: string,
    private readonly clientId: string,
    private readonly key: { kid: string; privateKey: CryptoKey },
    /** The token endpoint's address as the portal names it (its PUBLIC_URL). */
    private readonly audience = `${baseUrl}/api/v1/integration/token`,
  ) {}

  private async accessToken(): Promise<string> {
    if (this.token && this.token.until > Date.now() + 30_000) return this.token.value;
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: this.key.kid })
      .setIssuer(this.clientId)
      .setSubject(this.clientId)
      .setAudience(this.audience)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .sign(this.key.privateKey);
    const answer = await fetch(`${this.baseUrl}/api/v1/integration/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      }),
    });
    const body = (await expectOk(answer, 'token')) as { access_token: string; expires_in: number };
    this.token = { value: body.access_token, until: Date.now() + body.expires_in * 1000 };
    return body.access_token;
  }

  /** A call with the token; a form's content type (with its boundary) is fetch's to set. */
  private async call(method: string, path: string, body?: { type?: string; data: BodyInit }) {
    const answer = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.accessToken()}`,
        accept: 'application/json',
        ...(body?.type ? { 'content-type': body.type } : {}),
      },
      ...(body ? { body: body.data } : {}),
    });
    return expectOk(answer, `${method} ${path}`);
  }

  async deliveries(limit = 50): Promise<Delivery[]> {
    const body = (await this.call('GET', `/api/v1/integration/deliveries?limit=${limit}`)) as {
      items: Delivery[];
    };
    return body.items;
  }

  async acknowledge(id: string): Promise<void> {
    await this.call('POST', `/api/v1/integration/deliveries/${encodeURIComponent(id)}/ack`);
  }

  async push(events: object[]): Promise<PushAnswer> {
    const data = JSON.stringify(events);
    return (await this.call('POST', '/api/v1/integration/dossiers/events', {
      type: 'application/json',
      data,
    })) as PushAnswer;
  }

  /** Uploads a result document; answers its SHA-256, which events name it by. */
  async uploadResult(bytes: Uint8Array, contentType: string): Promise<string> {
    const body = (await this.call('POST', '/api/v1/integration/dossiers/results', {
      type: contentType,
      data: new Uint8Array(bytes),
    })) as { sha256: string };
    return body.sha256;
  }

  /** Procedures the system may file counter dossiers under (the catalog pull). */
  async procedures(): Promise<string[]> {
    const body = (await this.call('GET', '/api/v1/integration/catalog/procedures?limit=200')) as {
      items: { code: string }[];
    };
    return body.items.map((p) => p.code);
  }
}

async function expectOk(answer: Response, what: string): Promise<unknown> {
  const text = await answer.text();
  if (!answer.ok) {
    const code = /"code":"([^"]+)"/.exec(text)?.[1] ?? text.slice(0, 200);
    throw new Error(`${what}: ${answer.status} ${code}`);
  }
  return text ? (JSON.parse(text) as unknown) : null;
}
