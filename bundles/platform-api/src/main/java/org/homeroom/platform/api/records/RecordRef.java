package org.homeroom.platform.api.records;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A reference to one record of one module, written {@code module:kind:id} (e.g.
 * {@code open-records:request:2026-0042}). The platform stores references, never copies of records, so a
 * link or a tag outlives the module that owns the record.
 */
public record RecordRef(String module, String kind, String id) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    /** Longest text a reference can be: module (40) + kind (40) + id (100) + two colons. */
    public static final int MAX_LENGTH = 182;

    public RecordRef {
        if (module == null || !NAME.matcher(module).matches() || kind == null || !NAME.matcher(kind).matches()
                || id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a record reference: " + module + ":" + kind + ":" + id);
        }
    }

    /** The reference written as {@code module:kind:id}, or empty when the text is not one. */
    public static Optional<RecordRef> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.trim().split(":", 3);
        if (parts.length != 3 || !NAME.matcher(parts[0]).matches() || !NAME.matcher(parts[1]).matches() || !ID.matcher(parts[2]).matches()) {
            return Optional.empty();
        }
        return Optional.of(new RecordRef(parts[0], parts[1], parts[2]));
    }

    /** What a reference must look like, for validation messages. */
    public static String format() {
        return "module:kind:id, e.g. open-records:request:2026-0042 (lower-case module and kind; id of letters, digits, '.', '_' or '-')";
    }

    @Override
    public String toString() {
        return module + ":" + kind + ":" + id;
    }
}
