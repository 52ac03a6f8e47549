package org.homeroom.openrecords.internal;

import java.math.BigDecimal;

/**
 * Prices the district charges for open records requests. Statutory caps (51 O.S. §24A.5): $0.25 per page for
 * copies of 8.5×14 in. or smaller, $1.00 per certified page. Search and programming rates are the district's own.
 */
public record FeeSchedule(BigDecimal copyPerPage, BigDecimal certifiedPerPage, BigDecimal searchPerHour,
        BigDecimal programmingPerHour) {

    public FeeSchedule {
        check("copyPerPage", copyPerPage);
        check("certifiedPerPage", certifiedPerPage);
        check("searchPerHour", searchPerHour);
        check("programmingPerHour", programmingPerHour);
    }

    /** The statutory maximum copy prices and the district's published hourly rates. */
    public static FeeSchedule oklahomaDefaults() {
        return new FeeSchedule(new BigDecimal("0.25"), new BigDecimal("1.00"), new BigDecimal("25.00"),
                new BigDecimal("35.00"));
    }

    private static void check(String field, BigDecimal value) {
        if (value == null || value.signum() < 0) {
            throw new IllegalArgumentException(field + " must be zero or more, was " + value);
        }
    }
}
