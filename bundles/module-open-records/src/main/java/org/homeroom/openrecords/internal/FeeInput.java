package org.homeroom.openrecords.internal;

import java.math.BigDecimal;

import org.homeroom.openrecords.api.RequesterType;

/**
 * Facts about a request that decide its fee.
 *
 * @param commercialPurpose   the request is solely for a commercial purpose (51 O.S. §24A.5)
 * @param excessiveDisruption filling the request would clearly cause excessive disruption of the district's work
 * @param publicInterest      a taxpayer, scholar or author acting in the public interest
 * @param copyPages           standard copies, 8.5×14 in. or smaller
 * @param otherMediaCost      direct cost of other media, e.g. a USB drive
 */
public record FeeInput(RequesterType requesterType, boolean commercialPurpose, boolean excessiveDisruption,
        boolean publicInterest, int copyPages, int certifiedPages, BigDecimal searchHours,
        BigDecimal programmingHours, BigDecimal otherMediaCost, String otherMediaDescription) {

    /** Missing amounts mean "none", so callers may leave them out. Negative values are rejected by FeeEngine. */
    public FeeInput {
        searchHours = searchHours == null ? BigDecimal.ZERO : searchHours;
        programmingHours = programmingHours == null ? BigDecimal.ZERO : programmingHours;
        otherMediaCost = otherMediaCost == null ? BigDecimal.ZERO : otherMediaCost;
    }
}
