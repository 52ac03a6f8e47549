-- the staff list is ordered by target date: with this index Derby reads the first page in order and
-- stops, instead of sorting every request (measured: bench/open-records.sh, docs/performance.md)
CREATE INDEX ORR_REQUEST_TARGET ON ORR_REQUEST (TARGET_DATE, ID);
