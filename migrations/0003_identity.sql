-- Identity: accounts, role grants, sessions and pending national sign-ins.
CREATE TABLE accounts (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind             text NOT NULL CHECK (kind IN ('citizen', 'business', 'officer', 'catalog_admin', 'system_admin')),
  -- Citizens are keyed by their 12-digit personal ID number, businesses by enterprise code.
  personal_id      text UNIQUE CHECK (personal_id ~ '^[0-9]{12}$'),
  enterprise_code  text UNIQUE CHECK (enterprise_code ~ '^[0-9]{10}(-[0-9]{3})?$'),
  name             text NOT NULL,
  birth_date       date,
  gender           text CHECK (gender IN ('male', 'female')),
  address          jsonb,
  email            text,
  phone            text,
  -- Subject at the national identity provider, and which fields it vouched for.
  idp_subject      text UNIQUE,
  verified_fields  text[] NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL DEFAULT now(),
  last_active_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'citizen' OR personal_id IS NOT NULL)
);

CREATE TABLE role_grants (
  account_id   uuid NOT NULL REFERENCES accounts (id),
  agency_code  text NOT NULL REFERENCES agencies (code),
  role         text NOT NULL CHECK (role IN ('receiver', 'processor', 'approver', 'agency_admin')),
  granted_by   uuid REFERENCES accounts (id),
  granted_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, agency_code, role)
);

CREATE TABLE sessions (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Only a hash of the cookie's token is kept: a copy of this table signs nobody in.
  token_hash       text NOT NULL UNIQUE,
  account_id       uuid NOT NULL REFERENCES accounts (id),
  assurance_level  smallint NOT NULL CHECK (assurance_level IN (1, 2)),
  method           text NOT NULL CHECK (method IN ('national_id', 'password_otp')),
  created_at       timestamptz NOT NULL,
  last_seen_at     timestamptz NOT NULL,
  expires_at       timestamptz NOT NULL,
  revoked_at       timestamptz,
  user_agent       text,
  ip               text
);
CREATE INDEX sessions_account_idx ON sessions (account_id) WHERE revoked_at IS NULL;

-- A national sign-in under way: state, nonce and PKCE verifier kept on the server, bound
-- to the browser that started it, used once.
CREATE TABLE pending_sign_ins (
  state          text PRIMARY KEY,
  browser_hash   text NOT NULL,
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,
  return_to      text NOT NULL,
  created_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL
);
