package org.homeroom.messaging.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.homeroom.directory.api.AudienceQuery;
import org.homeroom.directory.api.DirectoryService;
import org.homeroom.messaging.api.Content;
import org.homeroom.messaging.api.Message;
import org.homeroom.messaging.api.MessageDraft;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.Validation;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.documents.LetterPrinter;
import org.homeroom.platform.api.documents.PrintedLetter;
import org.homeroom.platform.api.sites.Site;

/**
 * The printable side of a parent letter (printed by the platform's {@link LetterPrinter}):
 * <ul>
 * <li>a master to copy, addressed to "Parent or guardian" in one language;</li>
 * <li>a school's print run: one letter per student to send home, in each guardian's language (both when a
 * household's guardians read different ones), for the families the letter did not reach, or all;</li>
 * <li>one family's own copy, from the signed link in the letter's email: no sign-in, as the email itself.</li>
 * </ul>
 * Nothing is stored: each PDF is printed when asked for, from the message and the directory.
 */
final class PrintedLetters {

    /** Which families a print run is for. */
    static final List<String> RUNS = List.of("not-reached", "no-email", "all");
    /** CEDS grade codes in school order, for sorting a print run the way classes hand letters out. */
    private static final List<String> GRADES = List.of("IT", "PR", "PK", "TK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10",
            "11", "12", "13", "PS", "UG", "Other");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A print run, checked and counted, ready to print: its title, its letters, how many families they are for. */
    record Run(String title, List<PrintedLetter> letters, int families) {
    }

    private final Database database;
    private final AuditLog audit;
    private final DirectoryService directory;
    /** The platform's printer: optional and dynamic, so messaging keeps sending while the documents bundle is refreshed. */
    private final java.util.function.Supplier<LetterPrinter> printer;
    /** Print runs assembled at once: each takes a core for a few seconds, and sending must not starve. */
    private final java.util.concurrent.Semaphore running = new java.util.concurrent.Semaphore(2);
    private final Messenger messenger;
    private final ReachReport reach;
    private final Function<String, Optional<Site>> sites;
    private final MessagingConfig config;
    private final Clock clock;

    PrintedLetters(Database database, AuditLog audit, DirectoryService directory, java.util.function.Supplier<LetterPrinter> printer, Messenger messenger,
            ReachReport reach,
            Function<String, Optional<Site>> sites, MessagingConfig config, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.directory = directory;
        this.printer = printer;
        this.messenger = messenger;
        this.reach = reach;
        this.sites = sites;
        this.config = config;
        this.clock = clock;
    }

    /** The letter addressed to "Parent or guardian", to copy or post: {@code language} en (default) or es. Drafts too, to proofread. */
    byte[] master(Message m, String language) {
        Content c = printable(m);
        boolean es = "es".equalsIgnoreCase(language == null ? null : language.trim());
        String guardian = es ? "Padre, madre o tutor" : "Parent or guardian";
        Map<String, Object> fields = messenger.fields(guardian, guardian, es ? "su estudiante" : "your student", m.draft().site(), clock.instant());
        return printer().print(subject(c, es, fields), letter(c, es, fields, null));
    }

    /**
     * One school's print run: a letter per student of the message's audience at {@code site} (and
     * {@code grade}), sorted by grade and name. {@code which}: not-reached (no guardian got anything, or has
     * no contact), no-email (no guardian got the letter by email) or all. Families still pending are left out.
     * Audited when {@code audited} (a GET; a HEAD only looks).
     */
    Run run(Message m, String site, String grade, String which, CurrentUser actor) {
        return run(m, site, grade, which, actor, true);
    }

