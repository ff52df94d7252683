import { translator, type Locale } from '../../platform/i18n/index.js';
import { can, type Actor } from '../identity/index.js';
import type { Bill } from './issuers.js';

/** An obligation as one asker may see it: `limited` when it is not theirs to read in full. */
export type BillSeen = Bill & { limited: boolean };

/**
 * "Nguyễn Văn An" → "Nguyễn V*** A***": the family name, then each other name's first
 * letter. Enough for a relative paying a fine to recognise it; the stars do not tell how
 * long each name is.
 */
export function maskName(name: string): string {
  const [family, ...given] = name.normalize('NFC').trim().split(/\s+/);
  if (!family) return '';
  return [family, ...given.map((word) => `${Array.from(word)[0]}***`)].join(' ');
}

/**
 * An obligation found by its code, as the asker may see it. In full for its payer and for
 * those who see who paid what at the agency paid (`can(…, 'bill.view')`); for anyone else
 * who has the code (a relative paying a fine, or someone trying codes) only what is owed to
 * whom: the payer's name masked, and what it is for (the case, the offence, the meter) left
 * out.
 */
export function billSeenBy(actor: Actor, bill: Bill, locale: Locale): BillSeen {
  const resource = {
    type: 'bill' as const,
    payerIdNumber: bill.payerIdNumber,
    agencyCode: bill.payeeAgencyCode,
  };
  if (can(actor, 'bill.view', resource)) return { ...bill, limited: false };
  const description = translator(locale)('payments.bills.limitedDescription', { code: bill.code });
  return {
    ...bill,
    payerName: maskName(bill.payerName),
    description,
    items: [{ name: description, amount: bill.amount }],
    limited: true,
  };
}
