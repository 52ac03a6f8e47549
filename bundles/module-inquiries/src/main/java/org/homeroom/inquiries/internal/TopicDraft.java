package org.homeroom.inquiries.internal;

/** {@code {"code","nameEn","nameEs","team","site","firstResponseHours","resolveHours","answerEn","answerEs"}}. */
public record TopicDraft(String code, String nameEn, String nameEs, String team, String site, Integer firstResponseHours,
        Integer resolveHours, String answerEn, String answerEs) {
}
