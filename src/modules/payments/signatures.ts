import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed callbacks: `X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. The
 * timestamp is inside what is signed, so an old callback cannot be sent again later with a
 * fresh time; two keys are accepted at once so a provider's key can be rotated.
 */
export const SIGNATURE_HEADER = 'x-signature';
const TOLERANCE_SECONDS = 300;

const hmac = (key: string, timestamp: number, body: string) =>
  createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex');

export function signatureHeader(body: string, key: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return `t=${timestamp},v1=${hmac(key, timestamp, body)}`;
}

export type Verification = 'valid' | 'forged' | 'stale' | 'malformed';

/** Whether a callback's signature is one of the keys' over this body, and recent. */
export function verifySignature(
  body: string,
  header: string | undefined,
  keys: readonly string[],
  now: Date,
): Verification {
  const parts = Object.fromEntries(
    (header ?? '').split(',').map((part) => part.trim().split('=', 2) as [string, string]),
  );
  const timestamp = Number(parts.t);
  if (!Number.isSafeInteger(timestamp) || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) {
    return 'malformed';
  }
  const given = Buffer.from(parts.v1!, 'hex');
  const matches = keys
    .filter(Boolean)
    .some((key) => timingSafeEqual(Buffer.from(hmac(key, timestamp, body), 'hex'), given));
  if (!matches) return 'forged';
  return Math.abs(now.getTime() / 1000 - timestamp) > TOLERANCE_SECONDS ? 'stale' : 'valid';
}
