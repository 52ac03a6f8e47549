package org.homeroom.openrecords.api;

import java.math.BigDecimal;

/**
 * One line of a fee estimate. {@code item} is a stable code (copies, certified-copies, other-media, search,
 * programming); {@code description} is what the requester reads. Money has scale 2.
 */
public record FeeLine(String item, String description, BigDecimal quantity, BigDecimal unitPrice, BigDecimal amount) {
}
