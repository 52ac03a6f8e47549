-- what the provider reported after accepting a text or call (delivered, undelivered, failed, busy, no-answer…)
ALTER TABLE MSG_DELIVERY ADD COLUMN PROVIDER_STATUS VARCHAR(20);
