package org.homeroom.messaging.internal;

import static org.homeroom.platform.testing.Problems.fields;
import static org.homeroom.platform.testing.Problems.problem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.homeroom.directory.api.AudienceQuery;
import org.homeroom.directory.api.ConsentRecord;
import org.homeroom.directory.api.DirectoryService;
import org.homeroom.directory.api.FamilyMember;
import org.homeroom.directory.api.ImportReport;
import org.homeroom.directory.api.PeopleQuery;
import org.homeroom.directory.api.Person;
import org.homeroom.directory.api.PersonDetail;
import org.homeroom.directory.api.Recipient;
import org.homeroom.messaging.api.Content;
import org.homeroom.messaging.api.Message;
import org.homeroom.messaging.api.Reach;
import org.homeroom.messaging.api.MessageDraft;
import org.homeroom.messaging.api.OutboundText;
import org.homeroom.messaging.api.ProviderException;
import org.homeroom.messaging.api.ProviderResult;
import org.homeroom.messaging.api.TextProvider;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.testing.MutableClock;
import org.homeroom.platform.testing.RecordingAuditLog;
import org.homeroom.platform.testing.RecordingMailService;
import org.homeroom.platform.testing.TestDatabase;
import org.junit.Before;

/** The messaging tests' world: a fake directory of two families at two sites, a recording outbox and provider, a clock. */
abstract class MessagingFixture {

    static final CurrentUser COMMS = new CurrentUser("comms", Set.of("comms"));
    static final CurrentUser PRINCIPAL = new CurrentUser("principal", Set.of("site-staff", "site:E01"));

    /** 22:30 in Oklahoma: quiet hours. */
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T04:30:00Z"));
    final RecordingMailService mail = new RecordingMailService();
    final List<Recipient> people = new ArrayList<>();
    final List<FamilyMember> families = new ArrayList<>();
    final List<String> consentChanges = new ArrayList<>();
    /** A category whose send-time consent check fails (the directory is down), or null. */
    String refusingFailsFor;
    /** Runs before each audience is streamed (a test makes planning fail with it). */
    Runnable beforeAudience = () -> { };
    /** Numbers and addresses that revoked routine messages since the test began. */
    final Set<String> revoked = new java.util.HashSet<>();
    final FakeProvider provider = new FakeProvider();
    final RecordingAuditLog audit = new RecordingAuditLog();
    TestDatabase database;
    Messenger messenger;

    /** Records texts; throws the queued failures first. */
    static class FakeProvider implements TextProvider {
        final List<OutboundText> sent = new ArrayList<>();
        final List<ProviderException> failures = new ArrayList<>();

        @Override public String id() { return "fake"; }

        @Override public synchronized ProviderResult send(OutboundText text) throws ProviderException { // called from several sender threads
            if (!failures.isEmpty()) {
                throw failures.remove(0);
            }
            sent.add(text);
            return new ProviderResult("SM" + sent.size(), "queued");
        }
    }

    static MessagingConfig config() {
        return new MessagingConfig() {
            @Override public Class<? extends Annotation> annotationType() { return MessagingConfig.class; }
            @Override public String provider() { return "fake"; }
            @Override public String quietHoursStart() { return "21:00"; }
            @Override public String quietHoursEnd() { return "08:00"; }
            @Override public String zone() { return "America/Chicago"; }
            @Override public int ratePerSecond() { return 1000; }
            @Override public int maxAttempts() { return 3; }
            @Override public int concurrency() { return 4; }
            @Override public int leaseSeconds() { return 120; }
            @Override public String districtName() { return "Homeroom Public Schools"; }
            @Override public String postalAddress() { return "100 Main St, Oklahoma City, OK 73102"; }
            @Override public String unsubscribeUrl() { return "https://district.example/api/messaging/unsubscribe?email={email}&token={token}"; }
            @Override public String letterUrl() { return "https://district.example/api/messaging/letters/{delivery}.pdf?token={token}"; }
            @Override public int pollSeconds() { return 1; }
        };
    }

