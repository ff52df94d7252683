-- When each agency last changed (docs/integration.md, "Catalog pull"): connected systems ask
-- for the agencies changed since a time. Owned by the catalog module, which sets it with
-- every write of an agency (the seed's inserts take the default). Procedures need no column:
-- their change times follow from their versions (created_at, effective_from) and annulment.
ALTER TABLE agencies ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
