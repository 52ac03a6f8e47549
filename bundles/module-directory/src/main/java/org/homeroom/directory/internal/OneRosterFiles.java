package org.homeroom.directory.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import org.homeroom.directory.api.ContactValues;
import org.homeroom.directory.api.ImportReport.RowError;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.ProblemException;

/**
 * Reads a OneRoster 1.1 CSV set into what the directory stores, checking every row: a row with a
 * problem is listed and left out whole, never half-read. Pure (no database), so it is tested on its own.
 * demographics.csv is deliberately not read: communication needs no birth dates or race.
 */
final class OneRosterFiles {

    /** One person as the files describe them. */
    record Row(String sourcedId, String kind, String givenName, String familyName, String siteCode, String grade, String language,
            boolean active, List<Contact> contacts, Set<String> agents) {

        /** What changes when the person changes: a re-import of the same row is "unchanged". */
        String fingerprint() {
            StringBuilder s = new StringBuilder();
            s.append(kind).append('|').append(givenName).append('|').append(familyName).append('|').append(siteCode).append('|')
                    .append(grade).append('|').append(language).append('|').append(active);
            contacts.forEach(c -> s.append('|').append(c.channel()).append(':').append(c.value()));
            agents.stream().sorted().forEach(a -> s.append("|a:").append(a));
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    record Contact(String channel, String value) {
    }

    record Parsed(Map<String, Row> people, List<RowError> errors) {
    }

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    private static final Set<String> STUDENT = Set.of("student");
    private static final Set<String> GUARDIAN = Set.of("guardian", "parent", "relative");
    private static final Set<String> STAFF = Set.of("teacher", "administrator", "aide", "proctor");
    private static final List<String> USER_COLUMNS = List.of("sourcedId", "status", "orgSourcedIds", "role", "givenName", "familyName",
            "email", "sms", "phone", "agentSourcedIds", "grades");

    private OneRosterFiles() {
    }

    /**
     * @param siteOf the platform's site code for an org's identifier, or null when the platform has no such site
     */
    static Parsed read(Path folder, Function<String, String> siteOf) {
        List<RowError> errors = new ArrayList<>();
        Path users = folder.resolve("users.csv");
        Path orgs = folder.resolve("orgs.csv");
        if (!Files.isRegularFile(users) || !Files.isRegularFile(orgs)) {
            throw ProblemException.invalid(List.of(new FieldError("files", "a OneRoster set needs at least orgs.csv and users.csv")));
        }
        Map<String, String> orgSites = new HashMap<>();
        each(orgs, List.of("sourcedId", "type", "identifier"), errors, r -> {
            String type = r.get("type").trim().toLowerCase(Locale.ROOT);
            if (!"school".equals(type)) {
                return null; // district and other org levels carry no people of their own here
            }
            String site = siteOf.apply(r.get("identifier").trim().toUpperCase(Locale.ROOT));
            if (site == null) {
                return "school " + r.get("identifier") + " matches no Homeroom site; its people are skipped";
            }
            orgSites.put(r.get("sourcedId").trim(), site);
            return null;
        });
        Map<String, String> languages = new HashMap<>();
        Path languageFile = folder.resolve("homeroom_languages.csv");
        if (Files.isRegularFile(languageFile)) {
            each(languageFile, List.of("sourcedId", "language"), errors, r -> {
                String language = r.get("language").trim().toLowerCase(Locale.ROOT);
                if (!LANGUAGE.matcher(language).matches()) {
                    return "language must be a two- or three-letter code such as es";
                }
                languages.put(r.get("sourcedId").trim(), language);
                return null;
            });
        }
        Map<String, String> enrolledAt = new HashMap<>();
        Path enrollments = folder.resolve("enrollments.csv");
        if (Files.isRegularFile(enrollments)) {
            each(enrollments, List.of("userSourcedId", "schoolSourcedId", "status"), errors, r -> {
                String site = orgSites.get(r.get("schoolSourcedId").trim());
                if (site != null && !"tobedeleted".equalsIgnoreCase(r.get("status").trim())) {
                    enrolledAt.putIfAbsent(r.get("userSourcedId").trim(), site);
                }
                return null;
            });
        }
        Map<String, Row> people = new LinkedHashMap<>();
        each(users, USER_COLUMNS, errors, r -> {
            String id = r.get("sourcedId").trim();
            if (id.isEmpty() || id.length() > 128) {
                return "sourcedId is required (at most 128 characters)";
            }
            if (people.containsKey(id)) {
                return "sourcedId " + id + " appears twice; the first row is kept";
            }
            String role = r.get("role").trim().toLowerCase(Locale.ROOT);
            String kind = STUDENT.contains(role) ? "student" : GUARDIAN.contains(role) ? "guardian" : STAFF.contains(role) ? "staff" : null;
            if (kind == null) {
                return "role " + r.get("role") + " is not a student, guardian, parent, relative, teacher, administrator, aide or proctor";
            }
            String given = r.get("givenName").strip();
            String family = r.get("familyName").strip();
            if (given.isEmpty() || family.isEmpty() || given.length() > 100 || family.length() > 100) {
                return "givenName and familyName are required (at most 100 characters each)";
            }
            if ((given + family).chars().anyMatch(Character::isISOControl)) {
                return "names must not contain control characters";
            }
            String site = null;
            for (String org : list(r.get("orgSourcedIds"))) {
                site = site == null ? orgSites.get(org) : site;
            }
            site = site == null ? enrolledAt.get(id) : site;
            if ("student".equals(kind) && site == null) {
                return "the student's school (orgSourcedIds " + r.get("orgSourcedIds") + ") matches no Homeroom site";
            }
            List<Contact> contacts = new ArrayList<>();
            for (String[] column : new String[][] {{"email", "email"}, {"sms", "mobile"}, {"phone", "landline"}}) {
                String raw = r.get(column[0]).trim();
                if (raw.isEmpty()) {
                    continue;
                }
                String value = "email".equals(column[1]) ? ContactValues.email(raw) : ContactValues.phone(raw);
                if (value == null) {
                    return column[0] + " " + raw + " is not " + ("email".equals(column[1]) ? "an email address" : "a US phone number");
                }
                contacts.add(new Contact(column[1], value));
            }
            List<String> grades = list(r.get("grades"));
            String grade = "student".equals(kind) && !grades.isEmpty() ? grades.get(0) : null;
            if (grade != null && grade.length() > 4) {
                return "grade " + grade + " is not a CEDS grade code such as KG or 05";
            }
            String status = r.get("status").trim();
            people.put(id, new Row(id, kind, given, family, site, grade, languages.getOrDefault(id, "en"),
                    !"tobedeleted".equalsIgnoreCase(status), List.copyOf(new LinkedHashSet<>(contacts)), new LinkedHashSet<>(list(r.get("agentSourcedIds")))));
            return null;
        });
        return new Parsed(people, errors);
    }

    private static List<String> list(String field) {
        List<String> values = new ArrayList<>();
        for (String v : field.split(",")) {
            if (!v.isBlank()) {
                values.add(v.trim());
            }
        }
        return values;
    }

    /** Calls {@code row} for each record; a non-null answer is that row's error. Missing columns fail the whole file. */
    private static void each(Path file, List<String> required, List<RowError> errors, Function<CSVRecord, String> row) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(false).build();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser csv = format.parse(reader)) {
            List<String> missing = required.stream().filter(c -> !csv.getHeaderMap().containsKey(c)).toList();
            if (!missing.isEmpty()) {
                throw ProblemException.invalid(List.of(new FieldError(file.getFileName().toString(), "is missing the columns " + String.join(", ", missing))));
            }
            for (CSVRecord r : csv) {
                String problem = r.isConsistent() ? row.apply(r) : "has " + r.size() + " fields; the header has " + csv.getHeaderMap().size();
                if (problem != null) {
                    String id = r.isMapped("sourcedId") && r.isSet("sourcedId") ? r.get("sourcedId") : null;
                    errors.add(new RowError(file.getFileName().toString(), r.getRecordNumber() + 1, id, problem));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            errors.add(new RowError(file.getFileName().toString(), 0, null, "cannot be read as CSV: " + e.getMessage()));
        }
    }
}
