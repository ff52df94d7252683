-- The help desk (the support module owns these tables): the knowledge base support staff
-- write, the tickets people open with the contact form, and the hotline's log of calls and
-- chats. Topics, channels, outcomes and states are fixed lists in code (topics.ts,
-- lifecycle.ts); the checks here keep the data to them.

CREATE TABLE support_articles (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Its address (/help/articles/<slug>), made from the Vietnamese title without diacritics.
  slug             text NOT NULL UNIQUE,
  topic            text NOT NULL,
  -- The catalog's procedures it is about (codes; the catalog owns procedures).
  procedure_codes  text[] NOT NULL DEFAULT '{}',
  title_vi         text NOT NULL,
  body_vi          text NOT NULL,
  title_en         text NOT NULL,
  body_en          text NOT NULL,
  status           text NOT NULL CHECK (status IN ('draft', 'published')),
  created_by       uuid REFERENCES accounts (id),
  created_at       timestamptz NOT NULL,
  updated_by       uuid REFERENCES accounts (id),
  updated_at       timestamptz NOT NULL,
  published_at     timestamptz,
  version          integer NOT NULL DEFAULT 0
);
CREATE INDEX support_articles_published_idx ON support_articles (status, updated_at DESC);

CREATE TABLE support_tickets (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The code the person is given (HT-YYMMDD-XXXXXX).
  code            text NOT NULL UNIQUE,
  topic           text NOT NULL,
  procedure_code  text,
  subject         text NOT NULL,
  message         text NOT NULL,
  contact_name    text NOT NULL,
  contact_email   text,
  contact_phone   text,
  -- The account it was sent from, when the person was signed in: they read it at /my/help.
  account_id      uuid REFERENCES accounts (id),
  locale          text NOT NULL CHECK (locale IN ('vi', 'en')),
  status          text NOT NULL CHECK (status IN (
                    'open', 'in_progress', 'waiting_for_person', 'resolved', 'closed')),
  -- When support owes the person an answer (null while the person or nobody is awaited).
  due_at          timestamptz,
  assigned_to     uuid REFERENCES accounts (id),
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  resolved_at     timestamptz,
  version         integer NOT NULL DEFAULT 0,
  CHECK (contact_email IS NOT NULL OR contact_phone IS NOT NULL OR account_id IS NOT NULL)
);
CREATE INDEX support_tickets_account_idx ON support_tickets (account_id, created_at DESC);
CREATE INDEX support_tickets_desk_idx ON support_tickets (status, due_at);
CREATE INDEX support_tickets_created_idx ON support_tickets (created_at);

-- A ticket's timeline: the person's messages, support's replies and internal notes, and
-- every change of status.
CREATE TABLE support_ticket_entries (
  id           bigserial PRIMARY KEY,
  ticket_id    uuid NOT NULL REFERENCES support_tickets (id),
  at           timestamptz NOT NULL,
  kind         text NOT NULL CHECK (kind IN ('message', 'reply', 'note', 'status')),
  author_id    uuid REFERENCES accounts (id),
  body         text,
  from_status  text,
  to_status    text NOT NULL
);
CREATE INDEX support_ticket_entries_ticket_idx ON support_ticket_entries (ticket_id, id);

-- The hotline's log: one line per call, chat or email answered by support staff.
CREATE TABLE support_calls (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  channel           text NOT NULL CHECK (channel IN ('phone', 'chat', 'email')),
  topic             text NOT NULL,
  procedure_code    text,
  -- The caller's account, when they gave an ID number the portal knows.
  account_id        uuid REFERENCES accounts (id),
  outcome           text NOT NULL,
  duration_seconds  integer NOT NULL CHECK (duration_seconds BETWEEN 0 AND 86400),
  summary           text NOT NULL DEFAULT '',
  agent_id          uuid NOT NULL REFERENCES accounts (id),
  at                timestamptz NOT NULL
);
CREATE INDEX support_calls_at_idx ON support_calls (at DESC);