    Run run(Message m, String site, String grade, String which, CurrentUser actor, boolean audited) {
        Content c = printable(m);
        if ("draft".equals(m.status())) {
            throw new ProblemException(409, "Not approved yet", "Message " + m.id() + " is a draft: print the master to proofread it; families get"
                    + " letters once it is approved.");
        }
        if (!ReachReport.family(m)) {
            throw new ProblemException(409, "No print run for staff", "Message " + m.id() + " goes to staff; print runs are for families.");
        }
        String code = site == null ? null : site.trim().toUpperCase(Locale.ROOT);
        String wanted = which == null || which.isBlank() ? "not-reached" : which.trim().toLowerCase(Locale.ROOT);
        String onlyGrade = grade == null || grade.isBlank() ? null : grade.trim();
        MessageDraft.Audience audience = m.draft().audience();
        Validation v = new Validation().required("site", code).check(RUNS.contains(wanted), "families", "must be one of " + String.join(", ", RUNS));
        v.throwIfInvalid();
        Optional<Site> found = sites.apply(code);
        v.check(found.isPresent(), "site", "there is no site " + code)
                .check(found.isEmpty() || audience.sites() == null || audience.sites().stream().anyMatch(code::equalsIgnoreCase), "site",
                        "message " + m.id() + " does not go to site " + code)
                .check(onlyGrade == null || GRADES.contains(onlyGrade), "grade", "must be a CEDS grade code such as KG or 03")
                .check(onlyGrade == null || audience.grades() == null || audience.grades().contains(onlyGrade), "grade",
                        "message " + m.id() + " does not go to grade " + onlyGrade)
                .throwIfInvalid();
        if (!actor.hasRole(Roles.COMMS) && !actor.canAccessSite(code)) {
            throw ProblemException.forbidden("Site staff print letters for their own sites only.");
        }
        Map<String, Family> families = new TreeMap<>();
        directory.families(new AudienceQuery("families", List.of(code), onlyGrade != null ? List.of(onlyGrade) : audience.grades(),
                audience.sourcedIds(), null), f -> {
                    Family family = families.computeIfAbsent(f.studentId(), id -> new Family(f.studentName(), f.studentGivenName(), f.grade(),
                            new TreeMap<>()));
                    if (f.guardianId() != null) {
                        family.guardians().put(f.guardianId(), new String[] {f.guardianName(), f.guardianGivenName(), f.language()});
                    }
                });
        // who is left out: families the letter reached (on any channel, or by email) and those still pending. A family
        // that refused texts or emails of this category is not left out: consent governs calls, texts and email, and
        // paper home is how a school reaches exactly those families
        Map<String, ReachReport.Outcome> outcomes = Map.of();
        if (!"all".equals(wanted)) {
            Set<String> guardians = new java.util.HashSet<>();
            families.values().forEach(f -> guardians.addAll(f.guardians().keySet()));
            outcomes = reach.outcomes(m, "no-email".equals(wanted) ? "email" : null, null, guardians);
        }
        Map<String, ReachReport.Outcome> seen = outcomes;
        boolean spanish = c.bodyEs() != null && !c.bodyEs().isBlank();
        List<Family> chosen = families.values().stream()
                .filter(f -> "all".equals(wanted) || notReached(f, seen))
                .sorted(Comparator.comparingInt((Family f) -> gradeOrder(f.grade())).thenComparing(Family::student)).toList();
        Site school = found.get();
        List<PrintedLetter> letters = new ArrayList<>();
        for (Family f : chosen) {
            // one letter per language the household reads (Spanish only where the message has it), each addressed to a guardian who reads it
            Map<Boolean, String[]> byLanguage = new TreeMap<>();
            f.guardians().values().forEach(g -> byLanguage.putIfAbsent(spanish && "es".equals(g[2]), g));
            if (byLanguage.isEmpty()) {
                byLanguage.put(false, null);
            }
            byLanguage.forEach((es, guardian) -> {
                // the same merge fields as the family's email: the guardian's full and given name, the student's given name
                String family = (es ? "Familia de " : "Family of ") + f.student();
                Map<String, Object> fields = guardian != null ? messenger.fields(guardian[0], guardian[1], f.studentGivenName(), code, clock.instant())
                        : messenger.fields(family, family, f.studentGivenName(), code, clock.instant());
                String heading = (es ? "Para la familia de " : "For the family of ") + f.student() + (f.grade() == null ? ""
                        : (es ? " · Grado " : " · Grade ") + f.grade());
                letters.add(letter(c, es, fields, heading));
            });
        }
        if (letters.isEmpty()) {
            throw new ProblemException(409, "Nothing to print", "No family of site " + code + (onlyGrade == null ? "" : " grade " + onlyGrade)
                    + " needs a printed copy of message " + m.id() + " (" + wanted + ").");
        }
        if (letters.size() > LetterPrinter.MAX_LETTERS) {
            throw ProblemException.invalid(List.of(new FieldError("grade", letters.size() + " letters; one document holds at most "
                    + LetterPrinter.MAX_LETTERS + ": print one grade at a time")));
        }
        String title = subject(c, false, messenger.fields("", "", null, code, clock.instant())) + " · " + school.name();
        List<PrintedLetter> printed = withLetterhead(letters, school);
        if (audited) {
            database.inTransaction(tx -> {
                audit.record(tx, actor.name(), "messaging.print", "message", String.valueOf(m.id()),
                        "site " + code + (onlyGrade == null ? "" : " grade " + onlyGrade) + ", " + wanted + ": " + letters.size() + " letters for "
                                + chosen.size() + " families");
                return null;
            });
        }
        return new Run(title, printed, chosen.size());
    }

    /**
     * Whether a run can be printed now: the printer is there, and fewer than two runs are being assembled (each
     * takes a core for seconds; a third is told to come back rather than slow every send down). 503 otherwise,
     * before the response starts.
     */
    void checkReady() {
        printer();
        if (running.availablePermits() == 0) {
            throw new ProblemException(503, "Printer busy", "Two print runs are being assembled; try again in a minute.");
        }
    }

    /** Prints a checked run to {@code out} (the response); waits its turn if another run slipped in since {@link #checkReady}. */
    void print(Run run, java.io.OutputStream out) {
        LetterPrinter p = printer();
        running.acquireUninterruptibly();
        try {
            p.print(run.title(), run.letters(), out);
        } finally {
            running.release();
        }
    }

    private LetterPrinter printer() {
        LetterPrinter p = printer.get();
        if (p == null) {
            throw new ProblemException(503, "Printing unavailable", "The platform's letter printer is not running; try again shortly.");
        }
        return p;
    }

