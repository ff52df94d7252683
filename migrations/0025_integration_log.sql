-- The integration hub's message log: every exchange with a connected system under
-- /api/v1/integration/, refused ones too, one row each, hash-chained so that a record altered
-- or removed is found (`npm run integration-log -- verify`; docs/integration.md, "Message log").
-- Bodies are never stored, only their SHA-256: they carry personal data.

CREATE TABLE integration_log (
  -- Numbered without gaps by the chain head below, in the order the records were appended.
  seq              bigint PRIMARY KEY,
  -- The portal's id of the exchange, also answered in the X-Request-Id header.
  request_id       uuid NOT NULL,
  -- The API client (api_clients.id) when it was known; null for a caller not authenticated.
  -- Not a foreign key: the log outlives what it names, and recording must never fail.
  client_id        uuid,
  -- When the request arrived.
  at               timestamptz NOT NULL,
  method           text NOT NULL,
  -- The route's pattern (/api/v1/integration/deliveries/:id); null when no route matched.
  route            text,
  -- The address asked for: ID numbers and long tokens in the path redacted, and of the query
  -- string only the parameters' names (their values may be personal data).
  path             text NOT NULL,
  -- Null when the caller went away before any answer was sent (outcome 'aborted').
  status           smallint,
  outcome          text NOT NULL
    CHECK (outcome IN ('ok', 'refused', 'rejected', 'failed', 'aborted')),
  -- The problem details' code of an error answer (invalid_token, rate_limited, …).
  problem_code     text,
  -- SHA-256 and length of the request body as received. Null: the body was not read (the
  -- request was refused before it); a request without a body has the hash of zero bytes.
  request_sha256   bytea CHECK (octet_length(request_sha256) = 32),
  request_bytes    bigint,
  -- SHA-256 and length of the answer's body as sent; null when none was sent.
  response_sha256  bytea CHECK (octet_length(response_sha256) = 32),
  response_bytes   bigint,
  duration_us      bigint NOT NULL,
  -- The chain: hash = SHA-256(prev_hash || UTF-8 of "<seq>\n<the record as a JSON array>"),
  -- prev_hash being the previous record's hash (src/modules/integration/message-log.ts).
  prev_hash        bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
  hash             bytea NOT NULL CHECK (octet_length(hash) = 32)
);
CREATE INDEX integration_log_at_idx ON integration_log (at);
CREATE INDEX integration_log_client_idx ON integration_log (client_id, seq);
CREATE INDEX integration_log_request_idx ON integration_log (request_id);

-- The chain's one head row. Appending a record updates it in the same statement as the insert
-- (UPDATE … RETURNING, in a data-modifying WITH): the row lock makes appends from every
-- request and process wait for one another, so there is one chain and never a fork.
-- `anchor_*` is where verification starts: nothing (seq 0, the genesis hash) until records
-- are pruned, then the last record pruned, so that removals after it are still found.
CREATE TABLE integration_log_head (
  id           boolean PRIMARY KEY DEFAULT true CHECK (id),
  last_seq     bigint NOT NULL,
  last_hash    bytea NOT NULL,
  -- The last hash before the latest append: what that append's record links to.
  prior_hash   bytea NOT NULL,
  anchor_seq   bigint NOT NULL,
  anchor_hash  bytea NOT NULL,
  anchored_at  timestamptz,
  CHECK (anchor_seq <= last_seq)
);
INSERT INTO integration_log_head (last_seq, last_hash, prior_hash, anchor_seq, anchor_hash)
SELECT 0, genesis, genesis, 0, genesis
  FROM (SELECT sha256(convert_to('Một Cửa integration log', 'UTF8')) AS genesis) AS g;

-- What the database itself refuses: changing a record, removing one the anchor has not passed
-- (pruning moves the anchor first), emptying the table, and a head that goes back or away.
-- Whoever may drop these triggers can still do all of it; the chain then says where.
CREATE FUNCTION integration_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.seq <= (SELECT anchor_seq FROM integration_log_head) THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'integration_log is append-only: records are removed only by pruning';
END $$;
CREATE TRIGGER integration_log_append_only BEFORE UPDATE OR DELETE ON integration_log
  FOR EACH ROW EXECUTE FUNCTION integration_log_guard();
CREATE TRIGGER integration_log_no_truncate BEFORE TRUNCATE ON integration_log
  FOR EACH STATEMENT EXECUTE FUNCTION integration_log_guard();

CREATE FUNCTION integration_log_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.last_seq >= OLD.last_seq AND NEW.anchor_seq >= OLD.anchor_seq THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'integration_log_head only moves forward';
END $$;
CREATE TRIGGER integration_log_head_forward BEFORE UPDATE OR DELETE ON integration_log_head
  FOR EACH ROW EXECUTE FUNCTION integration_log_head_guard();
CREATE TRIGGER integration_log_head_no_truncate BEFORE TRUNCATE ON integration_log_head
  FOR EACH STATEMENT EXECUTE FUNCTION integration_log_head_guard();
