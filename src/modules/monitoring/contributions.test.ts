import { describe, expect, it } from 'vitest';
import type { DossierFact } from '../dossiers/index.js';
import {
  dossierContributions,
  feedbackContributions,
  ratingContributions,
} from './contributions.js';

const fact = (more: Partial<DossierFact> = {}): DossierFact => ({
  code: 'D1',
  source: 'portal',
  agencyCode: 'A',
  procedureCode: 'P',
  channel: 2,
  status: 10,
  // 17:30 on 2 November in Vietnam is still 2 November; 17:30 UTC is 3 November there.
  receivedAt: new Date('2026-11-02T10:30:00Z'),
  dueAt: new Date('2026-11-06T10:30:00Z'),
  finishedAt: new Date('2026-11-05T17:30:00Z'),
  outcome: 'early',
  electronicResult: true,
  attachments: 2,
  reusedAttachments: 1,
  recordedAfterSeconds: 0,
  feeRequested: true,
  feePaidOnline: true,
  flaggedEvents: 0,
  ...more,
});

const byMetric = (list: ReturnType<typeof dossierContributions>) =>
  Object.fromEntries(list.map((c) => [c.metric, [c.day, c.value]]));

describe('what a fact adds to the figures', () => {
  it('counts a dossier’s receipt on its day and its resolution on the day it ended (Vietnam time)', () => {
    expect(byMetric(dossierContributions(fact()))).toEqual({
      received: ['2026-11-02', 1],
      received_online: ['2026-11-02', 1],
      digitisation_known: ['2026-11-02', 1],
      received_digitised: ['2026-11-02', 1],
      reuse_known: ['2026-11-02', 1],
      reused: ['2026-11-02', 1],
      recorded_known: ['2026-11-02', 1],
      recorded_on_time: ['2026-11-02', 1],
      fee_dossiers: ['2026-11-02', 1],
      fee_paid_online: ['2026-11-02', 1],
      resolved: ['2026-11-06', 1],
      resolved_early: ['2026-11-06', 1],
      // 3 days 7 hours taken of 4 days allowed: within the time, in full.
      handling_seconds: ['2026-11-06', 3 * 86_400 + 7 * 3600],
      allowed_seconds: ['2026-11-06', 4 * 86_400],
      time_ratio_milli: ['2026-11-06', 1000],
      result_electronic: ['2026-11-06', 1],
    });
  });

  it('scores a late dossier by how much of the time taken was allowed', () => {
    const late = dossierContributions(
      fact({
        finishedAt: new Date('2026-11-10T10:30:00Z'),
        outcome: 'late',
        electronicResult: false,
      }),
    );
    // 8 days taken, 4 allowed: 500 thousandths.
    expect(byMetric(late).time_ratio_milli).toEqual(['2026-11-10', 500]);
    expect(byMetric(late).resolved_late).toEqual(['2026-11-10', 1]);
    expect(byMetric(late).result_electronic).toBeUndefined();
  });

  it('leaves out of a criterion what the source does not know, rather than count it as failed', () => {
    const synced = byMetric(
      dossierContributions(
        fact({
          source: 'synced',
          channel: 1,
          attachments: null,
          reusedAttachments: null,
          recordedAfterSeconds: 2 * 86_400,
          feePaidOnline: null,
        }),
      ),
    );
    expect(synced.synced).toEqual(['2026-11-02', 1]);
    expect(synced.digitisation_known).toBeUndefined();
    expect(synced.reuse_known).toBeUndefined();
    expect(synced.fee_dossiers).toBeUndefined();
    // Two days after receipt is known, and late.
    expect(synced.recorded_known).toEqual(['2026-11-02', 1]);
    expect(synced.recorded_on_time).toBeUndefined();
  });

  it('counts nothing for a dossier never received', () => {
    expect(dossierContributions(fact({ receivedAt: null }))).toEqual([]);
  });

  it('counts a rating as thousandths of its overall score, and feedback for the agency that answered', () => {
    const rating = ratingContributions({
      dossierCode: 'D1',
      agencyCode: 'A',
      procedureCode: 'P',
      givenAt: new Date('2026-11-07T03:00:00Z'),
      overall: 4,
      conduct: 5,
      onTime: true,
      feesAsAnnounced: true,
    });
    expect(rating.map((c) => [c.metric, c.value])).toEqual([
      ['rated', 1],
      ['rating_points_milli', 750],
    ]);
    const feedback = {
      code: 'F1',
      kind: 'procedure',
      agencyCode: 'B',
      procedureCode: null,
      status: 'answered',
      createdAt: new Date('2026-11-01T03:00:00Z'),
      dueAt: null,
      answeredAt: new Date('2026-11-08T03:00:00Z'),
      answerAgencyCode: 'A',
      wentOverdue: true,
    };
    expect(feedbackContributions(feedback).map((c) => [c.agency, c.procedure, c.metric])).toEqual([
      ['A', '', 'feedback_answered'],
    ]);
    expect(feedbackContributions({ ...feedback, status: 'in_progress', answeredAt: null })).toEqual(
      [],
    );
  });
});