    /** A family's own copy of the letter its email brought, or empty when the link does not match a sent letter. Each opening is audited. */
    Optional<byte[]> forDelivery(long deliveryId, String token) {
        return forDelivery(deliveryId, token, true);
    }

    /** As above; {@code opened} false (a HEAD) audits nothing. */
    Optional<byte[]> forDelivery(long deliveryId, String token, boolean opened) {
        if (token == null || !messenger.validLetterToken(deliveryId, token)) {
            return Optional.empty();
        }
        record Copy(Content content, boolean es, Map<String, Object> fields, String site) {
        }
        Optional<Copy> copy = database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT M.KIND, M.CONTENT, D.GIVEN_NAME, D.FAMILY_NAME, D.STUDENT_NAME, D.SITE_CODE, D.LANGUAGE,"
                    + " D.UPDATED_AT, D.MESSAGE_ID, D.PERSON_ID FROM MSG_DELIVERY2 D JOIN MSG_MESSAGE M ON M.ID = D.MESSAGE_ID"
                    + " WHERE D.ID = ? AND D.CHANNEL = 'email' AND D.STATE = 'sent'")) {
                ps.setLong(1, deliveryId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !"letter".equals(rs.getString(1))) {
                        return Optional.<Copy>empty();
                    }
                    Content content = JSON.readValue(rs.getString(2), Content.class);
                    // the date the email went out, as its merge fields were then
                    Instant sent = rs.getTimestamp(8).toInstant();
                    Map<String, Object> fields = messenger.fields(rs.getString(3) + " " + rs.getString(4), rs.getString(3), rs.getString(5),
                            rs.getString(6), sent);
                    if (opened) {
                        audit.record(c, "family-link", "messaging.letter-opened", "message", String.valueOf(rs.getLong(9)),
                            "delivery " + deliveryId + " to " + rs.getString(10));
                    }
                    return Optional.of(new Copy(content, "es".equals(rs.getString(7)), fields, rs.getString(6)));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException("stored content of a message does not read", e);
                }
            }
        });
        // printed after the connection is given back
        return copy.map(x -> {
            PrintedLetter letter = letter(x.content(), x.es(), x.fields(), null);
            Site school = x.site() == null ? null : sites.apply(x.site()).orElse(null);
            return printer().print(subject(x.content(), x.es(), x.fields()), withLetterhead(List.of(letter), school).get(0));
        });
    }

    // ------------------------------------------------------------------ layout

    /** A student and their guardians: id → {full name, given name, language}. */
    private record Family(String student, String studentGivenName, String grade, Map<String, String[]> guardians) {
    }

    private static Content printable(Message m) {
        if ("cancelled".equals(m.status())) {
            throw new ProblemException(409, "Cancelled", "Message " + m.id() + " was cancelled; it is not printed.");
        }
        Content c = m.draft().content();
        if (c == null || c.bodyEn() == null || c.bodyEn().isBlank()) {
            throw new ProblemException(409, "Nothing to print", "Message " + m.id() + " is a " + m.draft().kind()
                    + " without a letter text (an English body); only messages with one can be printed.");
        }
        return c;
    }

    private static boolean notReached(Family f, Map<String, ReachReport.Outcome> outcomes) {
        ReachReport.Outcome o = ReachReport.Outcome.NO_CONTACT;
        for (String guardian : f.guardians().keySet()) {
            o = ReachReport.better(o, outcomes.getOrDefault(guardian, ReachReport.Outcome.NO_CONTACT));
        }
        return o == ReachReport.Outcome.NOT_REACHED || o == ReachReport.Outcome.NO_CONTACT;
    }

    private String subject(Content c, boolean es, Map<String, Object> fields) {
        return messenger.render(Messenger.pick(es, c.subjectEs(), c.subjectEn()), fields);
    }

    /** Subject, an optional heading (whose family it is for), then the body; the letterhead is the district's until the site's is added. */
    private PrintedLetter letter(Content c, boolean es, Map<String, Object> fields, String heading) {
        String subject = subject(c, es, fields);
        String body = messenger.render(Messenger.pick(es, c.bodyEs(), c.bodyEn()), fields);
        StringBuilder text = new StringBuilder();
        if (heading != null) {
            text.append(heading).append("\n\n");
        }
        if (!subject.isBlank()) {
            text.append(subject).append("\n\n");
        }
        text.append(body);
        return new PrintedLetter(config.districtName(), es ? "es" : "en", text.toString());
    }

    /** The district, then the school's name, address and phone. */
    private static List<PrintedLetter> withLetterhead(List<PrintedLetter> letters, Site school) {
        if (school == null) {
            return letters;
        }
        String address = school.address() == null || school.address().isBlank() ? "" : "\n" + school.address();
        String phone = school.phone() == null || school.phone().isBlank() ? "" : " · " + school.phone();
        return letters.stream().map(l -> new PrintedLetter(l.letterhead() + "\n" + school.name() + address + phone, l.language(), l.body())).toList();
    }

    private static int gradeOrder(String grade) {
        int i = grade == null ? -1 : GRADES.indexOf(grade);
        return i < 0 ? GRADES.size() : i;
    }
}
