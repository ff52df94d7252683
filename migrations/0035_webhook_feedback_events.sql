-- Connected systems may subscribe to feedback's steps, ratings and the help desk's work too.
ALTER TABLE webhook_subscriptions DROP CONSTRAINT webhook_subscriptions_event_types_check;
ALTER TABLE webhook_subscriptions ADD CONSTRAINT webhook_subscriptions_event_types_check CHECK (
  cardinality(event_types) > 0 AND event_types <@ ARRAY['dossier.status_changed',
    'delivery.available', 'payment.succeeded', 'catalog.changed', 'feedback.changed',
    'rating.given', 'help.ticket_changed', 'help.call_logged']::text[]);
