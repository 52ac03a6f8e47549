package org.homeroom.directory.api;

import java.time.Instant;

/** One change of consent for a number or address and a category, with its legal basis. */
public record ConsentRecord(String value, String category, String state, String basis, String note, Instant at, String actor) {
}
