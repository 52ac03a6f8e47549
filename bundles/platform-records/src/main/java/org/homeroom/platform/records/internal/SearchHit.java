package org.homeroom.platform.records.internal;

/** One record found: its module, title and reference, as its module shows it to this user. */
public record SearchHit(String ref, String module, String kind, String id, String title, String site, int score) {
}
