-- The public archive is chosen per item by staff (ORR_PUBLICATION, ORR_PUBLISHED_FILE) instead of
-- following from an entry marked public, which published the requester's own description with it.
-- Nothing is deleted or rewritten: old public entries stay on their request (the requester still sees
-- them), they only stop feeding the archive.

-- one archive entry per request: a summary staff wrote for the public (null: files only).
-- STATE: published (in the archive), withdrawn (taken out), review (made by this migration from
-- public notes: staff write a summary before anything of it is public again)
CREATE TABLE ORR_PUBLICATION (
  REQUEST_ID BIGINT NOT NULL PRIMARY KEY REFERENCES ORR_REQUEST (ID),
  SUMMARY VARCHAR(8000),
  STATE VARCHAR(10) NOT NULL,
  PUBLISHED_AT TIMESTAMP,
  UPDATED_AT TIMESTAMP NOT NULL,
  UPDATED_BY VARCHAR(128) NOT NULL
);
CREATE INDEX ORR_PUBLICATION_STATE ON ORR_PUBLICATION (STATE, PUBLISHED_AT);

-- the released files staff chose for the archive; withdrawing keeps the row
CREATE TABLE ORR_PUBLISHED_FILE (
  FILE_ID BIGINT NOT NULL PRIMARY KEY REFERENCES ORR_FILE (ID),
  REQUEST_ID BIGINT NOT NULL REFERENCES ORR_REQUEST (ID),
  PUBLISHED_AT TIMESTAMP NOT NULL,
  PUBLISHED_BY VARCHAR(128) NOT NULL,
  WITHDRAWN_AT TIMESTAMP,
  WITHDRAWN_BY VARCHAR(128)
);
CREATE INDEX ORR_PUBLISHED_FILE_REQUEST ON ORR_PUBLISHED_FILE (REQUEST_ID, FILE_ID);

-- files uploaded as public were each chosen by a person for the public: they stay published
INSERT INTO ORR_PUBLISHED_FILE (FILE_ID, REQUEST_ID, PUBLISHED_AT, PUBLISHED_BY)
  SELECT F.ID, F.REQUEST_ID, F.UPLOADED_AT, F.UPLOADED_BY FROM ORR_FILE F WHERE F.VISIBILITY = 'public';

-- a request that had anything public: published with its public files and no text, or (only notes)
-- waiting for a staff summary; its description and note texts are never copied into the archive
INSERT INTO ORR_PUBLICATION (REQUEST_ID, SUMMARY, STATE, PUBLISHED_AT, UPDATED_AT, UPDATED_BY)
  SELECT R.ID, CAST(NULL AS VARCHAR(8000)),
         CASE WHEN EXISTS (SELECT 1 FROM ORR_PUBLISHED_FILE P WHERE P.REQUEST_ID = R.ID) THEN 'published' ELSE 'review' END,
         CASE WHEN EXISTS (SELECT 1 FROM ORR_PUBLISHED_FILE P WHERE P.REQUEST_ID = R.ID) THEN CURRENT_TIMESTAMP ELSE CAST(NULL AS TIMESTAMP) END,
         CURRENT_TIMESTAMP, 'migration'
  FROM ORR_REQUEST R
  WHERE EXISTS (SELECT 1 FROM ORR_ENTRY E WHERE E.REQUEST_ID = R.ID AND E.VISIBILITY = 'public')
     OR EXISTS (SELECT 1 FROM ORR_PUBLISHED_FILE P WHERE P.REQUEST_ID = R.ID);

-- the department (a site code or a configured department) a note, file or assignment step belongs to:
-- site staff see only their own part. Older rows have none, so site staff do not see them (the
-- assignment's own note stays on ORR_ASSIGNMENT, which they do see).
ALTER TABLE ORR_ENTRY ADD COLUMN DEPARTMENT VARCHAR(40);
ALTER TABLE ORR_FILE ADD COLUMN DEPARTMENT VARCHAR(40);
