-- Communications holds. SITES: the site codes held, comma-separated; NULL holds the whole district.
-- Active while LIFTED_AT is NULL. Rows are never deleted: the record of who held what, why, and until when.
CREATE TABLE HR_HOLD (
  ID BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  SITES VARCHAR(2000),
  REASON VARCHAR(500) NOT NULL,
  SET_BY VARCHAR(100) NOT NULL,
  SET_AT TIMESTAMP NOT NULL,
  LIFTED_BY VARCHAR(100),
  LIFTED_AT TIMESTAMP,
  LIFT_REASON VARCHAR(500)
);
CREATE INDEX HR_HOLD_ACTIVE ON HR_HOLD (LIFTED_AT, ID);
