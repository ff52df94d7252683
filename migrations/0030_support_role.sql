-- Support staff answer the hotline and help tickets: a role of their own, granted at the
-- agency that runs the help desk (the Office of the Government for the national portal).
ALTER TABLE role_grants DROP CONSTRAINT role_grants_role_check;
ALTER TABLE role_grants ADD CONSTRAINT role_grants_role_check
  CHECK (role IN ('receiver', 'processor', 'approver', 'agency_admin', 'support'));
