package org.homeroom.platform.api.documents;

/**
 * One letter to print: the letterhead (one or more lines, e.g. the district and the school), the
 * letter's language (BCP 47, e.g. {@code en} or {@code es}) and its text; a blank line separates
 * paragraphs, and lines longer than the page are wrapped.
 */
public record PrintedLetter(String letterhead, String language, String body) {
}