    /** Only the audience the messenger asks for; the rest of the directory is not used here. */
    final DirectoryService directory = new DirectoryService() {
        @Override public void audience(AudienceQuery query, Consumer<Recipient> each) {
            beforeAudience.run();
            // as the real directory: an opt-out never stops emergency or attendance messages
            boolean exempt = List.of("emergency", "attendance").contains(query.category());
            people.stream().filter(r -> query.sites() == null || query.sites().contains(r.siteCode()))
                    .map(r -> new Recipient(r.sourcedId(), r.givenName(), r.familyName(), r.language(), r.siteCode(), r.studentName(), r.channel(),
                            r.value(), exempt || r.allowed()))
                    .forEach(each);
        }
        @Override public void checkAudience(AudienceQuery query) { // as the real one, for the sites of this test
            if (query.sites() != null && !List.of("E01", "E02").containsAll(query.sites())) {
                throw ProblemException.invalid(List.of(new FieldError("audience.sites", "there is no site " + query.sites())));
            }
        }
        @Override public void families(AudienceQuery query, Consumer<FamilyMember> each) {
            families.stream().filter(f -> query.sites() == null || query.sites().contains(f.siteCode()))
                    .filter(f -> query.grades() == null || query.grades().contains(f.grade())).forEach(each);
        }
        @Override public Set<String> refusing(String category, java.util.Collection<String> values) { // routine categories only, as the real one
            if (category.equals(refusingFailsFor)) {
                throw new IllegalStateException("the directory is not answering");
            }
            return List.of("emergency", "attendance").contains(category) ? Set.of()
                    : values.stream().filter(revoked::contains).collect(java.util.stream.Collectors.toSet());
        }
        @Override public ImportReport importOneRoster(Path folder, CurrentUser actor) { throw new UnsupportedOperationException(); }
        @Override public ImportReport importReport(long id) { throw new UnsupportedOperationException(); }
        @Override public Page<Person> people(PeopleQuery query, PageRequest page, CurrentUser viewer) { throw new UnsupportedOperationException(); }
        @Override public PersonDetail person(String sourcedId, CurrentUser viewer) { throw new UnsupportedOperationException(); }
        @Override public List<ConsentRecord> changeConsent(String v, List<String> c, String s, String b, String n, String a) {
            consentChanges.add(v + " " + c + " " + s + " (" + b + ")");
            String value = org.homeroom.directory.api.ContactValues.normalise(v);
            if ("revoked".equals(s)) {
                revoked.add(value);
            } else {
                revoked.remove(value);
            }
            return List.of();
        }
        @Override public List<ConsentRecord> consentHistory(String value) { throw new UnsupportedOperationException(); }
        @Override public void suppress(String value, String reason, CurrentUser actor) { throw new UnsupportedOperationException(); }
        @Override public PersonDetail optOut(String s, String scope, LocalDate renewBy, CurrentUser actor) { throw new UnsupportedOperationException(); }
    };

    @Before
    public void setUp() {
        database = new TestDatabase();
        messenger = new Messenger(database, audit, directory, mail, clock, config());
        // María (es): email + mobile, reached through two children; José: mobile (opted out of general) + landline
        people.add(new Recipient("g-1", "María", "Peña", "es", "E01", "Ana", "email", "maria@example.org", true));
        people.add(new Recipient("g-1", "María", "Peña", "es", "E01", "Ana", "mobile", "+14055550123", true));
        people.add(new Recipient("g-1", "María", "Peña", "es", "E01", "Luis", "email", "maria@example.org", true));
        people.add(new Recipient("g-2", "José", "Peña", "en", "E01", "Ana", "mobile", "+14055550124", false));
        people.add(new Recipient("g-2", "José", "Peña", "en", "E01", "Ana", "landline", "+14055550199", true));
        people.add(new Recipient("g-3", "Pat", "Lee", "vi", "E02", "Sam", "email", "pat@example.org", true));
        families.add(new FamilyMember("s-1", "Ana Peña", "E01", "03", "g-1", "María Peña", "es", "Ana", "María"));
        families.add(new FamilyMember("s-1", "Ana Peña", "E01", "03", "g-2", "José Peña", "en", "Ana", "José"));
        families.add(new FamilyMember("s-2", "Luis Peña", "E01", "KG", "g-1", "María Peña", "es", "Luis", "María"));
        families.add(new FamilyMember("s-3", "Sam Lee", "E02", "01", "g-3", "Kim Lee", "en", "Sam", "Kim"));
        families.add(new FamilyMember("s-4", "Eva Sola", "E02", "04", null, null, null, "Eva", null)); // no guardian on file
    }

    static Content content() {
        return new Content("School closed {{date}}", "Dear {{guardianName}}, {{studentName}}'s school is closed.",
                "Escuela cerrada {{date}}", "Estimado(a) {{guardianName}}: la escuela de {{studentName}} está cerrada.",
                "Closed today: {{siteCode}}", "Cerrado hoy: {{siteCode}}", "The school is closed.", "La escuela está cerrada.");
    }

    long send(String category, List<String> channels) {
        long id = messenger.create(new MessageDraft("letter", category, channels, new MessageDraft.Audience("families", null, null, null), null,
                content(), 2, null), COMMS);
        messenger.transition(id, "approve", COMMS);
        messenger.transition(id, "send", COMMS);
        return id;
    }

    /** A newsletter to Pat's email only, sent. */
    long newsletterToPat() {
        people.removeIf(r -> !r.value().equals("pat@example.org"));
        long id = messenger.create(new MessageDraft("newsletter", "general", List.of("email"), new MessageDraft.Audience("families", null, null, null),
                null, content(), 2, null), COMMS);
        messenger.transition(id, "approve", COMMS);
        messenger.transition(id, "send", COMMS);
        messenger.work(provider, 100);
        return id;
    }

    /** The first delivery of a message that matches {@code condition} (SQL over MSG_DELIVERY2's columns). */
    long deliveryId(long message, String condition) {
        return database.read(c -> {
            try (var ps = c.prepareStatement("SELECT ID FROM MSG_DELIVERY2 WHERE MESSAGE_ID = ? AND " + condition + " ORDER BY ID")) {
                ps.setLong(1, message);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
