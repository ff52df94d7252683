import { vietnamDate } from '../../platform/clock.js';
import type { DossierFact } from '../dossiers/index.js';
import type { FeedbackFact } from '../feedback/index.js';
import type { RatingFact } from '../ratings/index.js';
import type { CountedMetric } from './metrics.js';

/** What one fact adds to one metric, on the day it happened (Vietnam time). */
export interface Contribution {
  day: string;
  agency: string;
  /** '' when the fact is about no procedure (feedback on a regulation). */
  procedure: string;
  /** 1 counter, 2 online, 3 post; 0 when the fact has no channel (ratings, feedback). */
  channel: number;
  metric: CountedMetric;
  value: number;
}

/** A dossier reached the portal in time when it learned of the receipt within a day. */
export const RECORDED_IN_TIME_SECONDS = 86_400;
const ONLINE = 2;
const SECOND = 1000;

/**
 * What a dossier adds to the figures: its receipt on the day it was received, its resolution
 * on the day it was resolved. An input the source does not know (null) adds to neither the
 * count nor its denominator, so an unknown is never scored as a failure.
 */
export function dossierContributions(fact: DossierFact): Contribution[] {
  if (!fact.receivedAt) return [];
  const out: Contribution[] = [];
  const at = (instant: Date) => {
    const where = {
      day: vietnamDate(instant),
      agency: fact.agencyCode,
      procedure: fact.procedureCode,
      channel: fact.channel,
    };
    return (metric: CountedMetric, value = 1) => {
      if (value !== 0) out.push({ ...where, metric, value });
    };
  };
  const received = at(fact.receivedAt);
  received('received');
  if (fact.channel === ONLINE) received('received_online');
  if (fact.source === 'synced') received('synced');
  const digitised = fact.channel === ONLINE || (fact.attachments ?? 0) > 0;
  if (fact.channel === ONLINE || fact.attachments !== null) {
    received('digitisation_known');
    if (digitised) received('received_digitised');
  }
  if (fact.reusedAttachments !== null && (fact.attachments ?? 0) > 0) {
    received('reuse_known');
    if (fact.reusedAttachments > 0) received('reused');
  }
  if (fact.recordedAfterSeconds !== null) {
    received('recorded_known');
    if (fact.recordedAfterSeconds <= RECORDED_IN_TIME_SECONDS) received('recorded_on_time');
  }
  if (fact.feeRequested && fact.feePaidOnline !== null) {
    received('fee_dossiers');
    if (fact.feePaidOnline) received('fee_paid_online');
  }
  if (fact.finishedAt && fact.outcome) {
    const resolved = at(fact.finishedAt);
    resolved('resolved');
    resolved(`resolved_${fact.outcome}`);
    const taken = Math.max(
      0,
      Math.round((fact.finishedAt.getTime() - fact.receivedAt.getTime()) / SECOND),
    );
    resolved('handling_seconds', taken);
    if (fact.dueAt) {
      const allowed = Math.max(
        0,
        Math.round((fact.dueAt.getTime() - fact.receivedAt.getTime()) / SECOND),
      );
      resolved('allowed_seconds', allowed);
      // Within the time allowed counts in full; past it, by how much of the time taken was allowed.
      resolved('time_ratio_milli', taken <= allowed ? 1000 : Math.round((allowed * 1000) / taken));
    }
    if (fact.electronicResult) resolved('result_electronic');
  }
  return out;
}

/** A rating counts on the day it was first given (a change keeps its day), its overall score in thousandths. */
export function ratingContributions(fact: RatingFact): Contribution[] {
  const where = {
    day: vietnamDate(fact.givenAt),
    agency: fact.agencyCode,
    procedure: fact.procedureCode,
    channel: 0,
  };
  return [
    { ...where, metric: 'rated', value: 1 },
    { ...where, metric: 'rating_points_milli', value: Math.round(((fact.overall - 1) * 1000) / 4) },
  ];
}

const ANSWERED = new Set(['answered', 'closed']);

/** Feedback counts for the agency that answered it, on the day of the answer. */
export function feedbackContributions(fact: FeedbackFact): Contribution[] {
  if (!fact.answeredAt || !ANSWERED.has(fact.status)) return [];
  const where = {
    day: vietnamDate(fact.answeredAt),
    agency: fact.answerAgencyCode ?? fact.agencyCode,
    procedure: fact.procedureCode ?? '',
    channel: 0,
  };
  const out: Contribution[] = [{ ...where, metric: 'feedback_answered', value: 1 }];
  if (!fact.wentOverdue) out.push({ ...where, metric: 'feedback_answered_on_time', value: 1 });
  return out;
}
