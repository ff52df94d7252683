-- Processing steps per procedure: the national default (agency_code NULL) or an agency's
-- own. Steps are a JSON list (code, name, role, department, agency): validated in code.
CREATE TABLE processing_workflows (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  procedure_code text NOT NULL REFERENCES procedures (code),
  agency_code    text REFERENCES agencies (code),
  steps          jsonb NOT NULL CHECK (jsonb_typeof(steps) = 'array' AND jsonb_array_length(steps) > 0),
  updated_at     timestamptz NOT NULL,
  updated_by     uuid REFERENCES accounts (id)
);
CREATE UNIQUE INDEX processing_workflows_scope_idx
  ON processing_workflows (procedure_code, coalesce(agency_code, ''));

-- A dossier's steps, resolved to agencies when it enters processing, and the agency holding
-- it now (its step's, else the receiving agency): the inbox is the holder's.
ALTER TABLE dossiers
  DROP CONSTRAINT dossiers_step_check,
  DROP CONSTRAINT dossiers_resume_step_check,
  ADD COLUMN workflow jsonb,
  ADD COLUMN handling_agency_code text REFERENCES agencies (code),
  ADD CONSTRAINT dossiers_step_in_workflow CHECK (coalesce(step, resume_step) IS NULL OR workflow IS NOT NULL);
UPDATE dossiers SET handling_agency_code = agency_code;
ALTER TABLE dossiers ALTER COLUMN handling_agency_code SET NOT NULL;

DROP INDEX dossiers_open_inbox_idx;
CREATE INDEX dossiers_open_inbox_idx ON dossiers (handling_agency_code, due_at, id)
  WHERE status IN (1, 2, 4, 5, 6);
DROP INDEX dossiers_agency_idx;
CREATE INDEX dossiers_agency_idx ON dossiers (handling_agency_code, status, due_at) WHERE status > 0;
