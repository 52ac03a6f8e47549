-- Links between records of any two modules. References are text (module:kind:id): nothing here depends on
-- a module's tables, so links outlive a module's uninstall. One row per pair, stored in the order given.
CREATE TABLE HR_LINK (
  ID BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  FROM_REF VARCHAR(182) NOT NULL,
  TO_REF VARCHAR(182) NOT NULL,
  NOTE VARCHAR(500),
  CREATED_BY VARCHAR(100) NOT NULL,
  CREATED_AT TIMESTAMP NOT NULL,
  CONSTRAINT HR_LINK_PAIR UNIQUE (FROM_REF, TO_REF)
);
CREATE INDEX HR_LINK_TO ON HR_LINK (TO_REF);

-- The district's strategic plan: goals, guardrails and indicators, bilingual.
CREATE TABLE HR_GOAL (
  ID BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  KIND VARCHAR(20) NOT NULL,
  NAME VARCHAR(200) NOT NULL,
  NAME_ES VARCHAR(200) NOT NULL,
  CREATED_AT TIMESTAMP NOT NULL,
  UPDATED_AT TIMESTAMP NOT NULL,
  CONSTRAINT HR_GOAL_NAME UNIQUE (KIND, NAME)
);

-- A record tagged with a goal.
CREATE TABLE HR_GOAL_TAG (
  GOAL_ID BIGINT NOT NULL REFERENCES HR_GOAL (ID),
  REF VARCHAR(182) NOT NULL,
  TAGGED_BY VARCHAR(100) NOT NULL,
  TAGGED_AT TIMESTAMP NOT NULL,
  PRIMARY KEY (GOAL_ID, REF)
);

-- The one search: a word index the database keeps (docs/decisions.md, "One search"). A document per record;
-- a posting per distinct word of a document, keyed by word then site, so site staff read only the ranges of
-- their sites ('*' = a district-wide record). WEIGHT: 3 for a word of the title, 1 of the text, 4 for both.
CREATE TABLE HR_SEARCH_DOC (
  ID BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  REF VARCHAR(182) NOT NULL,
  MODULE VARCHAR(40) NOT NULL,
  SITE VARCHAR(20) NOT NULL,
  TITLE VARCHAR(300) NOT NULL,
  UPDATED_AT TIMESTAMP NOT NULL,
  CONSTRAINT HR_SEARCH_DOC_REF UNIQUE (REF)
);
CREATE TABLE HR_SEARCH_TERM (
  TERM VARCHAR(40) NOT NULL,
  SITE VARCHAR(20) NOT NULL,
  DOC_ID BIGINT NOT NULL,
  WEIGHT SMALLINT NOT NULL,
  PRIMARY KEY (TERM, SITE, DOC_ID)
);
CREATE INDEX HR_SEARCH_TERM_DOC ON HR_SEARCH_TERM (DOC_ID);
