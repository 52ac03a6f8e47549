package org.homeroom.platform.records.internal;

import java.util.regex.Pattern;

import org.homeroom.platform.api.Validation;

/** Plain one-line text as people type it: trimmed, required, bounded, no control characters. */
final class Texts {

    private static final Pattern CONTROL = Pattern.compile(".*\\p{Cntrl}.*", Pattern.DOTALL);

    private Texts() {
    }

    static String trim(String s) {
        return s == null ? null : s.strip();
    }

    static void line(Validation v, String field, String value, int max, boolean required) {
        if (value == null || value.isEmpty()) {
            v.check(!required, field, "is required");
            return;
        }
        v.check(value.length() <= max, field, "must be at most " + max + " characters");
        v.check(!CONTROL.matcher(value).matches(), field, "must be plain text on one line (no control characters)");
    }
}
