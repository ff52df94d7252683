import type { Queryable } from '../../platform/db.js';
import type { CountRow, ServiceRow, StoredContribution, TotalRow } from './aggregate.js';
import type { IndexDefinition } from './definition.js';

/** The monitoring module's SQL (ADR 0008): facts, figures, cursors, definitions. */

export interface CursorRow {
  previous: string | null;
  current: string | null;
}

export interface TotalsRead {
  scope: string;
  period: string;
  metric: string;
  value: number;
}

const serviceKey = (...parts: string[]) => parts.join('\u0000');

export class MonitoringRepository {
  /**
   * `figures`: where the totals and daily figures that the public pages, API and downloads
   * show are read: the database's replica (docs/replica.md), which may be a moment behind,
   * as the figures themselves are up to the ingest's minute behind. The rest (the leaders'
   * dashboard, the ingest, the check, the definitions kept in memory) reads `db`.
   */
  constructor(
    private readonly db: Queryable,
    private readonly figures: Queryable = db,
  ) {}

  async cursor(feed: string, q: Queryable = this.db, lock = false): Promise<CursorRow | null> {
    const rows = await q.query<CursorRow>(
      `SELECT previous, current FROM monitoring_cursors WHERE feed = $1${lock ? ' FOR UPDATE' : ''}`,
      [feed],
    );
    return rows[0] ?? null;
  }

  async saveCursor(q: Queryable, feed: string, cursor: CursorRow, at: Date): Promise<void> {
    await q.query(
      `INSERT INTO monitoring_cursors (feed, previous, current, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (feed) DO UPDATE SET previous = $2, current = $3, updated_at = $4`,
      [feed, cursor.previous, cursor.current, at],
    );
  }

  /** What these facts last added, locked until the transaction ends. */
  async lockFacts(q: Queryable, keys: string[]): Promise<Map<string, StoredContribution[]>> {
    const rows = await q.query<{ key: string; contributions: StoredContribution[] }>(
      'SELECT key, contributions FROM monitoring_facts WHERE key = ANY($1::text[]) FOR UPDATE',
      [keys],
    );
    return new Map(rows.map((row) => [row.key, row.contributions]));
  }

  async saveFacts(
    q: Queryable,
    facts: { key: string; contributions: StoredContribution[] }[],
    at: Date,
  ): Promise<void> {
    const kept = facts.filter((fact) => fact.contributions.length > 0);
    const gone = facts.filter((fact) => fact.contributions.length === 0).map((fact) => fact.key);
    if (kept.length > 0) {
      await q.query(
        `INSERT INTO monitoring_facts (key, contributions, updated_at)
         SELECT key, contributions::jsonb, $3 FROM unnest($1::text[], $2::text[]) AS t(key, contributions)
         ON CONFLICT (key) DO UPDATE SET contributions = excluded.contributions, updated_at = $3`,
        [kept.map((fact) => fact.key), kept.map((fact) => JSON.stringify(fact.contributions)), at],
      );
    }
    if (gone.length > 0) {
      await q.query('DELETE FROM monitoring_facts WHERE key = ANY($1::text[])', [gone]);
    }
  }

  async addCounts(q: Queryable, rows: CountRow[]): Promise<void> {
    if (rows.length === 0) return;
    await q.query(
      `INSERT INTO monitoring_counts AS c (agency_code, day, procedure_code, channel, metric, value)
       SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::smallint[], $5::text[], $6::bigint[])
       ON CONFLICT (agency_code, day, procedure_code, channel, metric)
       DO UPDATE SET value = c.value + excluded.value`,
      [
        rows.map((r) => r.agency),
        rows.map((r) => r.day),
        rows.map((r) => r.procedure),
        rows.map((r) => r.channel),
        rows.map((r) => r.metric),
        rows.map((r) => r.value),
      ],
    );
  }

  async addTotals(q: Queryable, rows: TotalRow[]): Promise<void> {
    if (rows.length === 0) return;
    await q.query(
      `INSERT INTO monitoring_totals AS t (period, scope, metric, value)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
       ON CONFLICT (period, scope, metric) DO UPDATE SET value = t.value + excluded.value`,
      [
        rows.map((r) => r.period),
        rows.map((r) => r.scope),
        rows.map((r) => r.metric),
        rows.map((r) => r.value),
      ],
    );
  }

