-- The integration hub's API clients: connected systems (ministries' and provinces' one-stop
-- systems, banks) that talk to the portal through OAuth 2.0 client credentials.

CREATE TABLE api_clients (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name                   text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- The agency or ministry that owns the system and answers for it.
  owner_agency_code      text NOT NULL REFERENCES agencies (code),
  contact_name           text NOT NULL CHECK (length(contact_name) BETWEEN 1 AND 200),
  contact_email          text NOT NULL CHECK (length(contact_email) BETWEEN 3 AND 200),
  contact_phone          text,
  scopes                 text[] NOT NULL,
  -- The agencies whose dossiers it may send and receive; empty means none.
  allowed_agencies       text[] NOT NULL DEFAULT '{}',
  rate_limit_per_minute  integer NOT NULL DEFAULT 600 CHECK (rate_limit_per_minute > 0),
  -- Addresses or CIDR ranges it may call from; empty means anywhere.
  allowed_addresses      text[] NOT NULL DEFAULT '{}',
  -- A client secret (development only): its argon2 hash.
  secret_hash            text,
  status                 text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  suspended_reason       text,
  created_at             timestamptz NOT NULL,
  created_by             uuid REFERENCES accounts (id),
  updated_at             timestamptz NOT NULL,
  version                integer NOT NULL DEFAULT 0
);
CREATE INDEX api_clients_owner_idx ON api_clients (owner_agency_code);

-- Public keys (JWK) a client signs its assertions with (RFC 7523 private_key_jwt). Several
-- at once, so a new key is added before the old one is retired: rotation without downtime.
CREATE TABLE api_client_keys (
  client_id   uuid NOT NULL REFERENCES api_clients (id),
  kid         text NOT NULL CHECK (length(kid) BETWEEN 1 AND 200),
  jwk         jsonb NOT NULL,
  added_at    timestamptz NOT NULL,
  retired_at  timestamptz,
  PRIMARY KEY (client_id, kid)
);

-- Assertions already used (their jti) until they expire: a replayed assertion is refused.
CREATE TABLE api_client_assertions (
  client_id   uuid NOT NULL REFERENCES api_clients (id),
  jti         text NOT NULL,
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (client_id, jti)
);
CREATE INDEX api_client_assertions_expiry_idx ON api_client_assertions (expires_at);
