package org.homeroom.openrecords.api;

import java.math.BigDecimal;
import java.util.List;

/**
 * What a request will cost. {@code total} is the sum of the line amounts (scale 2); {@code notes} are
 * plain-English explanations for the requester, e.g. why no search fee was charged (51 O.S. §24A.5).
 */
public record FeeEstimate(List<FeeLine> lines, BigDecimal total, List<String> notes) {
    public FeeEstimate {
        lines = List.copyOf(lines);
        notes = List.copyOf(notes);
    }
}
