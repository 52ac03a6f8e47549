package org.homeroom.platform.api.calendar;

import java.time.LocalTime;

/** When the district's offices answer on a business day, in the district's time zone: {@code opens} ≤ t &lt; {@code closes}. */
public record BusinessHours(LocalTime opens, LocalTime closes) {

    public BusinessHours {
        if (!closes.isAfter(opens)) {
            throw new IllegalArgumentException("business hours must close after they open: " + opens + "–" + closes);
        }
    }

    public boolean contains(LocalTime time) {
        return !time.isBefore(opens) && time.isBefore(closes);
    }
}
