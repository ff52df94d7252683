import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, settableClock } from '../../../test/helpers.js';
import { seededRandom } from '../../../test/random.js';
import { counterDossier, registerClient } from '../../../test/sync-world.js';
import type { Database } from '../../platform/db.js';

/*
 * A randomised run: connected systems of wards in two provinces push dossiers over two
 * months, out of order, with repeats, impossible moves and dates corrected later, while the
 * index takes them in by small batches at random moments. At the end the figures kept as it
 * happened are the ones a full recomputation finds.
 */

const clock = settableClock('2026-10-01T02:00:00Z');
let db: Database;
let modules: Awaited<ReturnType<typeof createTestApp>>['modules'];
let wards: string[];

beforeAll(async () => {
  ({ db, modules } = await createTestApp({ clock }));
  wards = (
    await db.query<{ code: string }>(
      `(SELECT code FROM agencies WHERE kind = 'commune_people_committee' AND province_code = '01' ORDER BY code LIMIT 2)
       UNION ALL
       (SELECT code FROM agencies WHERE kind = 'commune_people_committee' AND province_code <> '01' ORDER BY code LIMIT 2)`,
    )
  ).map((row) => row.code);
});

const DAY = 86_400_000;
const PROCEDURES = ['1.001193', '2.001009', '1.000894'];

describe('the recomputation after a randomised run', () => {
  it('agrees with the figures kept incrementally', async () => {
    expect(wards).toHaveLength(4);
    const random = seededRandom(17);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const client = await registerClient(db, wards);
    const start = Date.parse('2026-10-01T02:00:00Z');
    const sent: Record<string, unknown>[] = [];
    const open: { code: string; received: number }[] = [];
    let eventNo = 0;
    const step = (dossier: { code: string; received: number }, status: number) => ({
      eventId: `${dossier.code}-${(eventNo += 1)}`,
      at: new Date(dossier.received + Math.floor(1 + random() * 9) * DAY).toISOString(),
      code: dossier.code,
      status,
    });
    for (let round = 0; round < 12; round += 1) {
      const batch: Record<string, unknown>[] = [];
      // Dossiers of earlier rounds move on (their facts change after being taken in): some
      // are returned, some go back to processing after a return (an impossible move, flagged
      // and applied), so what they added before must be taken back.
      if (open.length > 0)
        for (let n = 0; n < 10; n += 1)
          batch.push(step(pick(open), pick([4, 5, 9, 10, 10, 10, 2])));
      const fresh: { code: string; received: number }[] = [];
      for (let n = 0; n < 8; n += 1) {
        const dossier = {
          code: `R${round}-${n}`,
          received: start + Math.floor(random() * 55) * DAY,
        };
        const due = dossier.received + (1 + Math.floor(random() * 6)) * DAY;
        batch.push(
          counterDossier(dossier.code, pick(wards), {
            eventId: `${dossier.code}-${(eventNo += 1)}`,
            at: new Date(dossier.received).toISOString(),
            receivedAt: new Date(dossier.received).toISOString(),
            dueAt: new Date(due).toISOString(),
            procedureCode: pick(PROCEDURES),
            channel: pick([1, 2, 2, 3]),
          }),
        );
        fresh.push(dossier);
      }
      // An earlier event again: a repeat changes nothing.
      if (sent.length > 0) batch.push(pick(sent));
      sent.push(...batch);
      // Events arrive shuffled, out of order within and across dossiers, in two pushes with
      // the index taking in some of them in between, in batches of a few.
      // New dossiers' first pushes go in the first part, as a first push must say everything.
      batch.sort(() => random() - 0.5);
      batch.sort((a, b) => Number('receivedAt' in b) - Number('receivedAt' in a));
      clock.instant = new Date(start + round * 5 * DAY + Math.floor(random() * DAY));
      for (const part of [batch.slice(0, 9), batch.slice(9)]) {
        const outcome = await modules.dossiers.sync.apply(client, part);
        expect(outcome.refused).toEqual([]);
        if (random() < 0.6) await modules.monitoring.ingest(1 + Math.floor(random() * 7));
      }
      open.push(...fresh);
    }
    await modules.monitoring.ingest(5);
    const report = await modules.monitoring.check();
    expect(report.facts).toBe(96);
    expect(report.countRows).toBeGreaterThan(100);
    expect(report).toMatchObject({ disagreements: 0, examples: [] });
  });

  it('finds a figure that no longer agrees, and says which', async () => {
    await db.query(
      `UPDATE monitoring_totals SET value = value + 1 WHERE ctid = (SELECT ctid FROM monitoring_totals
         WHERE scope = 'nation' AND metric = 'received' ORDER BY period LIMIT 1)`,
    );
    const report = await modules.monitoring.check();
    expect(report.disagreements).toBe(1);
    expect(report.examples[0]).toMatchObject({ table: 'monitoring_totals' });
    expect(report.examples[0]!.key).toMatch(/\|nation\|received$/);
    expect(report.examples[0]!.kept).toBe(report.examples[0]!.recomputed + 1);
  });
});
