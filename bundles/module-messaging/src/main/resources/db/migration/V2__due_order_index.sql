-- the worker reads due deliveries oldest first and stops after a batch: with ID in the index Derby reads
-- them in order instead of sorting every planned delivery for each batch (200,000 for a district emergency)
DROP INDEX MSG_DELIVERY_DUE;
CREATE INDEX MSG_DELIVERY_DUE_ORDER ON MSG_DELIVERY (STATE, NOT_BEFORE, ID);
