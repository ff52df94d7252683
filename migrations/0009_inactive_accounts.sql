-- Accounts unused for two years are warned (monthly, twice) and then locked.
ALTER TABLE accounts
  ADD COLUMN inactivity_warnings smallint NOT NULL DEFAULT 0,
  ADD COLUMN last_inactivity_warning_at timestamptz,
  ADD COLUMN locked_for_inactivity_at timestamptz;
CREATE INDEX accounts_last_active_idx ON accounts (last_active_at)
  WHERE locked_for_inactivity_at IS NULL;
