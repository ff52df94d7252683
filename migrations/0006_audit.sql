-- The audit log: who did what, when, to what, why, with the state before and after.
-- Append-only: the database itself refuses to change or remove an entry.
CREATE TABLE audit_log (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at             timestamptz NOT NULL,
  actor_id       uuid REFERENCES accounts (id),
  action         text NOT NULL,
  resource_type  text NOT NULL,
  resource_id    text NOT NULL,
  before         jsonb,
  after          jsonb,
  reason         text
);
CREATE INDEX audit_log_resource_idx ON audit_log (resource_type, resource_id, at);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
