-- How each person wants to hear from the portal (in-app messages are always kept).
ALTER TABLE accounts
  ADD COLUMN notify_by_email boolean NOT NULL DEFAULT true,
  ADD COLUMN notify_by_sms boolean NOT NULL DEFAULT false;
