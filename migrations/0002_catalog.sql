-- Catalog: administrative units, agencies, fields and versioned procedures.
CREATE TABLE admin_units (
  code          text PRIMARY KEY,
  level         text NOT NULL CHECK (level IN ('province', 'commune')),
  name          text NOT NULL,
  name_en       text NOT NULL,
  full_name     text NOT NULL,
  full_name_en  text NOT NULL,
  code_name     text NOT NULL,
  province_code text REFERENCES admin_units (code),
  CHECK ((level = 'province') = (province_code IS NULL))
);
CREATE INDEX admin_units_province_idx ON admin_units (province_code, name);

CREATE TABLE agencies (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code          text NOT NULL UNIQUE,
  name          text NOT NULL,
  name_en       text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('ministry', 'central_unit',
                  'province_people_committee', 'province_department',
                  'commune_people_committee', 'commune_police')),
  sector        text,
  parent_code   text REFERENCES agencies (code),
  province_code text REFERENCES admin_units (code),
  commune_code  text REFERENCES admin_units (code),
  address       text NOT NULL DEFAULT '',
  phone         text,
  email         text,
  website       text,
  search_name   text GENERATED ALWAYS AS (fold(name)) STORED
);
CREATE INDEX agencies_parent_idx ON agencies (parent_code, code);
CREATE INDEX agencies_province_idx ON agencies (province_code, kind, code);
CREATE INDEX agencies_kind_idx ON agencies (kind, sector);

CREATE TABLE fields (
  code          text PRIMARY KEY,
  name          text NOT NULL,
  name_en       text NOT NULL,
  ministry_code text NOT NULL REFERENCES agencies (code)
);

CREATE TABLE procedures (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code               text NOT NULL UNIQUE,
  popular            boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL DEFAULT now(),
  -- Annulment keeps the record (and its dossiers' history) but stops offering it.
  annulled_from      date,
  annulment_decision jsonb,
  -- The version in force, and a copy of what search needs from it, kept current by
  -- catalog.activateDueVersions (at seed time and hourly) so searching never joins versions.
  current_version_id uuid,
  name               text NOT NULL DEFAULT '',
  level              text NOT NULL DEFAULT 'central',
  field_code         text REFERENCES fields (code),
  service_level      text NOT NULL DEFAULT 'information',
  targets            text[] NOT NULL DEFAULT '{}',
  agency_codes       text[] NOT NULL DEFAULT '{}',
  agency_kinds       text[] NOT NULL DEFAULT '{}',
  search_name        text NOT NULL DEFAULT '',
  -- The folded name alone, to rank name matches above matches elsewhere in the record.
  name_document      tsvector NOT NULL DEFAULT ''::tsvector,
  search_document    tsvector NOT NULL DEFAULT ''::tsvector
);
CREATE INDEX procedures_search_idx ON procedures USING gin (search_document);
-- GiST, not GIN: typo matching asks for the few names nearest the query (KNN on <->).
-- A longer signature than the default (12 bytes) suits names of 5–25 words: fewer false
-- candidates to recheck, nearly half the time on 10,000 names.
CREATE INDEX procedures_name_trgm_idx ON procedures USING gist (search_name gist_trgm_ops (siglen = 256));
CREATE INDEX procedures_field_idx ON procedures (field_code);
CREATE INDEX procedures_agency_codes_idx ON procedures USING gin (agency_codes);
CREATE INDEX procedures_agency_kinds_idx ON procedures USING gin (agency_kinds);

CREATE TABLE procedure_versions (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  procedure_id       uuid NOT NULL REFERENCES procedures (id),
  version            integer NOT NULL CHECK (version > 0),
  effective_from     date NOT NULL,
  decision           jsonb NOT NULL,
  name               text NOT NULL,
  name_en            text NOT NULL,
  level              text NOT NULL CHECK (level IN ('central', 'province', 'commune')),
  kind               text NOT NULL CHECK (kind IN ('detailed_by_law', 'not_delegated', 'local')),
  field_code         text NOT NULL REFERENCES fields (code),
  service_level      text NOT NULL CHECK (service_level IN ('full_online', 'partial_online', 'information')),
  targets            text[] NOT NULL CHECK (targets <@ ARRAY['citizen', 'business'] AND cardinality(targets) > 0),
  target_description text NOT NULL,
  summary            text NOT NULL,
  steps              jsonb NOT NULL,
  channels           jsonb NOT NULL,
  documents          jsonb NOT NULL,
  agencies           jsonb NOT NULL,
  receiving_address  text NOT NULL,
  results            jsonb NOT NULL,
  conditions         text,
  keywords           text[] NOT NULL DEFAULT '{}',
  legal_bases        jsonb NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  UNIQUE (procedure_id, version),
  UNIQUE (procedure_id, effective_from)
);

-- Every word the offered catalog contains (folded), refreshed with the versions in force:
-- a query whose words are all known is not misspelt, so it needs no typo matching.
CREATE TABLE catalog_words (
  word text PRIMARY KEY
);

ALTER TABLE procedures
  ADD CONSTRAINT procedures_current_version_fk
  FOREIGN KEY (current_version_id) REFERENCES procedure_versions (id);
