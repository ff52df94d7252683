-- The identity-provider simulator's state (identity module, src/modules/identity/oidc-adapter.ts):
-- what oidc-provider keeps of sign-ins under way, its sessions, grants, codes and tokens, one
-- row per model and id, so that any portal process can answer any step of a sign-in and a
-- restart forgets none. A row past expires_at is not found; the daily job
-- identity-simulator-prune deletes it.
CREATE TABLE idp_simulator_state (
  model        text NOT NULL,
  id           text NOT NULL,
  payload      jsonb NOT NULL,
  -- Set for the models a grant's revocation removes (codes, tokens).
  grant_id     text,
  -- The device flow's user code (unused by the simulator, part of the provider's contract).
  user_code    text,
  -- A session's uid, which the provider also finds it by.
  uid          text,
  expires_at   timestamptz,
  consumed_at  timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX idp_simulator_state_uid_idx ON idp_simulator_state (model, uid)
  WHERE uid IS NOT NULL;
CREATE INDEX idp_simulator_state_user_code_idx ON idp_simulator_state (model, user_code)
  WHERE user_code IS NOT NULL;
CREATE INDEX idp_simulator_state_grant_idx ON idp_simulator_state (model, grant_id)
  WHERE grant_id IS NOT NULL;
CREATE INDEX idp_simulator_state_expires_idx ON idp_simulator_state (expires_at)
  WHERE expires_at IS NOT NULL;

-- The simulator's signing key (a private JWK) per algorithm: made by the first process that
-- needs it, then used by all, so a token one process signs another checks.
CREATE TABLE idp_simulator_keys (
  alg          text PRIMARY KEY,
  private_jwk  jsonb NOT NULL,
  created_at   timestamptz NOT NULL
);
