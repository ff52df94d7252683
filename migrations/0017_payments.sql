-- Payments: fees asked of dossiers, obligations found by code, payment orders with an
-- explicit state graph, the callbacks that move them, refunds and receipts.

-- A fee an officer asks of a dossier (status 6): what for, how much. Paid by one order.
CREATE TABLE dossier_fees (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dossier_id    uuid NOT NULL REFERENCES dossiers (id),
  items         jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array'),
  amount        bigint NOT NULL CHECK (amount > 0),
  requested_at  timestamptz NOT NULL,
  requested_by  uuid REFERENCES accounts (id),
  paid_order_id uuid
);
-- One fee waits at a time per dossier.
CREATE UNIQUE INDEX dossier_fees_open_idx ON dossier_fees (dossier_id) WHERE paid_order_id IS NULL;

-- The sandbox issuer's obligations (tax notices, fines, insurance, electricity bills, court
-- fee advances); real issuers answer from their own systems through the same interface.
CREATE TABLE sandbox_bills (
  code              text PRIMARY KEY,
  kind              text NOT NULL CHECK (kind IN ('tax', 'insurance', 'fine', 'electricity', 'court_fee')),
  payer_id_number   text NOT NULL,
  payer_name        text NOT NULL,
  payee_agency_code text NOT NULL REFERENCES agencies (code),
  description       text NOT NULL,
  items             jsonb NOT NULL,
  amount            bigint NOT NULL CHECK (amount > 0),
  due_date          date,
  paid_at           timestamptz
);

CREATE TABLE payment_orders (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- What people and banks see: TT + day + a per-day number.
  number            text NOT NULL UNIQUE,
  subject           text NOT NULL CHECK (subject IN ('dossier_fee', 'bill')),
  dossier_fee_id    uuid REFERENCES dossier_fees (id),
  bill_code         text,
  bill_kind         text,
  payer_account_id  uuid REFERENCES accounts (id),
  payer_name        text NOT NULL,
  payee_agency_code text NOT NULL REFERENCES agencies (code),
  description       text NOT NULL,
  items             jsonb NOT NULL,
  amount            bigint NOT NULL CHECK (amount > 0),
  currency          text NOT NULL DEFAULT 'VND' CHECK (currency = 'VND'),
  provider          text NOT NULL,
  provider_ref      text,
  status            text NOT NULL CHECK (status IN ('created', 'pending', 'succeeded', 'failed',
                      'expired', 'cancelled', 'partially_refunded', 'refunded')),
  finished          boolean GENERATED ALWAYS AS (status NOT IN ('created', 'pending')) STORED,
  failure_code      text,
  refunded_amount   bigint NOT NULL DEFAULT 0,
  -- Something an officer must look at: money that came for an expired order, a wrong
  -- amount, a second payment of one obligation.
  flag              text CHECK (flag IN ('paid_after_expiry', 'amount_mismatch', 'paid_twice')),
  created_at        timestamptz NOT NULL,
  expires_at        timestamptz NOT NULL,
  paid_at           timestamptz,
  updated_at        timestamptz NOT NULL,
  version           integer NOT NULL DEFAULT 0,
  CHECK ((subject = 'dossier_fee') = (dossier_fee_id IS NOT NULL)),
  CHECK ((subject = 'bill') = (bill_code IS NOT NULL)),
  CHECK (refunded_amount BETWEEN 0 AND amount),
  CHECK ((paid_at IS NOT NULL) = (status IN ('succeeded', 'partially_refunded', 'refunded')))
);
CREATE UNIQUE INDEX payment_orders_provider_ref_idx ON payment_orders (provider, provider_ref);
CREATE INDEX payment_orders_open_idx ON payment_orders (expires_at) WHERE status IN ('created', 'pending');
CREATE INDEX payment_orders_payer_idx ON payment_orders (payer_account_id, created_at DESC);
CREATE INDEX payment_orders_fee_idx ON payment_orders (dossier_fee_id);
CREATE INDEX payment_orders_bill_idx ON payment_orders (bill_code);
CREATE INDEX payment_orders_agency_paid_idx ON payment_orders (payee_agency_code, paid_at);

