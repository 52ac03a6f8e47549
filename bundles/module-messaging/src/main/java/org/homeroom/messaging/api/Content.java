package org.homeroom.messaging.api;

/**
 * What a message says, in English and Spanish: email subject and body, the text (SMS) and the call
 * script. Merge fields in Mustache form: {@code {{guardianName}}}, {@code {{studentName}}},
 * {@code {{siteCode}}}, {@code {{date}}}. English is the fallback for a language without its own version.
 */
public record Content(String subjectEn, String bodyEn, String subjectEs, String bodyEs, String textEn, String textEs,
        String voiceEn, String voiceEs) {
}
