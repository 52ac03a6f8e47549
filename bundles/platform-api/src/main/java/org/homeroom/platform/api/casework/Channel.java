package org.homeroom.platform.api.casework;

import java.util.Locale;

/** How a case came in. Stored and sent in JSON in lower case with '-' ({@code walk-in}). */
public enum Channel {
    PHONE, WALK_IN, EMAIL, WEB, TEXT, SOCIAL, LETTER, OTHER;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code phone}, {@code walk-in}, {@code WALK_IN} …; null for anything else. */
    public static Channel parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Channel c : values()) {
            if (c.name().equals(t)) {
                return c;
            }
        }
        return null;
    }
}
