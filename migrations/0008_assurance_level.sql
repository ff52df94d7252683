-- The identity assurance level a procedure's online filing requires (as VNeID levels 1, 2).
ALTER TABLE procedure_versions
  ADD COLUMN required_assurance_level smallint NOT NULL DEFAULT 1
    CHECK (required_assurance_level IN (1, 2));
