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
};
