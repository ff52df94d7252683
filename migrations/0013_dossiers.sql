-- The personal document store (kho dữ liệu cá nhân): every accepted upload and every result.
-- Files live in the file store under their SHA-256; a row here says whose they are.
CREATE TABLE documents (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id       uuid NOT NULL REFERENCES accounts (id),
  document_type  text NOT NULL,
  file_name      text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  content_type   text NOT NULL,
  size           bigint NOT NULL CHECK (size > 0),
  sha256         text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  source         text NOT NULL CHECK (source IN ('upload', 'result')),
  created_at     timestamptz NOT NULL,
  -- The owner removed it from the store; dossiers already submitted keep their copy.
  deleted_at     timestamptz
);
CREATE INDEX documents_owner_idx ON documents (owner_id, document_type, created_at DESC)
  WHERE deleted_at IS NULL;
CREATE INDEX documents_sha256_idx ON documents (sha256);

-- A dossier: a draft (status 0, no code yet) until submitted; then the national status
-- codes (1 submitted … 10 result returned).
CREATE TABLE dossiers (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code                text UNIQUE,
  -- Whose dossier it is (a business when its representative files for it) and who filed.
  owner_id            uuid NOT NULL REFERENCES accounts (id),
  filed_by            uuid NOT NULL REFERENCES accounts (id),
  procedure_code      text NOT NULL REFERENCES procedures (code),
  procedure_version   integer NOT NULL,
  agency_code         text NOT NULL REFERENCES agencies (code),
  -- 1 at the counter, 2 online, 3 by post.
  channel             smallint NOT NULL DEFAULT 2 CHECK (channel IN (1, 2, 3)),
  status              smallint NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 10),
  answers             jsonb NOT NULL DEFAULT '{}',
  applicant_name      text,
  -- The applicant's personal ID number or enterprise code: with the code, opens the lookup.
  applicant_id_number text,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  submitted_at        timestamptz,
  due_at              timestamptz,
  withdrawn_at        timestamptz,
  version             integer NOT NULL DEFAULT 0,
  CHECK ((status = 0) = (code IS NULL)),
  CHECK (status = 0 OR (submitted_at IS NOT NULL AND applicant_id_number IS NOT NULL AND due_at IS NOT NULL))
);
CREATE INDEX dossiers_owner_idx ON dossiers (owner_id, updated_at DESC);
CREATE INDEX dossiers_agency_idx ON dossiers (agency_code, status, due_at) WHERE status > 0;

CREATE TABLE dossier_attachments (
  dossier_id   uuid NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  field_id     text NOT NULL,
  document_id  uuid NOT NULL REFERENCES documents (id),
  added_at     timestamptz NOT NULL,
  PRIMARY KEY (dossier_id, field_id, document_id)
);
CREATE INDEX dossier_attachments_document_idx ON dossier_attachments (document_id);

-- The last number given per agency per day: taken in the submitting transaction, so a
-- rolled-back submission gives its number back and the codes have no gaps.
CREATE TABLE dossier_sequences (
  agency_code  text NOT NULL,
  day          date NOT NULL,
  last_value   integer NOT NULL,
  PRIMARY KEY (agency_code, day)
);

-- What happened to a dossier, in order: the timeline people read.
CREATE TABLE dossier_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_id  uuid NOT NULL REFERENCES dossiers (id),
  at          timestamptz NOT NULL,
  action      text NOT NULL,
  status      smallint NOT NULL,
  actor_id    uuid REFERENCES accounts (id),
  note        text
);
CREATE INDEX dossier_events_dossier_idx ON dossier_events (dossier_id, id);

-- Idempotency-Key: the first answer to a key, replayed to every retry with the same body.
CREATE TABLE idempotency_keys (
  account_id    uuid NOT NULL REFERENCES accounts (id),
  key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  scope         text NOT NULL,
  request_hash  text NOT NULL,
  response      jsonb,
  created_at    timestamptz NOT NULL,
  PRIMARY KEY (account_id, key)
);
