import { randomInt } from 'node:crypto';
import { CookieClient } from '../browser-client.js';
import { PDF_BYTES } from '../files.js';

/*
 * People reaching the portal through the load balancer, each from an address of their own
 * (X-Forwarded-For, which nginx passes on: the test is a trusted proxy in front of it), so
 * that the rate limits count them apart as they would count real people apart.
 */

// From a random start: Redis keeps a rate limit's count for a minute, and a run started
// within it (or another test file on the same Redis) must not find its addresses counted.
let addresses = randomInt(2 ** 24);

/** An address nobody else in this run has (10.0.0.0/8). */
export function newAddress(): string {
  addresses = (addresses + 1) % 2 ** 24;
  return `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;
}

/** The process that answered, from nginx's X-Upstream (the last one tried, after retries). */
export const upstreamOf = (response: { headers: Headers }): string =>
  response.headers.get('x-upstream')?.split(', ').at(-1) ?? 'none';

/**
 * A person with a browser's cookies, from one address or (`address` called per request) from
 * as many as they make requests. Remembers which process answered each request.
 */
export class Visitor extends CookieClient {
  readonly upstreams: string[] = [];

  constructor(
    base: string,
    private readonly address: () => string = (
      (fixed) => () =>
        fixed
    )(newAddress()),
  ) {
    super(base);
  }

  override async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('x-forwarded-for', this.address());
    const response = await super.request(path, { ...init, headers });
    this.upstreams.push(upstreamOf(response));
    return response;
  }

  /** A JSON call: its status and body (JSON, or the text when it is not). */
  async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const json = body !== undefined && !(body instanceof FormData);
    const response = await this.request(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(json ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: json ? JSON.stringify(body) : (body as FormData) }),
    });
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
    } catch {
      return { status: response.status, body: { text } };
    }
  }
}

/** Signs in as one of the simulator's people: the real OIDC flow, every hop through nginx. */
export async function signIn(visitor: Visitor, sub: string): Promise<void> {
  const picker = await visitor.follow('/auth/login?returnTo=%2Faccount');
  const page = await picker.response.text();
  const action = /action="(\/idp\/interaction\/[^"]+\/login)"/.exec(page)?.[1];
  if (!action) throw new Error(`no identity picker (${picker.response.status}): ${page}`);
  const chosen = await visitor.postForm(action, { sub });
  const landed = await visitor.follow(chosen.headers.get('location') ?? '/');
  if (landed.url.pathname !== '/account') {
    throw new Error(`signed in to ${landed.url.pathname}, not /account`);
  }
}

/** A new visitor (from `address`), signed in as `sub`. */
export async function signedIn(base: string, sub: string, address?: () => string) {
  const visitor = new Visitor(base, address);
  await signIn(visitor, sub);
  return visitor;
}

/** A certified electronic copy (2.001009), as the dossier tests file it. */
export const CERTIFIED_COPY_ANSWERS = {
  documentName: 'Bằng tốt nghiệp đại học',
  documentIssuer: 'Trường Đại học Bách khoa Hà Nội',
  documentDate: '2011-07-15',
  copies: 1,
  declaration: true,
};

/** The original's scan, as a multipart form for the attachments API. */
export function originalScan(): FormData {
  const form = new FormData();
  form.set('field', 'original');
  form.set('file', new Blob([new Uint8Array(PDF_BYTES)]), 'bang-dai-hoc.pdf');
  return form;
}
