-- The monitoring index (docs/monitoring.md): what each fact last added to the figures, the
-- figures by agency, procedure, channel and day, and their totals by period and place, kept
-- up to date as facts change (never by scanning all dossiers when a page is asked for).

-- What a dossier, rating or feedback item (key 'dossier:CODE', 'rating:CODE', …) last added:
-- a change is applied as what it adds now less what it added before, so reading a fact twice
-- changes nothing. [[day, agency, procedure, channel, metric, value], …]
CREATE TABLE monitoring_facts (
  key            text PRIMARY KEY,
  contributions  jsonb NOT NULL,
  updated_at     timestamptz NOT NULL
);

-- The finest grain: one agency's figures per day, procedure and channel (0: none).
CREATE TABLE monitoring_counts (
  agency_code     text NOT NULL,
  day             date NOT NULL,
  procedure_code  text NOT NULL,
  channel         smallint NOT NULL CHECK (channel BETWEEN 0 AND 3),
  metric          text NOT NULL,
  value           bigint NOT NULL,
  PRIMARY KEY (agency_code, day, procedure_code, channel, metric)
);

-- Totals per period ('2026-11', '2026-Q4', '2026') and place ('agency:CODE', 'province:CODE',
-- 'ministry:CODE', 'nation'): what the public pages read, a few hundred rows per page.
CREATE TABLE monitoring_totals (
  period  text NOT NULL,
  scope   text NOT NULL,
  metric  text NOT NULL,
  value   bigint NOT NULL,
  PRIMARY KEY (period, scope, metric)
);

-- Per service (agency × procedure) and period, the metrics whose presence is counted: how
-- many online services received a dossier, how many fee-charging ones were paid online.
CREATE TABLE monitoring_service_totals (
  period          text NOT NULL,
  agency_code     text NOT NULL,
  procedure_code  text NOT NULL,
  metric          text NOT NULL,
  value           bigint NOT NULL,
  PRIMARY KEY (period, agency_code, procedure_code, metric)
);

-- How far the index has read each owner's feed; `previous` is read again at the next run, to
-- take in what committed late with an earlier position.
CREATE TABLE monitoring_cursors (
  feed        text PRIMARY KEY,
  previous    text,
  current     text,
  updated_at  timestamptz NOT NULL
);

-- Versions of the index's definition published after the built-in one (Decision 766/2022).
CREATE TABLE monitoring_definitions (
  version         text PRIMARY KEY,
  effective_from  date NOT NULL UNIQUE,
  definition      jsonb NOT NULL,
  published_at    timestamptz NOT NULL
);
