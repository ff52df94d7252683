-- Feedback and petitions (phản ánh, kiến nghị): what a person or business sends about a
-- regulation, a procedure, the handling of one of their dossiers or an agency's conduct; its
-- handling by agencies step by step; and the answers published with personal data removed.
-- The feedback module owns these tables; their states change only through its lifecycle.
-- Numbers the acknowledgement codes (PAKN-2026-000001).
CREATE SEQUENCE feedback_code_seq;

CREATE TABLE feedback_items (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The acknowledgement code the sender follows it by.
  code                text NOT NULL UNIQUE,
  kind                text NOT NULL CHECK (kind IN ('regulation', 'procedure', 'dossier', 'conduct')),
  -- Whose it is (a business when its representative sends it) and who sent it.
  owner_id            uuid NOT NULL REFERENCES accounts (id),
  sent_by             uuid NOT NULL REFERENCES accounts (id),
  -- Who sent it, as they signed in: what the officers see, and what publication removes.
  sender_name         text NOT NULL,
  procedure_code      text,
  dossier_code        text,
  field_code          text,
  -- The agency that holds it now (the competent one, after any forwarding).
  agency_code         text NOT NULL,
  title               text NOT NULL,
  body                text NOT NULL,
  -- The place it concerns: a province and commune of the administrative units, and in words.
  province_code       text,
  commune_code        text,
  place               text,
  publish_consent     boolean NOT NULL,
  status              text NOT NULL CHECK (status IN (
                        'submitted', 'in_progress', 'awaiting_sender', 'answered', 'closed',
                        'rejected', 'merged', 'withdrawn')),
  -- What the deadline now running is for ('triage': accept or forward; 'answer'), and when.
  deadline_kind       text CHECK (deadline_kind IN ('triage', 'answer')),
  due_at              timestamptz,
  escalated_at        timestamptz,
  forward_count       integer NOT NULL DEFAULT 0,
  merged_into         uuid REFERENCES feedback_items (id),
  answer_text         text,
  answer_agency_code  text,
  answered_at         timestamptz,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  version             integer NOT NULL DEFAULT 0,
  CHECK ((due_at IS NULL) = (deadline_kind IS NULL))
);
CREATE INDEX feedback_items_owner_idx ON feedback_items (owner_id, created_at DESC);
CREATE INDEX feedback_items_agency_idx ON feedback_items (agency_code, status, due_at);
CREATE INDEX feedback_items_due_idx ON feedback_items (due_at) WHERE escalated_at IS NULL;

-- Every step, in order: the sender's timeline and the audit of its handling.
CREATE TABLE feedback_events (
  id            bigserial PRIMARY KEY,
  feedback_id   uuid NOT NULL REFERENCES feedback_items (id),
  at            timestamptz NOT NULL,
  action        text NOT NULL,
  actor_id      uuid REFERENCES accounts (id),
  agency_code   text,
  from_status   text,
  to_status     text NOT NULL,
  to_agency     text,
  note          text
);
CREATE INDEX feedback_events_item_idx ON feedback_events (feedback_id, id);

-- Files: the sender's attachments, and the agency's signed answer.
CREATE TABLE feedback_files (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  feedback_id   uuid NOT NULL REFERENCES feedback_items (id),
  purpose       text NOT NULL CHECK (purpose IN ('attachment', 'answer')),
  file_name     text NOT NULL,
  media_type    text NOT NULL,
  size_bytes    integer NOT NULL,
  -- Its address in the file store.
  sha256        text NOT NULL,
  created_at    timestamptz NOT NULL
);
CREATE INDEX feedback_files_item_idx ON feedback_files (feedback_id);

-- Answers whose sender agreed to publication, with personal data removed: what the public
-- search and the procedures' pages show. Written once, when the answer is given.
CREATE TABLE published_answers (
  feedback_id     uuid PRIMARY KEY REFERENCES feedback_items (id),
  code            text NOT NULL UNIQUE,
  kind            text NOT NULL,
  agency_code     text NOT NULL,
  procedure_code  text,
  field_code      text,
  title           text NOT NULL,
  question        text NOT NULL,
  answer          text NOT NULL,
  answered_at     timestamptz NOT NULL,
  published_at    timestamptz NOT NULL
);
CREATE INDEX published_answers_procedure_idx ON published_answers (procedure_code, answered_at DESC);
CREATE INDEX published_answers_published_idx ON published_answers (published_at);
