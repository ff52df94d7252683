import type { syncVi } from './sync.vi.js';

/** Status sync's messages in English (spread into en.ts). */
export const syncEn: { readonly [K in keyof typeof syncVi]: string } = {
  'dossier.action.synced': 'Updated by the agency’s processing system',
  'sync.externalStep': 'Processed in the agency’s own system',
  'sync.mine.title': 'Dossiers filed with agencies',
  'sync.mine.hint':
    'Dossiers filed in person, by post or processed in an agency’s own system, found by your ID number.',
  'sync.mine.unverified':
    'Sign in with your national electronic identity to also see dossiers you filed in person.',
  'sync.source': 'As reported by the agency’s dossier processing system.',
  'sync.channel': 'Filed',
  'sync.channel.1': 'In person at the one-stop counter',
  'sync.channel.2': 'Online',
  'sync.channel.3': 'By post',
  'sync.receivedAt': 'Received',
  'sync.returnedAt': 'Result returned',
  'sync.none': 'Not yet',
  'sync.fees': 'Fees and charges',
  'sync.fee.name': 'Item',
  'sync.fee.amount': 'Amount',
  'sync.fee.state': 'State',
  'sync.fee.paid': 'Paid',
  'sync.fee.unpaid': 'Not paid',
  'sync.supplements': 'Supplements requested',
  'sync.supplement.line': 'Requested at {at}: result date moved from {old} to {new}.',
  'sync.results': 'Results',
  'sync.refused.malformed_item': 'The item is malformed at {field}.',
  'sync.refused.unknown_procedure': 'No procedure in the catalog has the code {procedureCode}.',
  'sync.refused.unknown_agency': 'No agency has the code {agencyCode}.',
  'sync.refused.agency_not_allowed': 'This system may not send dossiers of agency {agencyCode}.',
  'sync.refused.incomplete_dossier':
    'The first push of a dossier must give its procedure, agency, channel, applicant and received time (missing: {fields}).',
  'sync.refused.unknown_result_file':
    'The result file {sha256} has not been uploaded; upload it before sending the event.',
  'errors.sync.tooManyItems': 'A batch holds at most {max} items; this one has {count}.',
  'errors.sync.notABatch':
    'The body must be one item, a JSON array of items, or NDJSON (one item per line).',
  'errors.sync.badNdjson': 'Line {line} of the NDJSON body is not valid JSON.',
};
