import type { FastifyRequest } from 'fastify';

const REDACTED = '[redacted]';

/** Query parameters whose value is a secret or a person's identifier, whatever it looks like. */
const SECRET_PARAMETERS = new Set(
  [
    'code',
    'state',
    'nonce',
    'token',
    'access_token',
    'id_token',
    'id_token_hint',
    'refresh_token',
    'otp',
    'password',
    'idnumber',
    'id_number',
    'identitynumber',
    'cccd',
    'phone',
    'email',
    'challenge',
    'session_state',
  ].map((name) => name.toLowerCase()),
);

/**
 * In order: a UUID (kept: it identifies a record, not a person, and lets the log be followed),
 * an ID number standing on its own (9-digit CMND, 12-digit CCCD), a long opaque token.
 */
const SENSITIVE =
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?<!\d)(?:\d{12}|\d{9})(?!\d)|[A-Za-z0-9_-]{32,}/gi;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const scrub = (text: string) =>
  text.replace(SENSITIVE, (found) => (UUID.test(found) ? found : REDACTED));

/**
 * The address as a log may keep it: ID numbers and tokens in the path blanked, and the value
 * of every query parameter that is a secret or an identifier. Logs outlive sessions and reach
 * more people than the data does.
 */
function redactUrl(url: string): string {
  const at = url.indexOf('?');
  const path = at === -1 ? url : url.slice(0, at);
  const redactedPath = path.split('/').map(scrub).join('/');
  if (at === -1) return redactedPath;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const [name = '', ...rest] = pair.split('=');
      if (rest.length === 0) return scrub(name);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // A name that does not decode is kept as sent, and scrubbed like any text.
      }
      return SECRET_PARAMETERS.has(decoded.toLowerCase())
        ? `${name}=${REDACTED}`
        : `${name}=${scrub(rest.join('='))}`;
    })
    .join('&');
  return `${redactedPath}?${query}`;
}

/**
 * How a request appears in the log: no cookies or other headers (they carry sessions), and its
 * address redacted.
 */
export const requestLogSerializer = (request: FastifyRequest) => ({
  method: request.method,
  url: redactUrl(request.url),
  host: request.host,
  remoteAddress: request.ip,
});
