import { isIP } from 'node:net';
import type { MessageKey } from '../../platform/i18n/index.js';

/** The events a connected system may subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'dossier.status_changed',
  'delivery.available',
  'payment.succeeded',
  'catalog.changed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * An event to announce. With an agency, only subscribers whose client is allowed that agency
 * receive it; without one (the catalog), every subscriber to the type does.
 */
export interface WebhookEvent {
  type: WebhookEventType;
  agencyCode?: string | null;
  data: Record<string, unknown>;
}

/** A dossier's status changed (the dossiers module's status sync announces it). */
export interface DossierStatusChange {
  code: string;
  agencyCode: string;
  status: number;
  at: Date;
  source?: string;
}

/** A payment order was paid (the payments module announces it once committed). */
export interface PaymentSucceededEvent {
  orderId: string;
  number: string;
  subject: string;
  payeeAgencyCode: string;
  amount: number;
  currency: string;
  paidAt: Date | null;
  billCode: string | null;
}

export const dossierStatusEvent = (change: DossierStatusChange): WebhookEvent => ({
  type: 'dossier.status_changed',
  agencyCode: change.agencyCode,
  data: {
    code: change.code,
    agencyCode: change.agencyCode,
    status: change.status,
    changedAt: change.at.toISOString(),
    ...(change.source ? { source: change.source } : {}),
  },
});

export const paymentEvent = (payment: PaymentSucceededEvent): WebhookEvent => ({
  type: 'payment.succeeded',
  agencyCode: payment.payeeAgencyCode,
  data: {
    paymentId: payment.orderId,
    number: payment.number,
    subject: payment.subject,
    billCode: payment.billCode,
    payeeAgencyCode: payment.payeeAgencyCode,
    amount: payment.amount,
    currency: payment.currency,
    paidAt: payment.paidAt?.toISOString() ?? null,
  },
});

/** The catalog changed: subscribers pull what changed since their last pull. */
export const catalogEvent = (at: Date): WebhookEvent => ({
  type: 'catalog.changed',
  data: { changedAt: at.toISOString() },
});

/** The body every endpoint receives: Standard Webhooks' {type, timestamp, data}. */
export const payloadOf = (event: WebhookEvent, at: Date) => ({
  type: event.type,
  timestamp: at.toISOString(),
  data: event.data,
});

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

const isLoopback = (hostname: string) =>
  LOOPBACK_NAMES.has(hostname) || (isIP(hostname) === 4 && hostname.startsWith('127.'));

/** Link-local addresses (169.254.x.x: cloud metadata services, fe80::): never an endpoint. */
const isLinkLocal = (hostname: string) =>
  (isIP(hostname) === 4 && hostname.startsWith('169.254.')) ||
  /^\[fe[89ab][0-9a-f]:/i.test(hostname);

/**
 * Why an endpoint's address is refused, or null when it may be used: https, or http to this
 * machine's loopback outside production; no user name or password in it, no fragment, never
 * a link-local address, and in production not the loopback either.
 */
export function endpointProblem(raw: string, production: boolean): MessageKey | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'errors.integration.webhookUrl';
  }
  if (url.username || url.password || url.hash || raw.includes('#')) {
    return 'errors.integration.webhookUrl';
  }
  const loopback = isLoopback(url.hostname);
  if (isLinkLocal(url.hostname) || (production && loopback)) {
    return 'errors.integration.webhookAddress';
  }
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && loopback && !production) return null;
  return 'errors.integration.webhookHttps';
}
