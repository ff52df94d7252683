-- Webhooks out (docs/integration.md, "Webhooks"): connected systems subscribe to events, and
-- each event is POSTed to their endpoints signed as the Standard Webhooks specification says,
-- retried for up to two days, every attempt kept. Owned by the integration module.

-- An endpoint of an API client and the events it wants.
CREATE TABLE webhook_subscriptions (
  id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id                   uuid NOT NULL REFERENCES api_clients (id),
  -- https; http only to a loopback address outside production (checked by the service).
  url                         text NOT NULL CHECK (length(url) BETWEEN 10 AND 2000),
  description                 text CHECK (length(description) <= 200),
  event_types                 text[] NOT NULL CHECK (
    cardinality(event_types) > 0 AND event_types <@ ARRAY['dossier.status_changed',
      'delivery.available', 'payment.succeeded', 'catalog.changed']::text[]),
  -- The signing secret (`whsec_` + base64), sealed with a key derived from the server secret
  -- (AES-256-GCM): a copy of the database alone cannot forge the portal's webhooks.
  secret_sealed               text NOT NULL,
  -- After a rotation the old secret signs too (a second signature), until it expires.
  previous_secret_sealed      text,
  previous_secret_expires_at  timestamptz,
  status                      text NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'disabled', 'deleted')),
  -- Why it is disabled: too many failures in a row, or its client paused it.
  disabled_reason             text CHECK (disabled_reason IN ('failing', 'client')),
  disabled_at                 timestamptz,
  -- Failed attempts since the last success; at the configured threshold it is disabled.
  consecutive_failures        integer NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
  last_success_at             timestamptz,
  last_failure_at             timestamptz,
  created_at                  timestamptz NOT NULL,
  updated_at                  timestamptz NOT NULL,
  CHECK ((status = 'disabled') = (disabled_reason IS NOT NULL))
);
CREATE INDEX webhook_subscriptions_client_idx ON webhook_subscriptions (client_id, created_at);

-- An event, once: the body every endpoint receives (its `webhook-id` is the id).
CREATE TABLE webhook_messages (
  id           text PRIMARY KEY CHECK (id ~ '^msg_[A-Za-z0-9_-]{16,64}$'),
  event_type   text NOT NULL,
  -- The agency the event concerns, when it concerns one: only clients allowed that agency
  -- receive it. Not a foreign key: a message is kept as it was sent.
  agency_code  text,
  -- {type, timestamp, data}, as POSTed.
  payload      jsonb NOT NULL,
  created_at   timestamptz NOT NULL
);
CREATE INDEX webhook_messages_created_idx ON webhook_messages (created_at);

-- Every attempt to deliver a message to a subscription, the ones still to come included:
-- a pending row is due at due_at; a sent one records what the endpoint answered.
CREATE TABLE webhook_attempts (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  message_id       text NOT NULL REFERENCES webhook_messages (id),
  subscription_id  uuid NOT NULL REFERENCES webhook_subscriptions (id),
  -- 1, 2, … per message and subscription, replays included.
  attempt_number   integer NOT NULL CHECK (attempt_number >= 1),
  -- What made it: the event, a retry after a failure, or a replay asked for.
  trigger          text NOT NULL CHECK (trigger IN ('event', 'retry', 'replay')),
  -- Its place in the event's retry schedule (1 at once, 2 after 5 s, …); null for a replay,
  -- which is one try of its own.
  schedule_step    smallint CHECK (schedule_step >= 1),
  CHECK ((trigger = 'replay') = (schedule_step IS NULL)),
  -- pending → sending → succeeded | failed (a retry follows) | abandoned (the last one);
  -- cancelled: its subscription was deleted first (src/modules/integration/webhook-lifecycle.ts).
  state            text NOT NULL DEFAULT 'pending' CHECK (state IN
    ('pending', 'sending', 'succeeded', 'failed', 'abandoned', 'cancelled')),
  due_at           timestamptz NOT NULL,
  -- While sending: the lease. Past it, another worker may claim the attempt again.
  claimed_until    timestamptz,
  attempted_at     timestamptz,
  -- The endpoint's HTTP status, or else the network error (refused, timed out, …).
  http_status      smallint,
  error            text CHECK (length(error) <= 500),
  duration_ms      integer,
  -- After a failure: when the retry is due; null after the last.
  next_attempt_at  timestamptz,
  created_at       timestamptz NOT NULL,
  UNIQUE (message_id, subscription_id, attempt_number)
);
CREATE INDEX webhook_attempts_due_idx ON webhook_attempts (due_at)
  WHERE state IN ('pending', 'sending');
CREATE INDEX webhook_attempts_subscription_idx
  ON webhook_attempts (subscription_id, created_at DESC);
CREATE INDEX webhook_attempts_message_idx ON webhook_attempts (message_id);
