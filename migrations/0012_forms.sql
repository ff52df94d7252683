-- Online forms as data: one definition per procedure version it was made for; a dossier
-- keeps the version it was started on, so its answers are always read against their form.
CREATE TABLE form_definitions (
  procedure_code     text NOT NULL REFERENCES procedures (code),
  procedure_version  integer NOT NULL CHECK (procedure_version > 0),
  definition         jsonb NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (procedure_code, procedure_version)
);
