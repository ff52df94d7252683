-- Platform: extensions and helpers every module uses.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Folds Vietnamese (and any Latin) text for search: lower case, diacritics removed, đ → d.
-- unaccent() itself is only STABLE (its dictionary could change); pinning the dictionary
-- makes it safe to mark this wrapper IMMUTABLE so it can feed indexes and stored columns.
CREATE OR REPLACE FUNCTION fold(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, input)) $$;
