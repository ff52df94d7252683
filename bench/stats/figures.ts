import type { Database } from '../../src/platform/db.js';

/*
 * What bench/stats writes straight into the index's tables: the figures a national year of
 * about 10 million dossiers leaves, without the dossiers themselves (the pages measured read
 * the figures only). Each of the agencies receives three procedures at the counter and
 * online every day, 1 or 2 dossiers each (2 two times in three), 10 a day: 3,000 agencies ×
 * 365 days ≈ 10 million. The daily figures are written for the month measured (the agency page reads that
 * month's); the totals for every month, quarter and year of the twelve months up to it.
 */

export const MONTH = '2026-11';
const MONTHS = [
  '2025-12',
  '2026-01',
  '2026-02',
  '2026-03',
  '2026-04',
  '2026-05',
  '2026-06',
  '2026-07',
  '2026-08',
  '2026-09',
  '2026-10',
];
const QUARTERS: [string, string[]][] = [
  ['2026-Q1', ['2026-01', '2026-02', '2026-03']],
  ['2026-Q2', ['2026-04', '2026-05', '2026-06']],
  ['2026-Q3', ['2026-07', '2026-08', '2026-09']],
  ['2026-Q4', ['2026-10', '2026-11']],
];

/** One agency-day-procedure-channel's dossiers (k.r: 1 or 2) and what they add to each figure. */
const METRICS = `(VALUES
  ('received', k.r), ('received_online', CASE WHEN ch = 2 THEN k.r ELSE 0 END),
  ('recorded_known', k.r), ('recorded_on_time', k.r - (k.x % 7 = 0)::int),
  ('digitisation_known', CASE WHEN ch = 2 THEN k.r ELSE 0 END),
  ('received_digitised', CASE WHEN ch = 2 THEN k.r ELSE 0 END),
  ('resolved', k.r), ('resolved_early', k.r / 2), ('resolved_late', (k.x % 5 = 0)::int),
  ('resolved_on_time', k.r - k.r / 2 - (k.x % 5 = 0)::int),
  ('time_ratio_milli', k.r * 1000 - (k.x % 5 = 0)::int * 400),
  ('handling_seconds', k.r * 259200), ('allowed_seconds', k.r * 345600),
  ('result_electronic', k.r - (k.x % 3 = 0)::int),
  ('fee_dossiers', CASE WHEN k.pn % 2 = 0 THEN k.r ELSE 0 END),
  ('fee_paid_online', CASE WHEN k.pn % 2 = 0 AND ch = 2 THEN k.r ELSE 0 END),
  ('rated', (k.x % 3 = 0)::int), ('rating_points_milli', (k.x % 3 = 0)::int * (500 + k.x % 500))
) AS m(metric, value)`;

