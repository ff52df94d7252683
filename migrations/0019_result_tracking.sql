-- The postal tracking number of a result sent by post, shown to the officer and the
-- applicant (it was only in the history's details).
ALTER TABLE dossiers ADD COLUMN result_tracking_number text;

UPDATE dossiers d SET result_tracking_number = e.details ->> 'trackingNumber'
FROM dossier_events e
WHERE e.dossier_id = d.id AND e.action = 'return_result' AND e.details ? 'trackingNumber';
