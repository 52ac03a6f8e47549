package org.homeroom.openrecords.api;

import java.math.BigDecimal;

/** A payment received toward the fee (cash, check, card), recorded before records are released. */
public record Payment(BigDecimal amount, String method, String reference) {
}