/** Writes the month's daily figures and every period's totals; answers the daily rows written. */
export async function writeFigures(
  db: Database,
  agencies: { code: string; unit: string | null }[],
  procedures: string[],
): Promise<number> {
  await db.query(
    `CREATE TEMP TABLE bench_agencies AS
     SELECT * FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS a(code, unit, n)`,
    [agencies.map((a) => a.code), agencies.map((a) => a.unit)],
  );
  await db.query(
    `CREATE TEMP TABLE bench_procedures AS
     SELECT * FROM unnest($1::text[]) WITH ORDINALITY AS p(code, n)`,
    [procedures],
  );
  const [written] = await db.query<{ rows: number }>(
    `WITH inserted AS (
       INSERT INTO monitoring_counts (agency_code, day, procedure_code, channel, metric, value)
       SELECT a.code, d::date, p.code, ch, m.metric, m.value
       FROM bench_agencies a
       CROSS JOIN generate_series('${MONTH}-01'::date, '${MONTH}-30'::date, '1 day') AS d
       JOIN bench_procedures p ON (p.n + a.n) % (SELECT count(*) FROM bench_procedures) < 3
       CROSS JOIN generate_series(1, 2) AS ch
       CROSS JOIN LATERAL (
         SELECT q.x, p.n AS pn, 1 + (q.x % 3 > 0)::int AS r
         FROM (SELECT (a.n * 7 + extract(day FROM d)::int * 3 + p.n + ch)::int AS x) AS q) AS k
       CROSS JOIN LATERAL ${METRICS}
       WHERE m.value <> 0
       RETURNING 1)
     SELECT count(*)::int AS rows FROM inserted`,
  );
  await db.query(
    `INSERT INTO monitoring_totals (period, scope, metric, value)
     SELECT '${MONTH}', s.scope, c.metric, sum(c.value)
     FROM monitoring_counts c JOIN bench_agencies a ON a.code = c.agency_code
     CROSS JOIN LATERAL (VALUES ('agency:' || c.agency_code), (a.unit), ('nation')) AS s(scope)
     WHERE s.scope IS NOT NULL
     GROUP BY s.scope, c.metric`,
  );
  // Every agency's three procedures received online dossiers this month.
  await db.query(
    `INSERT INTO monitoring_totals (period, scope, metric, value)
     SELECT '${MONTH}', s.scope, 'services_used_online', count(*) * 3
     FROM bench_agencies a
     CROSS JOIN LATERAL (VALUES ('agency:' || a.code), (a.unit), ('nation')) AS s(scope)
     WHERE s.scope IS NOT NULL GROUP BY s.scope`,
  );
  // The other months alike; quarters and the year their sums.
  await db.query(
    `INSERT INTO monitoring_totals (period, scope, metric, value)
     SELECT m.period, t.scope, t.metric, t.value FROM monitoring_totals t
     CROSS JOIN unnest($1::text[]) AS m(period) WHERE t.period = '${MONTH}'`,
    [MONTHS],
  );
  for (const [quarter, months] of [
    ...QUARTERS,
    ['2026', [...MONTHS.slice(1), MONTH]] as [string, string[]],
  ]) {
    await db.query(
      `INSERT INTO monitoring_totals (period, scope, metric, value)
       SELECT $1, scope, metric, sum(value) FROM monitoring_totals
       WHERE period = ANY($2::text[]) GROUP BY scope, metric`,
      [quarter, months],
    );
  }
  await db.query('ANALYZE monitoring_counts');
  await db.query('ANALYZE monitoring_totals');
  return written!.rows;
}

/**
 * `count` new status events of synced dossiers, as a connected system's pushes leave them (two
 * for each dossier: received, then returned or in processing), written straight into the
 * dossiers module's tables: what the index then takes in.
 */
export async function writeSyncedEvents(
  db: Database,
  input: { count: number; agencies: string[]; procedures: string[] },
): Promise<number> {
  const [client] = await db.query<{ id: string }>(
    `INSERT INTO api_clients (name, owner_agency_code, contact_name, contact_email, scopes,
       allowed_agencies, created_at, updated_at)
     VALUES ('Hệ thống một cửa (bench)', $1, 'Bench', 'bench@example.vn', ARRAY['dossiers:sync'],
       $2, now(), now()) RETURNING id`,
    [input.agencies[0], input.agencies],
  );
  const dossiers = Math.floor(input.count / 2);
  await db.query(
    `INSERT INTO synced_dossiers (code, client_id, procedure_code, agency_code, channel,
       applicant_name, applicant_id_number, status, last_event_at, received_at, due_at,
       returned_at, created_at, updated_at)
     SELECT 'BENCH-' || n, $1, ($3::text[])[1 + n % cardinality($3::text[])],
       ($2::text[])[1 + n % cardinality($2::text[])], 1 + n % 2, 'Công dân ' || n,
       '001090' || lpad(n::text, 6, '0'), CASE WHEN n % 3 = 0 THEN 4 ELSE 10 END,
       received + interval '2 days', received, received + interval '4 days',
       CASE WHEN n % 3 = 0 THEN NULL ELSE received + interval '2 days' END, now(), now()
     FROM generate_series(1, $4::int) AS n,
       LATERAL (SELECT timestamptz '${MONTH}-01 01:00+00' + (n % 29) * interval '1 day' AS received) r`,
    [client!.id, input.agencies, input.procedures, dossiers],
  );
  await db.query(
    `INSERT INTO dossier_sync_events (client_id, event_id, dossier_code, at, status, applied, recorded_at)
     SELECT $1, 'BENCH-' || n || '-' || e, 'BENCH-' || n, s.received_at + (e - 1) * interval '2 days',
       CASE WHEN e = 1 THEN 2 ELSE s.status END, true, now()
     FROM generate_series(1, $2::int) AS n
     JOIN synced_dossiers s ON s.code = 'BENCH-' || n
     CROSS JOIN generate_series(1, 2) AS e`,
    [client!.id, dossiers],
  );
  return dossiers * 2;
}
