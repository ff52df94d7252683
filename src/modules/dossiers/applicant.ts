import type { Locale } from '../../platform/i18n/index.js';
import type { CurrentSession, IdentityService } from '../identity/index.js';
import type { PrefillSource, ScalarValue } from '../forms/index.js';
import type { Contact } from '../notifications/index.js';

/** Who files: the person signed in, and whose dossier it is (theirs, or their business's). */
export interface Applicant {
  accountId: string;
  ownerId: string;
  name: string;
  /** The owner's personal ID number or enterprise code: with the code, opens the lookup. */
  idNumber: string;
  locale: Locale;
  assuranceLevel: 1 | 2;
  /** Values forms start with. */
  prefill: Partial<Record<PrefillSource, ScalarValue>>;
  /** Values vouched for by the identity provider: shown locked, checked again on submit. */
  verified: Partial<Record<PrefillSource, ScalarValue>>;
  /** How the person signed in is told of their dossiers (their profile's choices). */
  contact: Contact;
}

const VERIFIED_FIELD: Partial<Record<PrefillSource, string>> = {
  name: 'name',
  personalId: 'personal_id',
  birthDate: 'birth_date',
  gender: 'gender',
  address: 'address',
};

/** The address claim of OpenID Connect, with the national unit codes as region and locality. */
interface StoredAddress {
  street_address?: string;
  locality?: string;
  region?: string;
}

/** The applicant a session files as; null for accounts that do not file (officers). */
export async function applicantFor(
  identity: IdentityService,
  session: CurrentSession,
  locale: Locale,
): Promise<Applicant | null> {
  const account = await identity.account(session);
  const me = await identity.me(session);
  if (!account || !me || account.kind !== 'citizen') return null;
  const address = account.address as StoredAddress | null;
  const prefill: Applicant['prefill'] = {
    name: account.name,
    ...(account.personal_id ? { personalId: account.personal_id } : {}),
    ...(account.birth_date ? { birthDate: account.birth_date } : {}),
    ...(account.gender ? { gender: account.gender } : {}),
    ...(address?.region
      ? {
          address: {
            province: address.region,
            commune: address.locality ?? '',
            street: address.street_address ?? '',
          },
        }
      : {}),
    ...(account.phone ? { phone: account.phone } : {}),
    ...(account.email ? { email: account.email } : {}),
  };
  const verified: Applicant['verified'] = {};
  for (const [source, column] of Object.entries(VERIFIED_FIELD) as [PrefillSource, string][]) {
    const value = prefill[source];
    if (value !== undefined && account.verified_fields.includes(column)) verified[source] = value;
  }
  const business = me.actingFor;
  if (business) {
    prefill.enterpriseCode = business.enterpriseCode;
    prefill.businessName = business.name;
    // The business's code and name come from the national business registry with the sign-in.
    verified.enterpriseCode = business.enterpriseCode;
    verified.businessName = business.name;
  }
  const idNumber = business ? business.enterpriseCode : account.personal_id;
  if (!idNumber) return null;
  return {
    accountId: account.id,
    ownerId: business ? business.id : account.id,
    name: business ? business.name : account.name,
    idNumber,
    locale,
    assuranceLevel: session.assuranceLevel,
    prefill,
    verified,
    contact: {
      email: account.email,
      phone: account.phone,
      notifyByEmail: account.notify_by_email,
      notifyBySms: account.notify_by_sms,
    },
  };
}
