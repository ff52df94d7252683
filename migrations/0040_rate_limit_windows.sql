-- Rate limits shared by every portal process on PostgreSQL (without Redis): one row per
-- client and limit, counting its requests in the current window (src/platform/rate-limits.ts).
-- Unlogged: counts are worth nothing after a crash, and writing them to the WAL at every
-- request would double their cost. Not replicated either, which a replica never needs.
CREATE UNLOGGED TABLE rate_limit_windows (
  key text PRIMARY KEY,
  hits integer NOT NULL,
  resets_at timestamptz NOT NULL
);
CREATE INDEX rate_limit_windows_resets_idx ON rate_limit_windows (resets_at);
