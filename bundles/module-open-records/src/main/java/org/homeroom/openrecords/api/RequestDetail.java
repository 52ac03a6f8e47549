package org.homeroom.openrecords.api;

import java.util.List;

/** A request with its whole history and its current fee estimate, for staff. */
public record RequestDetail(OpenRecordsRequest request, FeeEstimate fee, List<Entry> entries) {
}
