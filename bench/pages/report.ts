import type { Figures } from './load.js';

/**
 * How a row was measured: `cached` is the page's URL asked again and again (a visitor's
 * refresh, what a page cache may serve: for someone signed in, their own kept page or the
 * kept catalog page with their header); `uncached` the same page with a URL never asked
 * before (drawn every time; who is signed in is still remembered, ADR 0014).
 */
export type Variant = 'cached' | 'uncached';

export interface Row {
  page: string;
  who: 'anonymous' | 'citizen' | 'officer';
  variant: Variant;
  connections: number;
  portal: Figures;
  /** The bare route with the same bytes, in the same run; none for the health lines. */
  bare: Figures | null;
}

/** The health lines: readiness (asks the database) against liveness (asks nothing). */
export interface HealthRow {
  connections: number;
  healthz: Figures;
  readyz: Figures;
}

const ANONYMOUS_RATIO = 0.5;
const SIGNED_IN_P99_MS = 50;
const TARGET_CONNECTIONS = 100;

const rate = (f: Figures) => f.requestsPerSecond.toFixed(0);
const ratioOf = (row: Row) =>
  row.bare ? row.portal.requestsPerSecond / row.bare.requestsPerSecond : NaN;

/** The table of every measurement, then the health lines. */
export function printTable(rows: Row[], health: HealthRow[], seconds: number): void {
  console.log(
    `\nautocannon from the runner process, ${seconds} s per line; portal and bare route each in a process of its own; Node ${process.version}\n`,
  );
  console.log(
    '| page | who | how | connections | bare req/s | portal req/s | ratio | portal p50 ms | portal p99 ms | bare p99 ms | bytes portal / bare |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const bare = row.bare;
    console.log(
      `| ${row.page} | ${row.who} | ${row.variant} | ${row.connections} | ${bare ? rate(bare) : '—'} | ${rate(row.portal)} | ${ratioOf(row).toFixed(2)} | ${row.portal.p50} | ${row.portal.p99} | ${bare ? bare.p99 : '—'} | ${row.portal.bytesPerAnswer.toFixed(0)} / ${bare ? bare.bytesPerAnswer.toFixed(0) : '—'} |`,
    );
  }
  console.log(
    '\n| health | connections | /healthz req/s | /readyz req/s | ratio | /readyz p99 ms |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const h of health) {
    console.log(
      `| liveness and readiness | ${h.connections} | ${rate(h.healthz)} | ${rate(h.readyz)} | ${(h.readyz.requestsPerSecond / h.healthz.requestsPerSecond).toFixed(2)} | ${h.readyz.p99} |`,
    );
  }
}

/**
 * The targets on PostgreSQL, each said met or not. They are reported, never fail the
 * run: at CI's tiny size, on a shared machine, the figures mean nothing.
 */
export function printTargets(rows: Row[]): void {
  console.log('\ntargets:');
  for (const row of rows.filter((r) => r.who === 'anonymous')) {
    const ratio = ratioOf(row);
    const headline = row.variant === 'cached' ? ' (headline)' : '';
    console.log(
      `- ${ratio >= ANONYMOUS_RATIO ? 'met    ' : 'NOT met'} ${row.page} ${row.variant}${headline} at ${row.connections} connections: ${ratio.toFixed(2)} of the bare route (target ≥ ${ANONYMOUS_RATIO})`,
    );
  }
  const signedIn = rows.filter((r) => r.who !== 'anonymous');
  const atTarget = signedIn.filter((r) => r.connections === TARGET_CONNECTIONS);
  if (atTarget.length === 0) {
    console.log(
      `- not measured: signed-in pages p99 ≤ ${SIGNED_IN_P99_MS} ms at ${TARGET_CONNECTIONS} connections (BENCH_CONNECTIONS_LIST has no ${TARGET_CONNECTIONS})`,
    );
  }
  for (const row of atTarget) {
    const headline = row.variant === 'cached' ? ' (headline)' : '';
    console.log(
      `- ${row.portal.p99 <= SIGNED_IN_P99_MS ? 'met    ' : 'NOT met'} ${row.page} as ${row.who} ${row.variant}${headline} at ${row.connections} connections: p99 ${row.portal.p99} ms (target ≤ ${SIGNED_IN_P99_MS} ms)`,
    );
  }
}
