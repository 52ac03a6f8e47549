package org.homeroom.openrecords.api;

import java.time.Instant;

/**
 * Work a department owes on a request. {@code state}: open (nobody has it yet), claimed (by
 * {@code assignee}), done. A claim can be taken over, so a request never waits on someone on leave.
 */
public record Assignment(String department, String state, String assignee, String note, Instant assignedAt, String assignedBy,
        Instant claimedAt, Instant doneAt) {
}
