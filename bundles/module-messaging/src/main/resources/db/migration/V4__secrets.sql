-- per-installation secrets (the key that signs unsubscribe links), made once at first start
CREATE TABLE MSG_SECRET (
  NAME VARCHAR(40) NOT NULL PRIMARY KEY,
  SECRET_VALUE VARCHAR(100) NOT NULL
);