ALTER TABLE dossier_fees
  ADD CONSTRAINT dossier_fees_paid_order_fk FOREIGN KEY (paid_order_id) REFERENCES payment_orders (id);

-- Every change of an order, in order.
CREATE TABLE payment_events (
  id          bigserial PRIMARY KEY,
  order_id    uuid NOT NULL REFERENCES payment_orders (id),
  at          timestamptz NOT NULL,
  event       text NOT NULL,
  from_status text,
  status      text NOT NULL,
  actor_id    uuid REFERENCES accounts (id),
  details     jsonb
);
CREATE INDEX payment_events_order_idx ON payment_events (order_id, id);

-- Each provider callback once (by the provider's event id): a duplicate is recognised and
-- never credits twice.
CREATE TABLE payment_callbacks (
  id          bigserial PRIMARY KEY,
  provider    text NOT NULL,
  event_id    text NOT NULL,
  order_id    uuid REFERENCES payment_orders (id),
  received_at timestamptz NOT NULL,
  outcome     text NOT NULL,
  body        jsonb NOT NULL,
  UNIQUE (provider, event_id)
);

CREATE TABLE payment_refunds (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id     uuid NOT NULL REFERENCES payment_orders (id),
  amount       bigint NOT NULL CHECK (amount > 0),
  reason       text NOT NULL,
  requested_by uuid NOT NULL REFERENCES accounts (id),
  created_at   timestamptz NOT NULL,
  provider_ref text
);

CREATE TABLE payment_receipts (
  number      text PRIMARY KEY,
  order_id    uuid NOT NULL UNIQUE REFERENCES payment_orders (id),
  document_id uuid REFERENCES documents (id),
  issued_at   timestamptz NOT NULL
);

-- Order (TT) and receipt (BL) numbers: the day and a running number, unique and readable.
-- Sequences, not a counter row per day: a row every payment updates would serialise all of
-- them (the callbacks benchmark measured it).
CREATE SEQUENCE payment_order_numbers;
CREATE SEQUENCE payment_receipt_numbers;

-- The sandbox bank's own books: what a payer confirmed on its hosted page.
CREATE TABLE sandbox_bank_payments (
  reference    text PRIMARY KEY,
  order_number text NOT NULL,
  amount       bigint NOT NULL,
  status       text NOT NULL CHECK (status IN ('open', 'succeeded', 'declined', 'timed_out', 'refunded')),
  account      text,
  return_url   text NOT NULL,
  created_at   timestamptz NOT NULL,
  settled_at   timestamptz
);
CREATE TABLE sandbox_bank_refunds (
  reference         text PRIMARY KEY,
  payment_reference text NOT NULL REFERENCES sandbox_bank_payments (reference),
  amount            bigint NOT NULL CHECK (amount > 0),
  at                timestamptz NOT NULL
);

-- Which providers an agency takes payments through; an agency without rows takes all the
-- portal's configured providers.
CREATE TABLE agency_payment_providers (
  agency_code text NOT NULL REFERENCES agencies (code),
  provider    text NOT NULL,
  PRIMARY KEY (agency_code, provider)
);

-- Receipts go to the payer's document store beside uploads and results.
ALTER TABLE documents DROP CONSTRAINT documents_source_check;
ALTER TABLE documents ADD CONSTRAINT documents_source_check CHECK (source IN ('upload', 'result', 'receipt'));

-- Lines of the collection account's bank statement, imported: VietQR transfers are matched
-- to their orders by the payment number in the transfer's content.
CREATE TABLE bank_statement_lines (
  bank_reference text PRIMARY KEY,
  booked_at      timestamptz NOT NULL,
  amount         bigint NOT NULL,
  description    text NOT NULL,
  order_number   text,
  imported_at    timestamptz NOT NULL
);
CREATE INDEX bank_statement_lines_order_idx ON bank_statement_lines (order_number);
