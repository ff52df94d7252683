import { describe, expect, it } from 'vitest';
import { fileCertifiedCopy } from '../../../test/dossiers.js';
import { counterDossier, registerClient } from '../../../test/sync-world.js';
import {
  ANSWERS,
  call,
  clock,
  returnedDossier,
  useRatingsWorld,
  world,
} from '../../../test/ratings-world.js';
import { parsePeriod } from './periods.js';
import type { IndexScore } from './score.js';

/*
 * A month of known activity at the Ba Đình ward, November 2026, and every criterion of the
 * index worked out by hand from it (below, beside each figure). "Now" is Tuesday 24 November,
 * 09:00 in Vietnam; connected systems' events are pushed at the times named.
 *
 * Filed on the portal on 24/11, online (channel 2), one file each, none from the store:
 *   A  certified copy: fee of 2,000 đ asked and paid online, then returned (early).
 *   B  certified copy: fee asked, not paid.
 *   C  certified copy: returned (early), no fee asked.
 * Pushed by the ward's own system (counter, channel 1, unless said; files not known):
 *   S1 received 03/11, due 10/11, on the portal an hour later, returned 06/11 (early).
 *   S2 received 04/11, due 06/11 17:00, on the portal two days later, returned 06/11 10:00 (on time).
 *   S3 online, received 05/11 09:00, due 09/11 17:00, at once; returned 13/11 09:00 (late).
 *   S4 received 20/11, due 27/11, at once; still being processed.
 * Ratings: A overall 4, C overall 5, S1 overall 2. Feedback: one answered within its
 * deadline, one answered after it went overdue.
 */

useRatingsWorld();

const at = (iso: string) => {
  clock.instant = new Date(iso);
};
const NOW = '2026-11-24T02:00:00Z';

