-- planning writes every delivery of a district-wide message at once; one index fewer to maintain there.
-- An opt-out (rare) now scans the message's planned deliveries instead (MSG_DELIVERY_MESSAGE (MESSAGE_ID, STATE)).
DROP INDEX MSG_DELIVERY_VALUE;
