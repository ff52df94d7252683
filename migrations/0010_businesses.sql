-- Businesses are accounts keyed by enterprise code, acted for by representative citizens.
CREATE TABLE business_representatives (
  business_id  uuid NOT NULL REFERENCES accounts (id),
  citizen_id   uuid NOT NULL REFERENCES accounts (id),
  since        timestamptz NOT NULL,
  PRIMARY KEY (business_id, citizen_id)
);
CREATE INDEX business_representatives_citizen_idx ON business_representatives (citizen_id);

-- A session may act for one business its person represents.
ALTER TABLE sessions ADD COLUMN acting_for uuid REFERENCES accounts (id);
