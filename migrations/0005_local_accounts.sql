-- Local accounts (email or phone + password + one-time code) for people without national
-- identity and for officers; lock-out after repeated failures.
ALTER TABLE accounts
  ADD COLUMN password_hash text,
  ADD COLUMN failed_passwords integer NOT NULL DEFAULT 0,
  ADD COLUMN locked_until timestamptz;

CREATE UNIQUE INDEX accounts_local_email_idx ON accounts (lower(email))
  WHERE password_hash IS NOT NULL AND email IS NOT NULL;
CREATE UNIQUE INDEX accounts_local_phone_idx ON accounts (phone)
  WHERE password_hash IS NOT NULL AND phone IS NOT NULL;

CREATE TABLE one_time_codes (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id   uuid NOT NULL REFERENCES accounts (id),
  code_hash    text NOT NULL,
  channel      text NOT NULL CHECK (channel IN ('email', 'sms')),
  attempts     integer NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  consumed_at  timestamptz
);
CREATE INDEX one_time_codes_account_idx ON one_time_codes (account_id, created_at DESC);
