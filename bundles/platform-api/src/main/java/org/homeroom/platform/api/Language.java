package org.homeroom.platform.api;

import java.util.List;
import java.util.Locale;

/** The two languages families read Homeroom in. Regions (es-MX, en-US) count as their language. */
public enum Language {
    EN, ES;

    /** {@code "en"} or {@code "es"}, as stored and as sent in JSON. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The text in this language: {@code language.pick(titleEn, titleEs)}. */
    public <T> T pick(T english, T spanish) {
        return this == ES ? spanish : english;
    }

    /** {@code en}, {@code es}, {@code es-MX}, {@code es_US}, any case; null for anything else. */
    public static Language parse(String tag) {
        if (tag == null) {
            return null;
        }
        String primary = tag.trim().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        return switch (primary) {
            case "en" -> EN;
            case "es" -> ES;
            default -> null;
        };
    }

    /**
     * The language of a request: {@code ?lang=} when given (422 naming {@code lang} when it is neither
     * English nor Spanish), else the first of {@code Accept-Language}'s ranges, by weight, that is one
     * of ours, else English.
     */
    public static Language of(String langParameter, String acceptLanguage) {
        if (langParameter != null && !langParameter.isBlank()) {
            Language chosen = parse(langParameter);
            if (chosen == null) {
                throw ProblemException.invalid(List.of(new FieldError("lang", "must be en or es (a region such as es-MX is fine)")));
            }
            return chosen;
        }
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(acceptLanguage)) {
                    Language match = parse(range.getRange());
                    if (match != null && range.getWeight() > 0) {
                        return match;
                    }
                }
            } catch (IllegalArgumentException malformed) {
                // a header we cannot read is no reason to refuse a family's request: fall back to English
            }
        }
        return EN;
    }
}