async function fileAndPay(): Promise<string> {
  const code = await fileCertifiedCopy(world.an, world.ward);
  const path = `/api/v1/backoffice/dossiers/${code}`;
  let { version } = (await call<{ version: number }>(world.receiver, 'GET', path)).body;
  const act = async (who: string, body: Record<string, unknown>) => {
    const done = await call<{ version: number }>(who, 'POST', `${path}/actions`, {
      ...body,
      version,
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    version = done.body.version;
  };
  await act(world.receiver, { action: 'receive' });
  await act(world.receiver, {
    action: 'request_payment',
    fee: [{ name: 'Lệ phí chứng thực', amount: 2_000 }],
  });
  const order = (await (
    await world.an.request('/api/v1/payments', {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        'idempotency-key': `fee-${code}`,
      },
      body: JSON.stringify({ dossierCode: code, provider: 'sandbox-bank' }),
    })
  ).json()) as { id: string };
  const [ref] = await world.db.query<{ provider_ref: string }>(
    'SELECT provider_ref FROM payment_orders WHERE id = $1',
    [order.id],
  );
  const paid = await fetch(`${world.base}/sandbox-bank/pay/${ref!.provider_ref}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ account: '9704000000000018', action: 'confirm' }),
  });
  expect(paid.status).toBe(303);
  ({ version } = (await call<{ version: number }>(world.receiver, 'GET', path)).body);
  await act(world.receiver, { action: 'forward' });
  await act(world.receiver, { action: 'forward' });
  await act(world.approver, { action: 'approve' });
  await act(world.receiver, { action: 'return_result', trackingNumber: 'EB123456789VN' });
  return code;
}

async function pushSynced(): Promise<void> {
  const client = await registerClient(world.db, [world.ward]);
  const push = async (when: string, events: Record<string, unknown>[]) => {
    at(when);
    const outcome = await world.modules.dossiers.sync.apply(client, events);
    expect(outcome.refused).toEqual([]);
  };
  const received = (code: string, receivedAt: string, dueAt: string, more = {}) =>
    counterDossier(code, world.ward, {
      eventId: `${code}-1`,
      at: receivedAt,
      receivedAt,
      dueAt,
      ...more,
    });
  const returned = (code: string, when: string) => ({
    eventId: `${code}-10`,
    at: when,
    code,
    status: 10,
  });
  await push('2026-11-03T03:00:00Z', [
    received('S1', '2026-11-03T02:00:00Z', '2026-11-10T10:00:00Z'),
  ]);
  await push('2026-11-06T03:00:00Z', [
    received('S2', '2026-11-04T02:00:00Z', '2026-11-06T10:00:00Z'),
  ]);
  await push('2026-11-05T02:00:00Z', [
    received('S3', '2026-11-05T02:00:00Z', '2026-11-09T10:00:00Z', { channel: 2 }),
  ]);
  await push('2026-11-06T03:00:00Z', [
    returned('S1', '2026-11-06T02:00:00Z'),
    returned('S2', '2026-11-06T03:00:00Z'),
  ]);
  await push('2026-11-13T02:00:00Z', [returned('S3', '2026-11-13T02:00:00Z')]);
  await push('2026-11-20T02:00:00Z', [
    received('S4', '2026-11-20T02:00:00Z', '2026-11-27T10:00:00Z', { status: 4 }),
  ]);
  at(NOW);
}

async function answerFeedback(): Promise<void> {
  const feedback = (title: string) => ({
    kind: 'conduct',
    agencyCode: world.ward,
    title,
    body: 'Cán bộ tiếp nhận hẹn trả kết quả nhưng không trả đúng hẹn và không giải thích lý do.',
    publishConsent: false,
  });
  const send = (title: string) =>
    world.an.request('/api/v1/feedback', {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(feedback(title)),
    });
  const answer = async (code: string) => {
    const path = `/api/v1/feedback/handling/${code}`;
    let { version } = (await call<{ version: number }>(world.receiver, 'GET', path)).body;
    for (const step of [
      { action: 'accept' },
      { action: 'answer', text: 'Ủy ban nhân dân phường đã làm rõ và nhắc nhở cán bộ.' },
    ]) {
      const done = await call<{ version: number; status: string }>(
        world.receiver,
        'POST',
        `${path}/steps`,
        { ...step, version },
      );
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      version = done.body.version;
    }
  };
  const first = (await (await send('Trả kết quả chậm')).json()) as { code: string };
  await answer(first.code);
  // Sent on 10/11 and left: past its five working days by 20/11, escalated, then answered.
  at('2026-11-10T02:00:00Z');
  const second = await call<{ code: string }>(
    world.anId,
    'POST',
    '/api/v1/feedback',
    feedback('Thái độ tiếp dân'),
  );
  expect(second.status).toBe(201);
  at('2026-11-20T02:00:00Z');
  for (const job of world.modules.feedback.jobs)
    if (job.name === 'feedback-escalate') await job.run();
  await answer(second.body.code);
  at(NOW);
}

const criterion = (index: IndexScore, code: string) =>
  index.groups.flatMap((group) => group.criteria).find((c) => c.code === code)!;

describe('the index of a month of known activity', () => {
  it('gives every criterion and the total the values worked out by hand', async () => {
    at(NOW);
    const a = await fileAndPay();
    await fileCertifiedCopy(world.an, world.ward).then(async (b) => {
      const path = `/api/v1/backoffice/dossiers/${b}`;
      const { version } = (await call<{ version: number }>(world.receiver, 'GET', path)).body;
      const received = await call<{ version: number }>(world.receiver, 'POST', `${path}/actions`, {
        action: 'receive',
        version,
      });
      await call(world.receiver, 'POST', `${path}/actions`, {
        action: 'request_payment',
        version: received.body.version,
        fee: [{ name: 'Lệ phí chứng thực', amount: 2_000 }],
      });
    });
    const c = await returnedDossier();
    await pushSynced();
    await world.modules.ratings.service.settled();
    for (const [code, overall] of [
      [a, 4],
      [c, 5],
      ['S1', 2],
    ] as const) {
      const given = await call(world.anId, 'POST', `/api/v1/ratings/${code}`, {
        ...ANSWERS,
        overall,
      });
      expect(given.status, JSON.stringify(given.body)).toBe(201);
    }
    await answerFeedback();
    await world.modules.monitoring.ingest();

    const november = parsePeriod('2026-11')!;
    const scored = (await world.modules.monitoring.service.agency(november, world.ward))!;
    const { index, figures } = scored.agency;
    // What the seeded catalog gives a ward, counted here from its tables: 23 procedures in
    // force name its kind, all entered by their effective date and complete; 19 are online.
    const [catalog] = await world.db.query<{ procedures: number; online: number }>(
      `SELECT count(*)::int AS procedures,
         count(*) FILTER (WHERE service_level <> 'information')::int AS online
       FROM procedures WHERE annulled_from IS NULL
         AND ($1 = ANY(agency_codes) OR 'commune_people_committee' = ANY(agency_kinds))`,
      [world.ward],
    );
    expect(catalog).toEqual({ procedures: 23, online: 19 });
    expect(figures).toMatchObject({
      catalog_procedures: 23,
      catalog_published_on_time: 23,
      catalog_complete: 23,
      catalog_online: 19,
      catalog_online_services: 19, // the ward's (agency, online procedure) pairs
      received: 7, // A, B, C, S1–S4
      received_online: 4, // A, B, C, S3
      synced: 4,
      digitisation_known: 4, // online ones; counter ones pushed without files are not known
      received_digitised: 4,
      reuse_known: 3, // the portal's three, each with a file
      recorded_known: 7,
      recorded_on_time: 6, // all but S2, two days late
      fee_dossiers: 2, // A, B
      fee_paid_online: 1, // A
      resolved: 5, // A, C, S1, S2, S3
      resolved_early: 3, // A, C, S1
      resolved_on_time: 1, // S2
      resolved_late: 1, // S3
      // Within the time allowed counts 1000; S3 took 8 days of 4 days 8 hours: 374,400 s of
      // 691,200 s = 542 thousandths. 4 × 1000 + 542.
      time_ratio_milli: 4542,
      result_electronic: 2, // A and C carry the ward's signed result; the pushed ones none
      rated: 3,
      rating_points_milli: 2000, // overall 4, 5, 2 → 750 + 1000 + 250
      feedback_answered: 2,
      feedback_answered_on_time: 1,
      services_used_online: 2, // certified copies (A, B, C) and S3's birth registration, online
      services_with_fees: 1,
      services_paid_online: 1,
    });
    const expected: Record<string, [number | null, number | null]> = {
      T1: [1, 6], // 23 / 23 × 6
      T2: [1, 4], // 23 / 23 × 4
      T3: [0.8571, 6.86], // 6 / 7 × 8
      P1: [0.8, 9.6], // (3 + 1) / 5 × 12
      P2: [0.9084, 7.27], // 4542 / (5 × 1000) × 8
      D1: [0.4, 3.2], // 2 / 5 × 8
      D2: [1, 8], // 4 / 4 × 8
      D3: [0, 0], // 0 / 3 × 6
      O1: [0.8261, 4.96], // 19 / 23 × 6
      O2: [0.1053, 0.42], // 2 / 19 × 4
      O3: [0.5714, 3.43], // 4 / 7 × 6
      O4: [1, 2], // 1 / 1 × 2
      O5: [0.5, 2], // 1 / 2 × 4
      S1: [0.6667, 6.67], // 2000 / (3 × 1000) × 10
      S2: [0.5, 2], // 1 / 2 × 4
      S3: [null, null], // no input: not counted
    };
    for (const [code, [value, points]] of Object.entries(expected)) {
      expect([code, criterion(index, code).value, criterion(index, code).points]).toEqual([
        code,
        value,
        points,
      ]);
    }
    expect(criterion(index, 'S3').missing).toBe('unavailable');
    // 66.41 points of the 96 that have a value: 69.18 out of 100, "average" (50 to under 70).
    expect(index).toMatchObject({
      points: 66.41,
      availablePoints: 96,
      maxPoints: 100,
      score: 69.18,
      rating: 'average',
    });

    // The province and the nation had nothing else this month: the same dossier figures.
    const units = await world.modules.monitoring.service.units();
    const province = units.unitOf(world.ward)!;
    const unit = (await world.modules.monitoring.service.unit(november, province))!;
    const nation = await world.modules.monitoring.service.nation(november);
    for (const place of [unit.unit, nation]) {
      expect(place.figures).toMatchObject({
        received: 7,
        resolved: 5,
        time_ratio_milli: 4542,
        rated: 3,
      });
    }
    // And the full recomputation agrees with what was kept as it happened.
    expect(await world.modules.monitoring.check()).toMatchObject({ disagreements: 0 });
  });
});
