package org.homeroom.directory.api;

/** Filters of the people list; null means any. {@code text}: part of a name, a phone number's digits, or an email. */
public record PeopleQuery(String text, String kind, String site, Boolean active) {
}
