-- The platform's outbox. A message is stored in the sender's transaction and delivered later by the
-- mail worker; rows are never deleted (the outbox is also the record of what was sent to whom).
-- STATE: queued (waiting for NEXT_ATTEMPT_AT) | sent | logged (demo transport) | failed
-- RECIPIENTS: comma-separated addresses (validation refuses commas inside an address)
-- HEADERS: extra headers, one "Name: value" per line (validation refuses CR/LF and ':' in names)
-- MESSAGE_ID: the Message-ID header sent, set once the SMTP server accepted the message
CREATE TABLE MAIL_OUTBOX (
  ID BIGINT NOT NULL GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ORIGIN VARCHAR(200) NOT NULL,
  RECIPIENTS VARCHAR(13000) NOT NULL,
  SUBJECT VARCHAR(300) NOT NULL,
  TEXT_BODY CLOB(2M) NOT NULL,
  HTML_BODY CLOB(2M),
  REPLY_TO VARCHAR(254),
  HEADERS VARCHAR(32672),
  STATE VARCHAR(16) NOT NULL,
  ATTEMPTS INT NOT NULL,
  QUEUED_AT TIMESTAMP NOT NULL,
  NEXT_ATTEMPT_AT TIMESTAMP NOT NULL,
  SENT_AT TIMESTAMP,
  LAST_ERROR VARCHAR(1000),
  MESSAGE_ID VARCHAR(500)
);

-- the worker's poll: STATE = 'queued' AND NEXT_ATTEMPT_AT <= now, oldest first
CREATE INDEX MAIL_OUTBOX_DUE ON MAIL_OUTBOX (STATE, NEXT_ATTEMPT_AT);

-- OUTBOX_ID, not MESSAGE_ID: MAIL_OUTBOX.MESSAGE_ID is the Message-ID header, a different thing.
-- Derby indexes the foreign key by itself.
CREATE TABLE MAIL_ATTACHMENT (
  ID BIGINT NOT NULL GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  OUTBOX_ID BIGINT NOT NULL REFERENCES MAIL_OUTBOX (ID),
  FILE_NAME VARCHAR(200) NOT NULL,
  CONTENT_TYPE VARCHAR(200) NOT NULL,
  CONTENT BLOB(10M) NOT NULL
);
