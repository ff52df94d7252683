-- Statistics feeds (issue 17; src/platform/feeds.ts): each owner answers the keys of what
-- changed after a position, so a reader keeping figures of its own (the monitoring index)
-- never reads another module's tables. Positions come from sequences, so they only grow;
-- a row committed late with a lower position is caught by the reader re-reading from an
-- earlier cursor. Dossier events (id) and feedback events (id) have theirs already.

-- Status sync's events in the order they were recorded: the synced dossiers' feed. Not a
-- column of synced_dossiers, which is kept free of indexes on what events change (HOT, see
-- 0024); an event is only ever inserted, so its index grows at its right end.
ALTER TABLE dossier_sync_events ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE INDEX dossier_sync_events_seq_idx ON dossier_sync_events (seq);

-- A fee paid writes no dossier event when the dossier was not waiting for it (a fee due on
-- filing), and the one it writes when it was comes after the payment's commit: the payment
-- takes a position of its own, in its own transaction, read beside the dossier's events.
CREATE SEQUENCE dossier_fee_payments;
ALTER TABLE dossier_fees ADD COLUMN paid_seq bigint;
ALTER SEQUENCE dossier_fee_payments OWNED BY dossier_fees.paid_seq;
UPDATE dossier_fees SET paid_seq = nextval('dossier_fee_payments') WHERE paid_order_id IS NOT NULL;
CREATE UNIQUE INDEX dossier_fees_paid_seq_idx ON dossier_fees (paid_seq) WHERE paid_seq IS NOT NULL;
-- A dossier's fees, asked or paid: the feed's facts (and the fee list) read them by dossier;
-- only the open one had an index.
CREATE INDEX dossier_fees_dossier_idx ON dossier_fees (dossier_id);

-- A rating's position: taken when it is given and again whenever it is changed, so the
-- ratings' feed finds a changed rating after the position it last read.
CREATE SEQUENCE rating_changes;
ALTER TABLE ratings ADD COLUMN seq bigint NOT NULL DEFAULT nextval('rating_changes');
ALTER SEQUENCE rating_changes OWNED BY ratings.seq;
CREATE UNIQUE INDEX ratings_seq_idx ON ratings (seq);

-- Leaders' data quality lists an agency's synced dossiers with something wrong: only those
-- rows are in this index (the same conditions as src/modules/dossiers/oversight-repository.ts).
CREATE INDEX synced_dossiers_problems_idx ON synced_dossiers (agency_code)
  WHERE flag_count > 0
     OR (status >= 2 AND received_at IS NULL)
     OR (status = 10 AND returned_at IS NULL)
     OR (status IN (2, 4, 5, 6, 9, 10) AND due_at IS NULL);
