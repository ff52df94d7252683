/** Pure rules of the profile form: what a person may change, and how it is checked. */

import { EMAIL, PHONE } from '../forms/index.js';

/**
 * ID numbers are shown with their middle hidden. The rule lives in forms, which shows them
 * in answers too and sits below identity (docs/adr/0007-module-boundaries.md).
 */
export { maskPersonalId } from '../forms/index.js';

export interface ContactInput {
  email: string;
  phone: string;
  notifyByEmail: boolean;
  notifyBySms: boolean;
}

type ContactError = {
  field: 'email' | 'phone';
  problem: 'badEmail' | 'badPhone' | 'channelWithoutAddress';
};

export function checkContact(input: ContactInput): ContactError[] {
  const errors: ContactError[] = [];
  if (input.email && !EMAIL.test(input.email)) errors.push({ field: 'email', problem: 'badEmail' });
  if (input.phone && !PHONE.test(input.phone)) errors.push({ field: 'phone', problem: 'badPhone' });
  if (input.notifyByEmail && !input.email && !errors.some((e) => e.field === 'email')) {
    errors.push({ field: 'email', problem: 'channelWithoutAddress' });
  }
  if (input.notifyBySms && !input.phone && !errors.some((e) => e.field === 'phone')) {
    errors.push({ field: 'phone', problem: 'channelWithoutAddress' });
  }
  return errors;
}
