import { vietnamDate } from '../../platform/clock.js';

/** The national dossier status codes (internal step 0 is a draft not yet submitted). */
export const STATUS = {
  draft: 0,
  submitted: 1,
  received: 2,
  refused: 3,
  processing: 4,
  supplementRequested: 5,
  paymentRequested: 6,
  withdrawn: 7,
  stopped: 8,
  processed: 9,
  returned: 10,
} as const;

/** `<agency code>-<yyMMdd>-<sequence, at least 4 digits>`, the day being Vietnam's. */
export function dossierCode(agencyCode: string, submittedAt: Date, sequence: number): string {
  const day = vietnamDate(submittedAt).replace(/-/g, '').slice(2);
  return `${agencyCode}-${day}-${String(sequence).padStart(4, '0')}`;
}
