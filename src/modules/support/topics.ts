/**
 * The help desk's fixed lists: what people get stuck on (the topics the weekly figures count
 * by), how they reached the hotline, and how a call or chat ended. Labels are in the message
 * catalogs (`support.topic.<topic>`, …).
 */

export const TOPICS = [
  'sign_in',
  'finding_procedure',
  'filling_form',
  'attachments',
  'payments',
  'dossier_status',
  'results',
  'other',
] as const;
export type Topic = (typeof TOPICS)[number];

export const CHANNELS = ['phone', 'chat', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

export const OUTCOMES = ['answered', 'ticket_opened', 'referred', 'unresolved'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const isTopic = (value: string): value is Topic =>
  (TOPICS as readonly string[]).includes(value);
export const isChannel = (value: string): value is Channel =>
  (CHANNELS as readonly string[]).includes(value);
export const isOutcome = (value: string): value is Outcome =>
  (OUTCOMES as readonly string[]).includes(value);
