-- Processing: the internal step while status is 4, where a waiting dossier (5, 6) returns
-- to, who has it, and the deadline clock (paused while the applicant is asked for more).
ALTER TABLE dossiers
  ADD COLUMN step text CHECK (step IN ('review', 'approval')),
  ADD COLUMN resume_status smallint CHECK (resume_status BETWEEN 1 AND 10),
  ADD COLUMN resume_step text CHECK (resume_step IN ('review', 'approval')),
  ADD COLUMN assigned_to uuid REFERENCES accounts (id),
  ADD COLUMN paused_at timestamptz,
  ADD CONSTRAINT dossiers_step_while_processing CHECK ((status = 4) = (step IS NOT NULL)),
  ADD CONSTRAINT dossiers_paused_while_waiting CHECK (paused_at IS NULL OR status = 5);

-- Each transition records where it came from and what came with it (items asked for,
-- a tracking number), next to who and when: the audit trail the timeline reads.
ALTER TABLE dossier_events
  ADD COLUMN from_status smallint,
  ADD COLUMN details jsonb;
