package org.homeroom.directory.api;

import java.util.Map;

/**
 * A phone or address of a person. {@code channel}: mobile, landline, email; {@code value} normalised
 * (+1XXXXXXXXXX, lower-case email). {@code consent}: category → whether a message of that category may
 * go to this contact now (see {@link Consents}); {@code suppressed}: the family asked the district to
 * delete it, so nothing goes to it.
 */
public record ContactPoint(String channel, String value, boolean suppressed, Map<String, Boolean> consent) {
}
