package org.homeroom.directory.api;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How the directory writes phone numbers and email addresses, so that every module compares them the
 * same way (consent and deletion requests are keyed by this form): +1 and ten digits for a US number,
 * lower case for an email address.
 */
public final class ContactValues {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s,;]{1,64}@[^@\\s,;]{1,253}\\.[^@\\s,;]{2,}");

    private ContactValues() {
    }

    /** +1XXXXXXXXXX, or null when it cannot be a US number. */
    public static String phone(String raw) {
        String digits = raw == null ? "" : raw.replaceAll("[^0-9]", "");
        if (digits.length() == 11 && digits.startsWith("1")) {
            digits = digits.substring(1);
        }
        return digits.length() == 10 && !digits.startsWith("0") && !digits.startsWith("1") ? "+1" + digits : null;
    }

    /** The address in lower case, or null when it is not one. */
    public static String email(String raw) {
        String value = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
        return EMAIL.matcher(value).matches() ? value : null;
    }

    /** A phone number or an email address as typed by staff, a family or a provider; null if it is neither. */
    public static String normalise(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return raw.contains("@") ? email(raw) : phone(raw);
    }
}
