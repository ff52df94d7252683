-- Notifications: an outbox of messages, written in the same transaction as the event that
-- causes them, sent by a job, with the delivery status and the provider's answer.
CREATE TABLE notifications (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id          uuid REFERENCES accounts (id),
  channel             text NOT NULL CHECK (channel IN ('email', 'sms', 'in_app')),
  recipient           text NOT NULL,
  template            text NOT NULL,
  locale              text NOT NULL CHECK (locale IN ('vi', 'en')),
  subject             text NOT NULL,
  body                text NOT NULL,
  status              text NOT NULL DEFAULT 'queued'
                        CHECK (status IN ('queued', 'sent', 'delivered', 'failed')),
  attempts            integer NOT NULL DEFAULT 0,
  next_attempt_at     timestamptz NOT NULL,
  provider            text,
  provider_message_id text,
  provider_answer     text,
  created_at          timestamptz NOT NULL,
  sent_at             timestamptz,
  read_at             timestamptz
);
CREATE INDEX notifications_due_idx ON notifications (next_attempt_at) WHERE status = 'queued';
CREATE INDEX notifications_inbox_idx ON notifications (account_id, created_at DESC)
  WHERE channel = 'in_app';
CREATE INDEX notifications_recipient_idx ON notifications (recipient, created_at DESC);
