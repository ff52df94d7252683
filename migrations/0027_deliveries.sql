-- Dossier exchange, one door (issue 15, item 3; docs/integration.md, "Dossier exchange"):
-- agencies whose dossiers are processed in a connected system, and the dossiers filed on the
-- portal for them, handed to that system through a pull queue. Owned by the integration module.

-- An agency processed in a connected system: its dossiers filed online from `since` on go to
-- the client, not to the portal's back office. One system per agency.
CREATE TABLE connected_agencies (
  agency_code  text PRIMARY KEY REFERENCES agencies (code),
  client_id    uuid NOT NULL REFERENCES api_clients (id),
  since        timestamptz NOT NULL,
  -- Null when the development registration of a sandbox system marked it.
  marked_by    uuid REFERENCES accounts (id),
  -- How far the sweep has looked for dossiers submitted without a delivery (it looks again a
  -- little before this, for submissions committed after their submitted_at).
  swept_until  timestamptz NOT NULL
);
CREATE INDEX connected_agencies_client_idx ON connected_agencies (client_id);

-- A dossier handed to a connected system: one per dossier, ever. Leased to the client by each
-- pull, handed out again once the lease is over, until the client acknowledges it.
CREATE TABLE deliveries (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id          uuid NOT NULL REFERENCES api_clients (id),
  dossier_id         uuid NOT NULL UNIQUE REFERENCES dossiers (id),
  dossier_code       text NOT NULL,
  agency_code        text NOT NULL REFERENCES agencies (code),
  created_at         timestamptz NOT NULL,
  -- How many pulls have handed it out, and the last one.
  attempts           integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_delivered_at  timestamptz,
  leased_until       timestamptz,
  acknowledged_at    timestamptz,
  CHECK (acknowledged_at IS NULL OR attempts > 0),
  CHECK ((attempts = 0) = (last_delivered_at IS NULL))
);
-- The pull queue: a client's deliveries not yet acknowledged, oldest first.
CREATE INDEX deliveries_queue_idx ON deliveries (client_id, created_at, id)
  WHERE acknowledged_at IS NULL;
