-- Daily reconciliation: each provider's report for a day against the portal's orders.
CREATE TABLE reconciliation_runs (
  id         bigserial PRIMARY KEY,
  provider   text NOT NULL,
  day        date NOT NULL,
  ran_at     timestamptz NOT NULL,
  matched    integer NOT NULL,
  mismatches integer NOT NULL
);
CREATE INDEX reconciliation_runs_day_idx ON reconciliation_runs (day, provider);

-- What did not agree, for an officer to settle.
CREATE TABLE reconciliation_mismatches (
  id                bigserial PRIMARY KEY,
  run_id            bigint NOT NULL REFERENCES reconciliation_runs (id),
  provider          text NOT NULL,
  day               date NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('missing_at_provider', 'missing_in_portal',
                      'amount_differs', 'refund_differs')),
  reference         text NOT NULL,
  order_id          uuid REFERENCES payment_orders (id),
  payee_agency_code text REFERENCES agencies (code),
  portal_amount     bigint NOT NULL,
  provider_amount   bigint NOT NULL,
  resolved_at       timestamptz,
  resolved_by       uuid REFERENCES accounts (id),
  resolution        text
);
CREATE INDEX reconciliation_mismatches_open_idx ON reconciliation_mismatches (payee_agency_code, day)
  WHERE resolved_at IS NULL;
