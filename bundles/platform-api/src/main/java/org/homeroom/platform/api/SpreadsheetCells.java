package org.homeroom.platform.api;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * CSV cells that a spreadsheet opens as text, never as a formula (OWASP "CSV injection"): a value that
 * begins with {@code = + - @}, a tab or a carriage return gets a leading apostrophe. Names in exports come
 * from student information systems and the public, so any of them may begin that way. Plain numbers and
 * phone numbers ({@code +14055550123}, {@code -3}) stay as they are: they cannot call anything.
 */
public final class SpreadsheetCells {

    private static final Pattern NUMBER = Pattern.compile("[+-]?[0-9][0-9 .()-]*");

    private SpreadsheetCells() {
    }

    public static Object safe(Object value) {
        if (!(value instanceof String text) || text.isEmpty()) {
            return value;
        }
        char first = text.charAt(0);
        boolean risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return risky && !NUMBER.matcher(text).matches() ? "'" + text : text;
    }

    /** Every cell of a row made safe. */
    public static List<Object> row(Object... values) {
        List<Object> out = new ArrayList<>(values.length);
        for (Object value : values) {
            out.add(safe(value));
        }
        return out;
    }

    public static List<Object> row(List<?> values) {
        return row(values.toArray());
    }
}
