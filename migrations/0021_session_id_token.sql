-- A national sign-in's ID token stays with its session until the session ends: signing out
-- hands it back to the identity provider (id_token_hint) so the provider's session ends too,
-- and the next person at a shared computer must sign in there again. Cleared on revocation.
ALTER TABLE sessions ADD COLUMN id_token text;