  /** Adds to services' figures; answers each with what it was before (for the transitions). */
  async addServiceTotals(
    q: Queryable,
    rows: ServiceRow[],
  ): Promise<(ServiceRow & { before: number })[]> {
    if (rows.length === 0) return [];
    const after = await q.query<{
      period: string;
      agency_code: string;
      procedure_code: string;
      metric: ServiceRow['metric'];
      value: number;
    }>(
      `INSERT INTO monitoring_service_totals AS s (period, agency_code, procedure_code, metric, value)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
       ON CONFLICT (period, agency_code, procedure_code, metric) DO UPDATE SET value = s.value + excluded.value
       RETURNING period, agency_code, procedure_code, metric, value`,
      [
        rows.map((r) => r.period),
        rows.map((r) => r.agency),
        rows.map((r) => r.procedure),
        rows.map((r) => r.metric),
        rows.map((r) => r.value),
      ],
    );
    // Each key comes once in `rows` (rolled up), so what was added to it is known here.
    const added = new Map(
      rows.map((r) => [serviceKey(r.period, r.agency, r.procedure, r.metric), r.value]),
    );
    return after.map((row) => ({
      period: row.period,
      agency: row.agency_code,
      procedure: row.procedure_code,
      metric: row.metric,
      value: row.value,
      before:
        row.value -
        (added.get(serviceKey(row.period, row.agency_code, row.procedure_code, row.metric)) ?? 0),
    }));
  }

  /** Totals of these places for these periods (a page's whole read). */
  totals(scopes: string[], periods: string[]): Promise<TotalsRead[]> {
    return this.figures.query<TotalsRead>(
      `SELECT scope, period, metric, value FROM monitoring_totals
       WHERE period = ANY($1::text[]) AND scope = ANY($2::text[]) AND value <> 0`,
      [periods, scopes],
    );
  }

  /** Every place's totals of a period whose scope starts with `prefix` ('province:', 'agency:'). */
  totalsLike(prefix: string, period: string): Promise<TotalsRead[]> {
    return this.figures.query<TotalsRead>(
      `SELECT scope, period, metric, value FROM monitoring_totals
       WHERE period = $1 AND scope >= $2 AND scope < $3 AND value <> 0`,
      [period, prefix, `${prefix}\uffff`],
    );
  }

  /** One agency's figures per procedure between two days (its drill-down). */
  procedureFigures(agencyCode: string, firstDay: string, lastDay: string) {
    return this.figures.query<{ procedure_code: string; metric: string; value: number }>(
      `SELECT procedure_code, metric, sum(value)::bigint AS value FROM monitoring_counts
       WHERE agency_code = $1 AND day BETWEEN $2::date AND $3::date
       GROUP BY procedure_code, metric HAVING sum(value) <> 0`,
      [agencyCode, firstDay, lastDay],
    );
  }

  /** A place's totals of some metrics for these years (by key, so the primary key serves). */
  yearTotals(scope: string, metrics: readonly string[], years: string[]): Promise<TotalsRead[]> {
    return this.figures.query<TotalsRead>(
      `SELECT scope, period, metric, value FROM monitoring_totals
       WHERE period = ANY($3::text[]) AND scope = $1 AND metric = ANY($2::text[])`,
      [scope, metrics, years],
    );
  }

  allCounts(): Promise<CountRow[]> {
    return this.db.query<CountRow>(
      `SELECT agency_code AS agency, day, procedure_code AS procedure, channel, metric, value
       FROM monitoring_counts WHERE value <> 0`,
    );
  }

  allTotals(): Promise<TotalRow[]> {
    return this.db.query<TotalRow>(
      'SELECT period, scope, metric, value FROM monitoring_totals WHERE value <> 0',
    );
  }

  async definitions(): Promise<IndexDefinition[]> {
    const rows = await this.db.query<{ definition: IndexDefinition }>(
      'SELECT definition FROM monitoring_definitions ORDER BY effective_from',
    );
    return rows.map((row) => row.definition);
  }

  /** Publishes a version; false when that version or effective date is already taken. */
  async publish(definition: IndexDefinition, at: Date): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO monitoring_definitions (version, effective_from, definition, published_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING version`,
      [definition.version, definition.effectiveFrom, JSON.stringify(definition), at],
    );
    return rows.length === 1;
  }
}
