package org.homeroom.openrecords.api;

import java.util.List;

/** A request with its whole history, the departments working on it and its current fee estimate, for staff. */
public record RequestDetail(OpenRecordsRequest request, FeeEstimate fee, List<Assignment> assignments, List<Entry> entries) {
}
