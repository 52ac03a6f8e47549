-- the list orders by publish date, newest first, within a site: serve it from the index, not a sort
CREATE INDEX ANN_SITE_LIST ON ANN_ANNOUNCEMENT (SITE_CODE, PUBLISH_FROM DESC, ID DESC);
