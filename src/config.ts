import { isIP } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/** Every setting the portal reads, from environment variables, checked once at start. */
const ConfigSchema = Type.Object({
  NODE_ENV: Type.Union(
    [Type.Literal('development'), Type.Literal('production'), Type.Literal('test')],
    { default: 'development' },
  ),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ default: '0.0.0.0' }),
  /**
   * The address people open: sign-in callbacks and links use it, and pages asked for at
   * another host are sent there. Derived from HOST and PORT when unset.
   */
  PUBLIC_URL: Type.String({ pattern: '^(https?://.+)?$', default: '' }),
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  DATABASE_URL: Type.String({ pattern: '^(postgres(ql)?://.+)?$', default: '' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 300 }),
  /**
   * The proxies (load balancers) whose X-Forwarded-For is believed, as addresses or CIDRs
   * separated by commas (`loopback`, `linklocal`, `uniquelocal` name the usual ranges).
   * Empty: no proxy is trusted and the client is the connection's own address.
   */
  TRUST_PROXY: Type.String({ pattern: '^[0-9A-Za-z.:/, ]*$', default: '' }),
  /**
   * The server's secret for form tokens and other keyed hashes (32 characters or more).
   * When unset it is generated on first start and kept in `<DATA_DIR>/server-secret`.
   */
  SERVER_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  /** Where uploaded files and results are kept; `<DATA_DIR>/files` when unset. */
  FILES_DIR: Type.String({ default: '' }),
  /** Submissions (and drafts started) per client per minute. */
  SUBMISSION_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 30 }),
  /** Agencies' own signing certificates: `<agency code>.p12` (+ `<code>.passphrase`). */
  SIGNING_CERTIFICATES_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /** The certificate (PKCS#12) for agencies without their own; development ones when unset. */
  SIGNING_P12_PATH: Type.Optional(Type.String({ minLength: 1 })),
  SIGNING_P12_PASSPHRASE: Type.String({ default: '' }),
  /** Minutes a payment order stays open before it expires. */
  PAYMENT_ORDER_TTL_MINUTES: Type.Integer({ minimum: 5, maximum: 1440, default: 90 }),
  /** Providers payments can go through: `sandbox-bank` (development), `vietqr`. */
  PAYMENT_PROVIDERS: Type.String({
    pattern: '^[a-z-]+(,[a-z-]+)*$',
    default: 'sandbox-bank,vietqr',
  }),
  /** The sandbox bank's callback keys: the first signs, any of them is accepted (rotation). */
  SANDBOX_BANK_KEYS: Type.String({ minLength: 16, default: 'sandbox-bank-development-key' }),
  /** How long the sandbox bank's "late" test account waits before calling back. */
  SANDBOX_BANK_LATE_CALLBACK_MS: Type.Integer({ minimum: 0, default: 5000 }),
  /** The collection account VietQR transfers go to (bank BIN, account number, holder). */
  VIETQR_BANK_BIN: Type.String({ pattern: '^\\d{6}$', default: '970415' }),
  VIETQR_ACCOUNT: Type.String({ pattern: '^[0-9A-Za-z]{1,19}$', default: '3711000000001' }),
  VIETQR_ACCOUNT_NAME: Type.String({ minLength: 1, default: 'KHO BAC NHA NUOC' }),
  /** Working days an agency has to accept feedback or forward it (Nghị định 20/2008/NĐ-CP). */
  FEEDBACK_TRIAGE_WORKING_DAYS: Type.Integer({ minimum: 1, maximum: 60, default: 5 }),
  /** Working days to answer feedback, per kind (`kind=days`); kinds left out keep the defaults. */
  FEEDBACK_ANSWER_WORKING_DAYS: Type.String({
    pattern: '^((regulation|procedure|dossier|conduct)=[1-9]\\d?(,|$))*$',
    default: 'regulation=15,procedure=15,dossier=10,conduct=10',
  }),
  /** How many times one item may be forwarded on before an agency must answer or reject it. */
  FEEDBACK_MAX_FORWARDS: Type.Integer({ minimum: 0, maximum: 10, default: 3 }),
  UPLOAD_MAX_FILE_MB: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  UPLOAD_MAX_DOSSIER_MB: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
  SEED_ON_START: Type.Boolean({ default: true }),
  /**
   * Where `npm install` keeps the seeded database image that the first embedded start loads
   * (docs/adr/0011-seeded-database-image.md); `node_modules/.cache/mot-cua` when unset.
   */
  SEED_IMAGE_DIR: Type.String({ default: '' }),
  /** Run background jobs inside `serve`; by default yes on the embedded database only. */
  JOBS_IN_PROCESS: Type.Optional(Type.Boolean()),
  /**
   * What `npm start` runs when no `--role` is given: `serve` (pages and the API) or `worker`
   * (background jobs only; PostgreSQL). Any number of either may run (docs/scaling.md).
   */
  ROLE: Type.Union([Type.Literal('serve'), Type.Literal('worker')], { default: 'serve' }),
  /**
   * Seconds a stopping process has to finish the requests and jobs in progress (after
   * /readyz has said so for DRAIN_SECONDS) before it exits anyway.
   */
  SHUTDOWN_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, maximum: 600, default: 30 }),
  /**
   * Seconds a stopping `serve` keeps answering, with /readyz already 503, so that the load
   * balancer stops sending new requests before the listener closes.
   */
  DRAIN_SECONDS: Type.Integer({ minimum: 0, maximum: 120, default: 0 }),
  /**
   * A PostgreSQL replica for heavy reads that may lag a little (public statistics, search,
   * exports); never for reading back what the same person just wrote. Needs DATABASE_URL.
   */
  DATABASE_REPLICA_URL: Type.String({ pattern: '^(postgres(ql)?://.+)?$', default: '' }),
  /**
   * Redis shared by every process for rate limits and cache invalidation. Unset: PostgreSQL
   * keeps them (or, on the embedded database, the one process does).
   */
  REDIS_URL: Type.String({ pattern: '^(rediss?://.+)?$', default: '' }),
  /** Where dossier files, results and receipts are kept: `local` (FILES_DIR) or `s3`. */
  FILE_STORE: Type.Union([Type.Literal('local'), Type.Literal('s3')], { default: 'local' }),
  /** The S3-compatible bucket (AWS S3, MinIO, Ceph…) when FILE_STORE is `s3`. */
  S3_BUCKET: Type.String({ pattern: '^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])?$', default: '' }),
  /** The object store's address for a store other than AWS's (MinIO: http://host:9000). */
  S3_ENDPOINT: Type.String({ pattern: '^(https?://.+)?$', default: '' }),
  S3_REGION: Type.String({ minLength: 1, default: 'us-east-1' }),
  /** Keys for the bucket; unset, the AWS SDK's own chain (environment, instance role) is used. */
  S3_ACCESS_KEY_ID: Type.String({ default: '' }),
  S3_SECRET_ACCESS_KEY: Type.String({ default: '' }),
  /** Addresses as endpoint/bucket/key rather than bucket.endpoint (MinIO and most others). */
  S3_FORCE_PATH_STYLE: Type.Boolean({ default: false }),
  /** A folder inside the bucket the portal's objects go under (empty: the bucket's root). */
  S3_PREFIX: Type.String({ pattern: '^([A-Za-z0-9._-]+/)*$', default: '' }),
  SMTP_URL: Type.String({ default: '' }),
  MAIL_FROM: Type.String({
    minLength: 3,
    default: 'Cổng Dịch vụ công Một Cửa <no-reply@localhost>',
  }),
  /** A generic HTTP SMS gateway: POST {to, text}; the development mailbox when unset. */
  SMS_GATEWAY_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  SMS_GATEWAY_TOKEN: Type.Optional(Type.String()),
  /** The built-in test identity provider at /idp; by default on the embedded database only. */
  IDP_SIMULATOR: Type.Optional(Type.Boolean()),
  /** How long a connected system's access token lasts. */
  INTEGRATION_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 3600, default: 300 }),
  /**
   * Whether connected systems may be registered with a client secret instead of keys; by
   * default only where the development stand-ins are on.
   */
  INTEGRATION_CLIENT_SECRETS: Type.Optional(Type.Boolean()),
  /** Days the integration hub's message log keeps a record before the nightly job prunes it. */
  INTEGRATION_LOG_RETENTION_DAYS: Type.Integer({ minimum: 1, default: 365 }),
  /** Failed webhook attempts in a row after which an endpoint is disabled (owner emailed). */
  INTEGRATION_WEBHOOK_DISABLE_AFTER: Type.Integer({ minimum: 1, default: 50 }),
  /** How long a webhook endpoint has to answer before the attempt counts as failed. */
  INTEGRATION_WEBHOOK_TIMEOUT_SECONDS: Type.Integer({ minimum: 1, maximum: 60, default: 10 }),
  /** The national identity provider (OpenID Connect); the simulator's when unset. */
  OIDC_ISSUER: Type.Optional(Type.String({ pattern: '^https?://' })),
  OIDC_CLIENT_ID: Type.String({ minLength: 1, default: 'mot-cua-portal' }),
  OIDC_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 16 })),
  /** The portal's private key as a JWK (JSON): private_key_jwt instead of a client secret. */
  OIDC_PRIVATE_KEY_JWK: Type.Optional(
    Type.String({ pattern: '^\\s*\\{[\\s\\S]*"d"[\\s\\S]*\\}\\s*$' }),
  ),
});

