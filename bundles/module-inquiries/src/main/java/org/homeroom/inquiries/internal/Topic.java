package org.homeroom.inquiries.internal;

/** A topic of the office's taxonomy: routes to {@code team} (and {@code site}, a school, when set) with its SLA and EN/ES answer. */
public record Topic(String code, String nameEn, String nameEs, String team, String site, int firstResponseHours, int resolveHours,
        String answerEn, String answerEs, boolean archived) {
}
