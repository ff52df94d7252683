-- Status sync in (docs/dossiers.md, "Status sync"; ADR 0016): dossiers that connected systems
-- push, whether filed on the portal (dossier_id), at a counter or by post, and every event
-- they sent. Owned by the dossiers module.

-- One row per dossier code a connected system has pushed: its newest state. For a dossier
-- filed on the portal the procedure, agency and applicant are copied from it.
CREATE TABLE synced_dossiers (
  code                 text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$'),
  -- One row per portal dossier already, by its code (no index of its own to keep up to date).
  dossier_id           uuid REFERENCES dossiers (id),
  -- The connected system whose event is the newest applied.
  client_id            uuid NOT NULL REFERENCES api_clients (id),
  procedure_code       text NOT NULL REFERENCES procedures (code),
  agency_code          text NOT NULL REFERENCES agencies (code),
  -- 1 at the counter, 2 online, 3 by post.
  channel              smallint NOT NULL CHECK (channel IN (1, 2, 3)),
  applicant_name       text NOT NULL CHECK (length(applicant_name) BETWEEN 1 AND 200),
  -- A personal ID number or an enterprise code: the citizen's "my dossiers" and the lookup.
  applicant_id_number  text NOT NULL,
  status               smallint NOT NULL CHECK (status BETWEEN 1 AND 10),
  -- The newest applied event's time: an older event is kept in history, never applied.
  last_event_at        timestamptz NOT NULL,
  received_at          timestamptz,
  due_at               timestamptz,
  returned_at          timestamptz,
  -- [{name, amount (whole đồng), paid}]
  fees                 jsonb NOT NULL DEFAULT '[]',
  -- [{requestedAt, reason, oldDueAt, newDueAt}]
  supplements          jsonb NOT NULL DEFAULT '[]',
  -- [{fileName, contentType, size, sha256}]: files uploaded first (sync_result_files).
  results              jsonb NOT NULL DEFAULT '[]',
  -- Data quality: how many applied events were impossible transitions, and the last one.
  flag_count           integer NOT NULL DEFAULT 0,
  last_flag            text,
  last_flag_at         timestamptz,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  CHECK (dossier_id IS NOT NULL OR received_at IS NOT NULL)
-- Each event rewrites its dossier's row: half of each page left free, and no index on what
-- an event changes, so the new version stays on its page without touching an index (HOT:
-- 99.6% of updates in bench/ingest against 64% at 80; the table is smaller too, as dead
-- versions are pruned in place rather than spread over new pages).
) WITH (fillfactor = 50);
-- A citizen's synced dossiers by their verified ID number (the portal's own are theirs already).
CREATE INDEX synced_dossiers_applicant_idx ON synced_dossiers (applicant_id_number)
  WHERE dossier_id IS NULL;

-- Every event pushed, once per client and event id (a repeat is a duplicate, not recorded
-- again). Lean on purpose: it grows by millions of rows, so no foreign keys (its one writer
-- records only codes it has just locked or created) and two indexes.
CREATE TABLE dossier_sync_events (
  client_id     uuid NOT NULL,
  event_id      text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 100),
  dossier_code  text NOT NULL,
  at            timestamptz NOT NULL,
  status        smallint NOT NULL CHECK (status BETWEEN 1 AND 10),
  -- False when older than the dossier's newest event: kept in its history only.
  applied       boolean NOT NULL,
  flag          text CHECK (flag IN ('impossible_transition')),
  recorded_at   timestamptz NOT NULL,
  note          text,
  PRIMARY KEY (client_id, event_id)
);
CREATE INDEX dossier_sync_events_timeline_idx ON dossier_sync_events (dossier_code, at);

-- Result documents a connected system uploaded (checked by content, in the file store under
-- their SHA-256) before naming them in an event.
CREATE TABLE sync_result_files (
  sha256        text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  client_id     uuid NOT NULL REFERENCES api_clients (id),
  content_type  text NOT NULL,
  size          bigint NOT NULL CHECK (size > 0),
  uploaded_at   timestamptz NOT NULL
);
