import { isIP } from 'node:net';
import type { MessageKey } from '../../platform/i18n/index.js';

/** The events a connected system may subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'dossier.status_changed',
  'delivery.available',
  'payment.succeeded',
  'catalog.changed',
  'feedback.changed',
  'rating.given',
  'help.ticket_changed',
  'help.call_logged',
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

/** A step in a feedback item's handling (the feedback module announces it): no one's data. */
export interface FeedbackStep {
  code: string;
  kind: string;
  action: string;
  status: string;
  agencyCode: string;
  at: Date;
}

export const feedbackEvent = (step: FeedbackStep): WebhookEvent => ({
  type: 'feedback.changed',
  agencyCode: step.agencyCode,
  data: {
    code: step.code,
    kind: step.kind,
    action: step.action,
    status: step.status,
    agencyCode: step.agencyCode,
    changedAt: step.at.toISOString(),
  },
});

/** A satisfaction rating given or changed; an anonymous one names no dossier. */
export interface RatingGiven {
  dossierCode: string | null;
  agencyCode: string;
  procedureCode: string;
  month: string;
  onTime: boolean;
  visits: number;
  conduct: number;
  feesAsAnnounced: boolean;
  overall: number;
  anonymous: boolean;
  changed: boolean;
}

export const ratingEvent = (rating: RatingGiven): WebhookEvent => ({
  type: 'rating.given',
  agencyCode: rating.agencyCode,
  data: { ...rating },
});

/** The help desk's work, by topic and procedure (no one's message or contact). */
export interface HelpTicketChange {
  code: string;
  topic: string;
  procedureCode: string | null;
  action: string;
  status: string;
  at: Date;
}

export interface HelpCall {
  channel: string;
  topic: string;
  procedureCode: string | null;
  outcome: string;
  durationSeconds: number;
  at: Date;
}

export const ticketEvent = (ticket: HelpTicketChange): WebhookEvent => ({
  type: 'help.ticket_changed',
  data: {
    code: ticket.code,
    topic: ticket.topic,
    procedureCode: ticket.procedureCode,
    action: ticket.action,
    status: ticket.status,
    changedAt: ticket.at.toISOString(),
  },
});

export const callEvent = (call: HelpCall): WebhookEvent => ({
  type: 'help.call_logged',
  data: {
    channel: call.channel,
    topic: call.topic,
    procedureCode: call.procedureCode,
    outcome: call.outcome,
    durationSeconds: call.durationSeconds,
    loggedAt: call.at.toISOString(),
  },
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
