package org.homeroom.platform.api.data;

import java.util.List;
import java.util.Locale;

/**
 * A list query the platform pages for you ({@link Database#page}): it counts the matching rows and
 * reads one page of them, in one read-only unit, with every value bound as a parameter.
 *
 * @param columns what to select, e.g. {@code "CODE, NAME"}
 * @param from    the FROM and WHERE part with {@code ?} placeholders, e.g. {@code "FROM HR_SITE WHERE KIND = ?"}
 * @param orderBy a stable order, e.g. {@code "CODE"} (end with a unique column so pages never overlap)
 * @param args    the values of the placeholders in {@code from}, in order ({@link java.time.Instant}s allowed)
 */
public record PagedQuery(String columns, String from, String orderBy, List<Object> args) {

    public PagedQuery {
        args = List.copyOf(args);
    }

    /**
     * A case-insensitive "contains" pattern for {@code LOWER(column) LIKE ? ESCAPE '\'}, with the
     * user's {@code %}, {@code _} and {@code \} taken literally.
     */
    public static String containsPattern(String text) {
        return "%" + text.trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
