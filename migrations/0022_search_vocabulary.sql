-- Spelling correction (src/modules/catalog/search-vocabulary.ts) keeps the catalog's words
-- in memory and, between two equally close words, prefers the one more procedures hold.
ALTER TABLE catalog_words ADD COLUMN documents integer NOT NULL DEFAULT 0;
UPDATE catalog_words c SET documents = s.ndoc
  FROM ts_stat('SELECT search_document FROM procedures') s WHERE s.word = c.word;

-- Misspelt queries are corrected before searching, so nothing asks for the names nearest
-- a query by trigram distance any more.
DROP INDEX procedures_name_trgm_idx;

-- The versions in force change once a day, all together: their new entries go straight
-- into the index rather than into a pending list that every search would scan until the
-- next vacuum.
ALTER INDEX procedures_search_idx SET (fastupdate = off);
SELECT gin_clean_pending_list('procedures_search_idx');
