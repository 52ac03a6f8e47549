-- Imports are all or nothing: each has a state (applied, held, refused, confirmed), and a held one keeps
-- what it read here until a person confirms it (then the rows are applied and deleted).
ALTER TABLE DIR_IMPORT ADD COLUMN STATE VARCHAR(10) DEFAULT 'applied' NOT NULL;
CREATE INDEX DIR_IMPORT_STATE ON DIR_IMPORT (STATE, ID);

-- what a held import read: one row per person ('person'), per sourcedId users.csv named but could not be
-- read ('seen': never taken for gone) and per org ('org'); DATA is JSON
CREATE TABLE DIR_IMPORT_ROW (
  IMPORT_ID BIGINT NOT NULL REFERENCES DIR_IMPORT (ID),
  SEQ INT NOT NULL,
  ROW_KIND VARCHAR(8) NOT NULL,
  DATA VARCHAR(32000) NOT NULL,
  PRIMARY KEY (IMPORT_ID, SEQ)
);

-- the orgs of the last import (a delta users.csv may come without orgs.csv); TYPE as OneRoster 1.1 names it
CREATE TABLE DIR_ORG (
  SOURCED_ID VARCHAR(128) NOT NULL PRIMARY KEY,
  ORG_TYPE VARCHAR(12) NOT NULL,
  IDENTIFIER VARCHAR(128) NOT NULL,
  NAME VARCHAR(200),
  PARENT_ID VARCHAR(128)
);

-- OneRoster 1.1 grades include "Other"
ALTER TABLE DIR_PERSON ALTER COLUMN GRADE SET DATA TYPE VARCHAR(8);
