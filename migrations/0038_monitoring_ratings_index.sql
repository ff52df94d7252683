-- The leaders' dashboard reads agencies' ratings per procedure over twelve months: only the
-- rating rows of the daily figures are in this index, so a province's leaders read those
-- rather than every figure of every day (src/modules/monitoring/dashboard-repository.ts).
CREATE INDEX monitoring_counts_ratings_idx ON monitoring_counts (agency_code, day)
  INCLUDE (procedure_code, metric, value)
  WHERE metric IN ('rated', 'rating_points_milli');
