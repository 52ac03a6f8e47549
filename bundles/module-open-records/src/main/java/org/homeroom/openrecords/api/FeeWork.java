package org.homeroom.openrecords.api;

import java.math.BigDecimal;

/**
 * The work staff expect a request to take, from which the fee is estimated. Who pays a search fee
 * follows from the request (requester type, commercial purpose) and these two answers.
 */
public record FeeWork(Integer copyPages, Integer certifiedPages, BigDecimal searchHours, BigDecimal programmingHours,
        BigDecimal otherMediaCost, String otherMediaDescription, Boolean excessiveDisruption, Boolean publicInterest) {
}
