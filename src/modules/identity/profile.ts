/** Pure rules of the profile form: what a person may change, and how it is checked. */

import { EMAIL, PHONE } from '../forms/rules.js';

/** ID numbers are shown with their middle hidden: 001089******45 style, never whole. */
export function maskPersonalId(id: string | null): string {
  if (!id) return '';
  return `${id.slice(0, 3)}${'*'.repeat(Math.max(0, id.length - 5))}${id.slice(-2)}`;
}

export interface ContactInput {
  email: string;
  phone: string;
  notifyByEmail: boolean;
  notifyBySms: boolean;
}

export type ContactError = {
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
