-- Deadlines: when a dossier went past due (set by the scheduled job), how it finished
-- against its deadline, and the apology slips that set a new appointment.
ALTER TABLE dossiers
  ADD COLUMN late_since timestamptz,
  ADD COLUMN finished_at timestamptz,
  ADD COLUMN outcome text CHECK (outcome IN ('early', 'on_time', 'late'));
CREATE INDEX dossiers_due_open_idx ON dossiers (due_at) WHERE late_since IS NULL AND status IN (1, 2, 4, 6);

CREATE TABLE apology_slips (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dossier_id       uuid NOT NULL REFERENCES dossiers (id),
  number           integer NOT NULL,
  issued_at        timestamptz NOT NULL,
  issued_by        uuid NOT NULL REFERENCES accounts (id),
  reason           text NOT NULL CHECK (length(trim(reason)) > 0),
  previous_due_at  timestamptz NOT NULL,
  new_due_at       timestamptz NOT NULL CHECK (new_due_at > previous_due_at),
  UNIQUE (dossier_id, number)
);

-- The signed e-result, kept in the applicant's document store.
ALTER TABLE dossiers ADD COLUMN result_document_id uuid REFERENCES documents (id);

-- The inbox: an agency's open dossiers in due order, read page by page.
CREATE INDEX dossiers_open_inbox_idx ON dossiers (agency_code, due_at, id)
  WHERE status IN (1, 2, 4, 5, 6);