type Raw = Static<typeof ConfigSchema>;

/** Beside the install's packages: made by `npm install`, gone with node_modules, not in git. */
const SEED_IMAGE_HOME = '../node_modules/.cache/mot-cua/';

export interface Config extends Omit<
  Raw,
  'PUBLIC_URL' | 'DATABASE_URL' | 'SMTP_URL' | 'TRUST_PROXY' | 'DATABASE_REPLICA_URL' | 'REDIS_URL'
> {
  PUBLIC_URL: string;
  DATABASE_REPLICA_URL: string | null;
  REDIS_URL: string | null;
  /** The trusted proxies' addresses or ranges; empty when none is trusted. */
  TRUST_PROXY: string[];
  DATABASE_URL: string | null;
  SMTP_URL: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  '1': true,
  yes: true,
  false: false,
  '0': false,
  no: false,
};

const trustedProxies = (list: string) =>
  list
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && entry !== 'off');

/** An address, an address/prefix, or one of the ranges proxy-addr names. */
function isProxyEntry(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** Listening on every interface: localhost; on one address: that address. */
function derivedPublicUrl(host: string, port: number): string {
  const everywhere = ['', '0.0.0.0', '::', '[::]'].includes(host);
  const name = everywhere ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/**
 * Reads and validates configuration. Unknown variables are ignored; a bad value stops the
 * process with every problem listed at once, so an operator fixes them in one go.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(ConfigSchema.properties)) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    if (schema.type === 'integer') picked[key] = /^-?\d+$/.test(value) ? Number(value) : value;
    else if (schema.type === 'boolean') picked[key] = BOOLEAN_WORDS[value.toLowerCase()] ?? value;
    else picked[key] = value;
  }
  const withDefaults = Value.Default(ConfigSchema, picked);
  const problems = [...Value.Errors(ConfigSchema, withDefaults)].map(
    (e) => `${e.path.slice(1) || '(root)'}: ${e.message} (got ${JSON.stringify(e.value)})`,
  );
  const raw = withDefaults as Raw;
  const proxies = trustedProxies(raw.TRUST_PROXY ?? '');
  for (const bad of proxies.filter((entry) => !isProxyEntry(entry))) {
    problems.push(
      `TRUST_PROXY: not an address, a CIDR or a named range (got ${JSON.stringify(bad)})`,
    );
  }
  problems.push(...crossCheck(raw));
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...raw,
    PUBLIC_URL: (raw.PUBLIC_URL || derivedPublicUrl(raw.HOST, raw.PORT)).replace(/\/$/, ''),
    DATABASE_URL: raw.DATABASE_URL || null,
    DATABASE_REPLICA_URL: raw.DATABASE_REPLICA_URL || null,
    REDIS_URL: raw.REDIS_URL || null,
    SMTP_URL: raw.SMTP_URL || null,
    TRUST_PROXY: proxies,
    FILES_DIR: raw.FILES_DIR || join(raw.DATA_DIR, 'files'),
    SEED_IMAGE_DIR: raw.SEED_IMAGE_DIR || fileURLToPath(new URL(SEED_IMAGE_HOME, import.meta.url)),
  };
}

/** Settings that only make sense together. */
function crossCheck(raw: Raw): string[] {
  const problems: string[] = [];
  if (raw.DATABASE_REPLICA_URL && !raw.DATABASE_URL) {
    problems.push('DATABASE_REPLICA_URL: a replica needs its primary in DATABASE_URL');
  }
  if (raw.FILE_STORE === 's3' && !raw.S3_BUCKET) {
    problems.push('S3_BUCKET: FILE_STORE is s3, so the bucket must be named');
  }
  if (Boolean(raw.S3_ACCESS_KEY_ID) !== Boolean(raw.S3_SECRET_ACCESS_KEY)) {
    problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither');
  }
  return problems;
}

/**
 * Whether the development stand-ins run: the identity-provider simulator, demo officers and
 * the development mailbox page. On by default on the embedded database outside production
 * only: a production install on the embedded database that forgot to say so must not let
 * anyone sign in as a test citizen or read one-time codes.
 */
export const developmentStandIns = (config: Config): boolean =>
  config.IDP_SIMULATOR ?? (config.DATABASE_URL === null && config.NODE_ENV !== 'production');

/** What an operator should hear at start: settings that leave the portal half set up or open. */
export function startupWarnings(config: Config): string[] {
  const standIns = developmentStandIns(config);
  const warnings: string[] = [];
  if (standIns && config.NODE_ENV === 'production') {
    warnings.push(
      'IDP_SIMULATOR is on in production: anyone can sign in as a test citizen at /idp, and /dev/mailbox shows every one-time code. Turn it off unless this is a test system.',
    );
  }
  if (!standIns && (!config.SMTP_URL || !config.SMS_GATEWAY_URL)) {
    warnings.push(
      'SMTP_URL or SMS_GATEWAY_URL is not set: those messages stay in the outbox unsent',
    );
  }
  if (!standIns && !config.SIGNING_P12_PATH && !config.SIGNING_CERTIFICATES_DIR) {
    warnings.push(
      'Neither SIGNING_CERTIFICATES_DIR nor SIGNING_P12_PATH is set: results are signed with self-signed development certificates',
    );
  }
  return warnings;
}
