-- The role that takes a dossier's current step, kept with the step (the lifecycle writes
-- both): which agencies' dossiers sit at a step nobody holds is then read from two small
-- indexes instead of every processing dossier's workflow.
ALTER TABLE dossiers ADD COLUMN step_role text CHECK (step_role IN ('processor', 'approver'));
UPDATE dossiers d SET step_role = (
  SELECT s ->> 'role' FROM jsonb_array_elements(d.workflow) s WHERE s ->> 'code' = d.step LIMIT 1)
WHERE d.status = 4;
CREATE INDEX dossiers_processing_received_idx ON dossiers (agency_code, handling_agency_code, step_role)
  WHERE status = 4;
CREATE INDEX dossiers_processing_held_idx ON dossiers (handling_agency_code, step_role)
  WHERE status = 4;
