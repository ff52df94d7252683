import type { integrationVi } from './integration.vi.js';

/** The integration hub's messages in English (spread into en.ts). */
export const integrationEn: { readonly [K in keyof typeof integrationVi]: string } = {
  'errors.integration.invalidClient': 'The connected system could not be authenticated.',
  'errors.integration.clientSuspended': 'This connected system is suspended.',
  'errors.integration.assertionReplayed': 'This client assertion has been used already.',
  'errors.integration.invalidToken': 'The access token is not valid or has expired.',
  'errors.integration.insufficientScope': 'The access token does not carry the scope {scope}.',
  'errors.integration.addressNotAllowed': 'The system may not call from this address.',
  'errors.integration.invalidScope': 'The scope asked for is not valid.',
  'errors.integration.unsupportedGrant': 'Only grant_type=client_credentials is supported.',
  'errors.integration.secretsNotAllowed':
    'Client secrets are for development only; register a public key.',
  'errors.integration.keyExists': 'The system has a key {kid} already.',
  'errors.integration.invalidKey':
    'The key must be a public signing JWK (RSA, EC or OKP) without its private part.',
  'errors.integration.unknownAgency': 'There is no agency with the code {code}.',
  'errors.integration.badAddress': '{address} is not an IP address or CIDR range.',
  // Dossier exchange and catalog pull (docs/integration.md).
  'errors.integration.agencyNotAllowed':
    'This system may not receive the dossiers of agency {code}.',
  'errors.integration.receiveScopeMissing':
    'This system may not receive dossiers (dossiers:receive), so it cannot process those of agency {code}.',
  'errors.integration.agencyConnectedElsewhere':
    'Agency {code} is processed in another connected system; unmark it there first.',
  'errors.integration.agencyNotConnected':
    'This agency is not marked as processed in this connected system.',
  'errors.integration.processedElsewhere':
    "Dossier {code} is processed in the connected system “{system}”; the portal's one-stop office does not process it.",
  'errors.integration.deliveryNotFound': 'This system has no delivery with that id.',
  'errors.integration.notHandedOut':
    'This dossier has not been handed to the system yet; pull it (GET /api/v1/integration/deliveries) before acknowledging it.',
  'errors.integration.linkExpired':
    'This download link has expired; read the delivery again for a new one.',
  'integration.agencies.title': 'Agencies processed in connected systems',
  'integration.agencies.systems': 'Connected systems',
  'integration.agencies.lead':
    "Dossiers filed online for an agency marked here are delivered to that agency's one-stop system, not to the portal's one-stop office. Unmarking it brings the dossiers the system has not acknowledged back to the portal's one-stop office.",
  'integration.agencies.none': 'No connected system may receive dossiers (dossiers:receive) yet.',
  'integration.agencies.noneConnected': 'No agency is marked for this system yet.',
  'integration.agencies.agency': 'Agency',
  'integration.agencies.since': 'Processed in the system since',
  'integration.agencies.actions': 'Actions',
  'integration.agencies.choose': 'Agency the system may receive',
  'integration.agencies.mark': 'Mark as processed in this system',
  'integration.agencies.unmark': 'Unmark',
  'integration.agencies.unmarkLabel': 'Unmark {agency}',
  'integration.agencies.allConnected': 'Every agency this system may receive is marked already.',
  'integration.agencies.suspended': 'Suspended',
  'integration.agencies.marked': '{agency} is marked as processed in “{system}”.',
  'integration.agencies.unmarked':
    "{agency} is unmarked; {recalled} dossiers the system had not acknowledged are back with the portal's one-stop office.",
  // Webhooks out: subscriptions' errors and the administrators' page (/admin/integration/webhooks).
  'errors.integration.webhookUrl':
    'The webhook address is not a valid URL (no user name, password or #fragment).',
  'errors.integration.webhookHttps':
    'The webhook address must use https (http only to this machine, in development).',
  'errors.integration.webhookAddress': 'Webhooks may not be sent to this address.',
  'errors.integration.webhookState':
    'This cannot be done while the webhook subscription is {state}.',
  'errors.integration.tooManySubscriptions':
    'A connected system may have at most {max} webhook subscriptions.',
  'integration.webhooks.title': 'Webhooks to connected systems',
  'integration.webhooks.lead':
    'Every attempt to send an event to a connected system is recorded. Failed attempts are retried for up to two days; an administrator can replay a message at any time.',
  'integration.webhooks.subscriptions': 'Webhook subscriptions',
  'integration.webhooks.noSubscriptions': 'No connected system subscribes to webhooks yet.',
  'integration.webhooks.attempts': 'Recent attempts',
  'integration.webhooks.attemptsOf': 'Attempts to {url}',
  'integration.webhooks.allAttempts': 'Attempts of every subscription',
  'integration.webhooks.showAttempts': 'Show attempts',
  'integration.webhooks.noAttempts': 'No attempts yet.',
  'integration.webhooks.client': 'System',
  'integration.webhooks.url': 'Endpoint',
  'integration.webhooks.events': 'Events',
  'integration.webhooks.status': 'Status',
  'integration.webhooks.failures': 'Failures in a row',
  'integration.webhooks.message': 'Message',
  'integration.webhooks.attempt': 'Attempt',
  'integration.webhooks.at': 'Time',
  'integration.webhooks.result': 'Result',
  'integration.webhooks.duration': 'Response time',
  'integration.webhooks.next': 'Next try',
  'integration.webhooks.actions': 'Actions',
  'integration.webhooks.replay': 'Replay',
  'integration.webhooks.replayLabel': 'Replay message {message} to {url}',
  'integration.webhooks.replayed': 'Message {message} is being sent again to {url} now.',
  'integration.webhooks.milliseconds': '{ms} ms',
  'integration.webhooks.httpStatus': 'HTTP {status}',
  'integration.webhooks.state.pending': 'Waiting',
  'integration.webhooks.state.sending': 'Sending',
  'integration.webhooks.state.succeeded': 'Delivered',
  'integration.webhooks.state.failed': 'Failed, will retry',
  'integration.webhooks.state.abandoned': 'Failed, given up',
  'integration.webhooks.state.cancelled': 'Cancelled',
  'integration.webhooks.subscription.active': 'Active',
  'integration.webhooks.subscription.disabled': 'Disabled',
  'integration.webhooks.subscription.deleted': 'Deleted',
  'integration.webhooks.reason.failing': 'after failing in a row',
  'integration.webhooks.reason.client': 'by the system itself',
};
