package org.homeroom.platform.api.casework;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homeroom.platform.api.Language;

/**
 * An answer in English and Spanish with merge fields written {@code {{name}}}. A module keeps its own
 * templates (in its tables or code) and hands one to {@link CaseworkService#reply}. Fields the case provides:
 * {@code name}, {@code id}, {@code ref}, {@code topic}, {@code site}, {@code subject}, {@code due}
 * (the due date, in the district's zone); the caller adds its own. An unknown field is left out (empty).
 */
public record ReplyTemplate(String key, String subjectEn, String textEn, String subjectEs, String textEs) {

    private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

    public String subject(Language language) {
        return language.pick(subjectEn, subjectEs);
    }

    public String text(Language language) {
        return language.pick(textEn, textEs);
    }

    /** {@code text} with every {@code {{field}}} replaced by its value (empty when there is none). */
    public static String merge(String text, Map<String, String> fields) {
        if (text == null) {
            return null;
        }
        Matcher m = FIELD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = fields.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
