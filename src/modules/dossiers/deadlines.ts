/** Pure rules of deadlines: how a finished dossier stands against its due date. */
import { vietnamDate } from '../../platform/clock.js';

export type Outcome = 'early' | 'on_time' | 'late';

/**
 * Early: finished on a day before the due day. On time: by the due instant. Late: after
 * it, or at any time once the dossier has gone past due (an apology slip sets a new date
 * for the applicant, but does not make the agency's handling on time).
 */
export function outcomeOf(finishedAt: Date, dueAt: Date, lateSince: Date | null): Outcome {
  if (lateSince || finishedAt > dueAt) return 'late';
  return vietnamDate(finishedAt) < vietnamDate(dueAt) ? 'early' : 'on_time';
}
