package org.homeroom.directory.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The result of one OneRoster import. An import is all or nothing: it is {@code applied} in one
 * transaction, {@code held} (nothing changed yet: it would deactivate more than the configured share of
 * the active people, or every active person of a school, and waits for a person to confirm it after
 * reading {@code schools}), {@code confirmed} (held, then applied on confirmation) or {@code refused}
 * (nothing changed: {@code refusals} say which file, line and byte to fix).
 *
 * <p>Bad rows are listed in {@code errors} and left out whole, and the people they name are kept as they
 * are (never deactivated for a row that could not be read); a bad field of a good row (a phone number
 * that is not a US one, a malformed email, a grade OneRoster does not define) is left out with a
 * {@code warnings} entry and the rest of the person is imported. {@code contactsKeptOut} counts contact
 * points that came in the file but were refused because the family asked the district to delete them.
 * {@code files}: how each file was read (bulk, delta, absent), from manifest.csv.
 */
public record ImportReport(long id, Instant startedAt, Instant finishedAt, int created, int updated, int unchanged, int deactivated,
        int links, int contacts, int contactsKeptOut, List<RowError> errors, String state, String reason, int reactivated,
        int activeBefore, Map<String, String> files, List<SchoolCount> schools, List<RowError> warnings, List<RowError> refusals,
        String actor, String confirmedBy, Instant confirmedAt) {

    public static final String APPLIED = "applied";
    public static final String HELD = "held";
    public static final String REFUSED = "refused";
    public static final String CONFIRMED = "confirmed";

    public ImportReport {
        state = state == null ? APPLIED : state; // reports stored before imports had states were applied
        errors = errors == null ? List.of() : List.copyOf(errors);
        files = files == null ? Map.of() : Map.copyOf(files);
        schools = schools == null ? List.of() : List.copyOf(schools);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        refusals = refusals == null ? List.of() : List.copyOf(refusals);
    }

    /** The report of directory API 1.2 (an applied import). */
    public ImportReport(long id, Instant startedAt, Instant finishedAt, int created, int updated, int unchanged, int deactivated, int links,
            int contacts, int contactsKeptOut, List<RowError> errors) {
        this(id, startedAt, finishedAt, created, updated, unchanged, deactivated, links, contacts, contactsKeptOut, errors, APPLIED, null, 0, 0,
                null, null, null, null, null, null, null);
    }

    /** A skipped row, a dropped field or a refused file: file, line number (1 = header; 0 = the whole file), the row's sourcedId when it had one, and what is wrong. */
    public record RowError(String file, long line, String sourcedId, String message) {
    }

    /**
     * What the import does to one site's people ({@code site} null: people of no site, such as district
     * staff): active before, and how many it creates, changes, reactivates and deactivates, and active after.
     */
    public record SchoolCount(String site, int activeBefore, int created, int updated, int reactivated, int deactivated, int activeAfter) {
    }
}
