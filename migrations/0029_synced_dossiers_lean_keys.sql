-- Status sync's dossiers without foreign keys to the catalog and the API clients (ADR 0016).
-- A foreign key check takes a KEY SHARE lock on the row it points at: every new synced
-- dossier locked its procedure, its agency and its client, and eight connected systems
-- inserting at once turned those few hundred rows into shared multixacts, more than half of
-- the database's time in bench/ingest. The one writer (the dossiers module's sync) takes only
-- codes it has just found in the catalog and its caller's own client; procedures and agencies
-- are annulled or dissolved, never deleted, and API clients are suspended, never deleted.
ALTER TABLE synced_dossiers DROP CONSTRAINT synced_dossiers_client_id_fkey;
ALTER TABLE synced_dossiers DROP CONSTRAINT synced_dossiers_procedure_code_fkey;
ALTER TABLE synced_dossiers DROP CONSTRAINT synced_dossiers_agency_code_fkey;
