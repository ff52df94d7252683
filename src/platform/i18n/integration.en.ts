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
