-- Satisfaction ratings (đánh giá mức độ hài lòng) of dossiers whose result was returned: the
-- invitation to rate, and the one rating per dossier. The ratings module owns these tables
-- (docs/ratings.md). Dossier, agency and procedure codes are kept as codes, without foreign
-- keys: a synced dossier is not a row of `dossiers`, and status sync takes no key locks on
-- the catalog (ADR 0016).

-- One invitation per dossier, to the account asked; a repeated status event finds it there.
CREATE TABLE rating_invitations (
  dossier_code    text PRIMARY KEY,
  -- Filed on the portal, or known only from a connected system's status sync.
  source          text NOT NULL CHECK (source IN ('portal', 'synced')),
  agency_code     text NOT NULL,
  procedure_code  text NOT NULL,
  account_id      uuid NOT NULL REFERENCES accounts (id),
  returned_at     timestamptz NOT NULL,
  invited_at      timestamptz NOT NULL,
  -- The last moment a first rating is taken (RATING_OPEN_DAYS after the invitation).
  closes_at       timestamptz NOT NULL
);
CREATE INDEX rating_invitations_account_idx ON rating_invitations (account_id, invited_at DESC);

-- The rating: who gave it is its invitation's account, shown to that person only; an
-- anonymous one is shown to officers without anything that links it to the dossier.
CREATE TABLE ratings (
  -- Random: anonymous ratings are listed in this order within their month, never by time.
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dossier_code       text NOT NULL UNIQUE REFERENCES rating_invitations (dossier_code),
  -- Copied from the invitation, so the service index reads ratings alone.
  agency_code        text NOT NULL,
  procedure_code     text NOT NULL,
  -- The Vietnam month it was first given (its first day): the index's and officers' period.
  month              date NOT NULL CHECK (extract(day FROM month) = 1),
  on_time            boolean NOT NULL,
  -- How many times the person had to come or re-submit; 3 means three or more.
  visits             smallint NOT NULL CHECK (visits BETWEEN 0 AND 3),
  conduct            smallint NOT NULL CHECK (conduct BETWEEN 1 AND 5),
  fees_as_announced  boolean NOT NULL,
  overall            smallint NOT NULL CHECK (overall BETWEEN 1 AND 5),
  comment            text CHECK (length(comment) BETWEEN 1 AND 1000),
  anonymous          boolean NOT NULL,
  given_at           timestamptz NOT NULL,
  changed_at         timestamptz,
  -- The last moment it can be changed (RATING_CHANGE_DAYS after it was first given).
  changeable_until   timestamptz NOT NULL
);
CREATE INDEX ratings_agency_month_idx ON ratings (agency_code, month, procedure_code);

-- How far the catch-up job has read returned dossiers (one row): what a listener missed.
CREATE TABLE rating_catch_up (
  id          boolean PRIMARY KEY DEFAULT true CHECK (id),
  read_until  timestamptz NOT NULL
);
