-- The modules the district wants, reconciled into Karaf at start, after each change and periodically,
-- so a restart keeps the admin's choice and nodes sharing this database converge.
-- STATE: started | stopped | absent
CREATE TABLE HR_MODULE_DESIRED (
  MODULE_ID VARCHAR(40) NOT NULL PRIMARY KEY,
  STATE VARCHAR(16) NOT NULL,
  VERSION VARCHAR(64),
  UPDATED_AT TIMESTAMP NOT NULL,
  UPDATED_BY VARCHAR(128) NOT NULL
);
