package org.homeroom.openrecords.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.homeroom.openrecords.api.FeeEstimate;
import org.homeroom.openrecords.api.FeeLine;
import org.homeroom.openrecords.api.RequesterType;

/**
 * Estimates the fee for an open records request under 51 O.S. §24A.5 and the district's fee schedule.
 * Pure logic: no I/O, safe to share between threads.
 */
public final class FeeEngine {

    private static final String CITE = "(51 O.S. §24A.5)";

    private final FeeSchedule schedule;

    public FeeEngine(FeeSchedule schedule) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    public FeeEstimate estimate(FeeInput in) {
        if (in == null) {
            throw new IllegalArgumentException("input is required");
        }
        if (in.requesterType() == null) {
            throw new IllegalArgumentException("requesterType is required");
        }
        BigDecimal copies = nonNegative("copyPages", BigDecimal.valueOf(in.copyPages()));
        BigDecimal certified = nonNegative("certifiedPages", BigDecimal.valueOf(in.certifiedPages()));
        BigDecimal mediaCost = nonNegative("otherMediaCost", in.otherMediaCost());
        BigDecimal searchHours = nonNegative("searchHours", in.searchHours());
        BigDecimal programmingHours = nonNegative("programmingHours", in.programmingHours());

        List<FeeLine> lines = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        // Order is part of the contract: copies, certified, other media, search, programming.
        add(lines, "copies", "Copies (8.5×14 in. or smaller)", copies, schedule.copyPerPage());
        add(lines, "certified-copies", "Certified copies", certified, schedule.certifiedPerPage());
        // Other media are charged at their direct cost only, so they appear as one unit at that cost.
        if (mediaCost.signum() > 0) {
            String d = in.otherMediaDescription();
            add(lines, "other-media", d == null || d.isBlank() ? "Other media" : d.trim(), BigDecimal.ONE, mediaCost);
        }

        String noFeeReason = hourlyFeeBlockedBecause(in);
        if (searchHours.signum() > 0) {
            if (noFeeReason == null) {
                add(lines, "search", "Search time (hours)", searchHours, schedule.searchPerHour());
                notes.add("Search fee charged: " + hourlyFeeReason(in) + " " + CITE + ".");
            } else {
                notes.add("No search fee: " + noFeeReason + " " + CITE + ".");
            }
        }
        // District policy: programming time follows the search-fee rule, so that fees never discourage requests.
        if (programmingHours.signum() > 0) {
            if (noFeeReason == null) {
                add(lines, "programming", "Programming time (hours)", programmingHours, schedule.programmingPerHour());
                notes.add("Programming fee charged under the same rule as the search fee: " + hourlyFeeReason(in)
                        + " " + CITE + ".");
            } else {
                notes.add("No programming fee: the district charges for programming time only when a search fee"
                        + " is allowed, and " + noFeeReason + " " + CITE + ".");
            }
        }

        BigDecimal total = lines.stream().map(FeeLine::amount).reduce(money(BigDecimal.ZERO), BigDecimal::add);
        if (total.signum() == 0) {
            notes.add("No fee.");
        } else {
            notes.add("Payment is due before the records are released.");
        }
        return new FeeEstimate(lines, total, notes);
    }

    /**
     * §24A.5 allows a search fee only when the request is solely for a commercial purpose or would clearly cause
     * excessive disruption, and never for news media or scholars, authors and taxpayers acting in the public
     * interest. Returns why the fee is not allowed, or null when it is.
     */
    private static String hourlyFeeBlockedBecause(FeeInput in) {
        if (in.requesterType() == RequesterType.MEDIA) {
            return "news media requests are exempt";
        }
        if (in.publicInterest()) {
            return "requests by taxpayers, scholars or authors acting in the public interest are exempt";
        }
        if (!in.commercialPurpose() && !in.excessiveDisruption()) {
            return "a search fee may be charged only when a request is solely for a commercial purpose"
                    + " or would clearly cause excessive disruption";
        }
        return null;
    }

    private static String hourlyFeeReason(FeeInput in) {
        if (in.commercialPurpose() && in.excessiveDisruption()) {
            return "the request is solely for a commercial purpose and would clearly cause excessive disruption";
        }
        return in.commercialPurpose() ? "the request is solely for a commercial purpose"
                : "the request would clearly cause excessive disruption";
    }

    private static void add(List<FeeLine> lines, String item, String description, BigDecimal quantity,
            BigDecimal unitPrice) {
        if (quantity.signum() == 0) {
            return; // zero-quantity lines would only clutter the estimate
        }
        lines.add(new FeeLine(item, description, quantity, money(unitPrice), money(quantity.multiply(unitPrice))));
    }

    private static BigDecimal money(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP);
    }

    private static BigDecimal nonNegative(String field, BigDecimal value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value.toPlainString());
        }
        return value;
    }
}
