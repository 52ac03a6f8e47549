package org.homeroom.platform.api.records;

/**
 * What a module says about one of its records to a user who may see it: a title to show and the site it
 * belongs to ({@code null} for a district-wide record).
 */
public record ResolvedRecord(RecordRef ref, String title, String site) {
}
