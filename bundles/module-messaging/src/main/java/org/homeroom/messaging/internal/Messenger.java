package org.homeroom.messaging.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.samskivert.mustache.Mustache;

import org.homeroom.directory.api.AudienceQuery;
import org.homeroom.directory.api.Consents;
import org.homeroom.directory.api.ContactValues;
import org.homeroom.directory.api.DirectoryService;
import org.homeroom.directory.api.Recipient;
import org.homeroom.messaging.api.Content;
import org.homeroom.messaging.api.Message;
import org.homeroom.messaging.api.MessageDraft;
import org.homeroom.messaging.api.OutboundText;
import org.homeroom.messaging.api.ProviderException;
import org.homeroom.messaging.api.ProviderResult;
import org.homeroom.messaging.api.TextProvider;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.Validation;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.mail.MailMessage;
import org.homeroom.platform.api.mail.MailService;

/**
 * Writes, plans and sends messages. Planning writes every delivery (one per channel and contact after
 * de-duplication, with its consent decision and its earliest time) before the first is sent; the worker
 * then claims due deliveries, hands them to the mail outbox or the text provider and records the result.
 *
 * <p>Crash safety: an email is queued in the outbox in the same transaction that marks its delivery sent
 * (exactly once). A text or call is claimed (state "sending", committed), sent, then recorded: a crash
 * between the provider's acceptance and the record sends it again when its lease runs out. Outcomes are
 * recorded every {@link #RECORD_EVERY}, so a crash repeats at most that many plus the requests in flight
 * ({@code concurrency}); a clean module stop repeats nothing (see {@link #work}).
 */
final class Messenger {

    static final List<String> KINDS = List.of("letter", "call", "text", "memo", "newsletter");
    static final List<String> CHANNELS = List.of("email", "sms", "voice");
    private static final int BATCH = 5000;
    /** Texts and calls whose results are recorded together: a crash can repeat at most this many, plus those in flight. */
    static final int RECORD_EVERY = 50;
    /** How long a stopping worker waits for the provider's answers to what is in flight (its requests time out after 10 s). */
    private static final long STOP_WAIT_NANOS = 12_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Messenger.class);
    private final Database database;
    private final AuditLog audit;
    private final DirectoryService directory;
    private final MailService mail;
    private final Clock clock;
    private final MessagingConfig config;
    private final QuietHours quietHours;
    private final Mustache.Compiler templates = Mustache.compiler().escapeHTML(false).defaultValue("");
    private final UnsubscribeLinks unsubscribe;
    /** Who holds a plan lease: this instance of the module (a restarted one is another owner). */
    private final String planOwner = java.util.UUID.randomUUID().toString();
    /** When the worker may hand the provider its next text or call (System.nanoTime()); one worker thread uses it. */
    private volatile long nextSendNanos = System.nanoTime();
    /** Texts and calls per second now: the configured rate, lowered for a while when the provider refuses for its rate limit. */
    private volatile double rate;
    private volatile long lastThrottledNanos = System.nanoTime() - 2_000_000_000L;
    private volatile long rateUpdatedNanos = System.nanoTime();
    /** When the provider accepted each text or call of the last second (worker thread only). */
    private final java.util.ArrayDeque<Long> accepted = new java.util.ArrayDeque<>();
    /** The threads that talk to the provider, so several requests can be in flight. */
    private final Senders senders;
    /** The platform's communications hold (optional: nothing is held without it). */
    private volatile CommunicationsHolds holds = new CommunicationsHolds(() -> null);

    /** A site's effective messaging settings (site → district → module default), read at each decision. */
    private final java.util.function.Function<String, Map<String, Object>> siteSettings;

    /** With the module's default settings at every site (tests). */
    Messenger(Database database, AuditLog audit, DirectoryService directory, MailService mail, Clock clock, MessagingConfig config) {
        this(database, audit, directory, mail, clock, config, site -> MessagingModule.DESCRIPTOR.defaultSettings());
    }

    Messenger(Database database, AuditLog audit, DirectoryService directory, MailService mail, Clock clock, MessagingConfig config,
            java.util.function.Function<String, Map<String, Object>> siteSettings) {
        this.siteSettings = siteSettings;
        this.database = database;
        this.audit = audit;
        this.directory = directory;
        this.mail = mail;
        this.clock = clock;
        this.config = config;
        this.unsubscribe = new UnsubscribeLinks(database);
        this.senders = new Senders(Math.max(1, config.concurrency()));
        this.rate = Math.max(1, config.ratePerSecond());
        this.quietHours = new QuietHours(LocalTime.parse(config.quietHoursEnd()), LocalTime.parse(config.quietHoursStart()), ZoneId.of(config.zone()));
    }

    /** The provider requests' threads: daemon, named, as many as requests may be in flight. */
    private record Senders(int concurrency, java.util.concurrent.ExecutorService pool) {
        Senders(int concurrency) {
            this(concurrency, java.util.concurrent.Executors.newFixedThreadPool(concurrency, new java.util.concurrent.ThreadFactory() {
                private final java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();

                @Override
                public Thread newThread(Runnable r) {
                    Thread t = new Thread(r, "homeroom-messaging-sender-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }
            }));
        }
    }

    /**
     * The module is stopping: the worker finishes its pass cleanly (see {@link #work}). A flag, not
     * {@code Thread.interrupt}: embedded Derby closes the connection of an interrupted thread, which would lose
     * the record of texts the provider already accepted.
     */
    private volatile boolean stopRequested;

    void holds(CommunicationsHolds holds) {
        this.holds = holds;
    }

    void requestStop() {
        stopRequested = true;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    /** Texts and calls per second now: the configured rate, or less while the provider refuses for its rate limit. */
    double rate() {
        return rate;
    }

    /** Stops the provider requests' threads (the module stops), letting a request under way finish first. */
    void close() {
        senders.pool().shutdown();
        try {
            if (!senders.pool().awaitTermination(STOP_WAIT_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS)) {
                senders.pool().shutdownNow();
            }
        } catch (InterruptedException e) {
            senders.pool().shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ writing

    MessageDraft validate(MessageDraft d, CurrentUser actor) {
        Validation v = new Validation();
        if (d == null) {
            v.check(false, "body", "a message is required").throwIfInvalid();
        }
        String kind = lower(d.kind());
        String category = lower(d.category());
        List<String> channels = d.channels() == null ? List.of() : d.channels().stream().map(Messenger::lower).distinct().toList();
        MessageDraft.Audience audience = d.audience();
        String role = audience == null ? null : lower(audience.role());
        Content c = d.content();
        int maxSegments = d.maxSegments() == null ? 2 : d.maxSegments();
        // immutable lists refuse contains(null): every check is null-safe
        v.check(kind != null && KINDS.contains(kind), "kind", "must be one of " + String.join(", ", KINDS))
                .check(category != null && Consents.CATEGORIES.contains(category), "category", "must be one of " + String.join(", ", Consents.CATEGORIES))
                .check(!channels.isEmpty() && channels.stream().allMatch(ch -> ch != null && CHANNELS.contains(ch)), "channels",
                        "must list some of email, sms, voice")
                .check("families".equals(role) || "staff".equals(role), "audience.role", "must be families or staff")
                .check(maxSegments >= 1 && maxSegments <= 10, "maxSegments", "must be between 1 and 10")
                .check(c != null, "content", "is required");
        if (c != null) {
            v.check(!channels.contains("email") || !blank(c.subjectEn()) && !blank(c.bodyEn()), "content.bodyEn", "an email needs an English subject and body")
                    .check(!channels.contains("sms") || !blank(c.textEn()), "content.textEn", "a text needs its English version")
                    .check(!channels.contains("voice") || !blank(c.voiceEn()), "content.voiceEn", "a call needs its English script");
            for (String[] text : new String[][] {{"content.textEn", c.textEn()}, {"content.textEs", c.textEs()}}) {
                if (channels.contains("sms") && !blank(text[1])) {
                    // merged with long sample values, so the real texts cannot come out longer than checked
                    int segments = Segments.of(render(text[1], sample())).segments();
                    v.check(segments <= maxSegments, text[0], "takes " + segments + " SMS segments with its merge fields; the limit is " + maxSegments);
                }
            }
            for (String field : new String[] {c.subjectEn(), c.bodyEn(), c.subjectEs(), c.bodyEs(), c.textEn(), c.textEs(), c.voiceEn(), c.voiceEs()}) {
                try {
                    if (field != null) {
                        templates.compile(field);
                    }
                } catch (RuntimeException e) {
                    v.check(false, "content", "a template does not parse: " + e.getMessage());
                    break;
                }
            }
        }
        String site = d.site() == null || d.site().isBlank() ? null : d.site().trim().toUpperCase(Locale.ROOT);
        boolean comms = actor.hasRole(Roles.COMMS);
        if (!comms) {
            // site staff: their own site's families only
            v.check(site != null && actor.canAccessSite(site), "site", "site staff send for one of their own sites");
            v.check("families".equals(role), "audience.role", "site staff send to families");
        }
        v.throwIfInvalid();
        // stored as the platform spells site codes, so every later comparison is exact
        List<String> sites = site != null ? List.of(site) : audience.sites() == null ? null
                : audience.sites().stream().map(x -> x == null ? null : x.trim().toUpperCase(Locale.ROOT)).toList();
        directory.checkAudience(new AudienceQuery(role, sites, audience.grades(), audience.sourcedIds(), category));
        checkCustomList(audience.sourcedIds(), new AudienceQuery(role, sites, audience.grades(), audience.sourcedIds(), category), channels);
        return new MessageDraft(kind, category, channels, new MessageDraft.Audience(role, sites, audience.grades(), audience.sourcedIds()), site, c,
                maxSegments, d.scheduledAt());
    }

    /**
     * A custom list names people one by one, so each must be reachable: in the audience, with a contact
     * point on a chosen channel that may take this category. Otherwise 422 naming them.
     */
    private void checkCustomList(List<String> ids, AudienceQuery query, List<String> channels) {
        if (ids == null || ids.isEmpty()) {
            return;
        }
        Map<String, Boolean> usable = new java.util.HashMap<>(); // person -> some contact point may take it
        directory.audience(query, r -> {
            if (!channelsFor(r, channels).isEmpty()) {
                usable.merge(r.sourcedId(), r.allowed(), Boolean::logicalOr);
            }
        });
        Validation v = new Validation();
        for (int i = 0; i < ids.size(); i++) {
            Boolean ok = usable.get(ids.get(i));
            v.check(ok != null, "audience.sourcedIds[" + i + "]", ids.get(i) + " has no contact point for " + String.join(", ", channels)
                    + " in this audience (or is not in the directory)");
            v.check(ok == null || ok, "audience.sourcedIds[" + i + "]", ids.get(i) + " has refused " + query.category()
                    + " messages on every such contact point");
        }
        v.throwIfInvalid();
    }

    /**
     * What sending would do, without writing anything: deliveries per channel (one per contact point and
     * channel), how many would be skipped for consent, how many people and families it reaches, and a
     * sample of the first deliveries with their contact points masked.
     */
    Map<String, Object> audiencePreview(Message m) {
        MessageDraft d = m.draft();
        Map<String, Integer> perChannel = new java.util.TreeMap<>();
        Set<String> people = new HashSet<>();
        int[] skipped = {0};
        List<Map<String, Object>> sample = new ArrayList<>();
        deliveries(d, new HashSet<>(), (r, channel) -> {
            if (!r.allowed()) {
                skipped[0]++;
                return;
            }
            perChannel.merge(channel, 1, Integer::sum);
            people.add(r.sourcedId());
            if (sample.size() < 10) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("person", r.sourcedId());
                row.put("name", r.givenName() + " " + r.familyName());
                row.put("student", r.studentName());
                row.put("site", r.siteCode());
                row.put("channel", channel);
                row.put("contact", "email".equals(channel) ? maskEmail(r.value()) : LogProvider.mask(r.value()));
                row.put("language", "es".equals(r.language()) ? "es" : "en");
                sample.add(row);
            }
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deliveries", perChannel);
        out.put("total", perChannel.values().stream().mapToInt(Integer::intValue).sum());
        out.put("skippedForConsent", skipped[0]);
        out.put("people", people.size());
        if (ReachReport.family(m)) {
            Map<String, Boolean> families = new java.util.HashMap<>();
            directory.families(new AudienceQuery("families", d.audience().sites(), d.audience().grades(), d.audience().sourcedIds(), null),
                    f -> families.merge(f.studentId(), f.guardianId() != null && people.contains(f.guardianId()), Boolean::logicalOr));
            out.put("families", families.size());
            out.put("familiesWithoutContact", (int) families.values().stream().filter(reached -> !reached).count());
        }
        out.put("sample", sample);
        return out;
    }

    static String maskEmail(String email) {
        int at = email.indexOf('@');
        return at < 0 ? "***" : at <= 1 ? "***" + email.substring(at) : email.charAt(0) + "***" + email.substring(at);
    }

    long create(MessageDraft draft, CurrentUser actor) {
        MessageDraft d = validate(draft, actor);
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO MSG_MESSAGE (KIND, CATEGORY, CHANNELS, AUDIENCE, SITE_CODE, CONTENT, MAX_SEGMENTS,"
                    + " STATUS, SCHEDULED_AT, CREATED_AT, CREATED_BY) VALUES (?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, d.kind());
                ps.setString(2, d.category());
                ps.setString(3, String.join(",", d.channels()));
                ps.setString(4, json(d.audience()));
                ps.setString(5, d.site());
                ps.setString(6, json(d.content()));
                ps.setInt(7, d.maxSegments());
                ps.setTimestamp(8, d.scheduledAt() == null ? null : Timestamp.from(d.scheduledAt()));
                ps.setTimestamp(9, Timestamp.from(clock.instant()));
                ps.setString(10, actor.name());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    long id = keys.getLong(1);
                    audit.record(c, actor.name(), "messaging.create", "message", String.valueOf(id), d.kind() + " " + d.category() + " " + d.channels());
                    return id;
                }
            }
        });
    }

    /** draft → approved → (scheduled) → sending → sent; cancelled from any state before sending. */
    void transition(long id, String action, CurrentUser actor) {
        database.inTransaction(c -> {
            Message m = load(c, id).orElseThrow(() -> ProblemException.notFound("There is no message " + id + "."));
            if (m.draft().site() == null && !actor.hasRole(Roles.COMMS)) {
                throw ProblemException.forbidden("District-wide messages need the comms role.");
            }
            String next = switch (action) {
                case "approve" -> "draft".equals(m.status()) ? "approved" : null;
                case "send" -> "approved".equals(m.status()) ? (m.draft().scheduledAt() != null && m.draft().scheduledAt().isAfter(clock.instant())
                        ? "scheduled" : "sending") : null;
                case "cancel" -> List.of("draft", "approved", "scheduled").contains(m.status()) ? "cancelled" : null;
                default -> throw ProblemException.notFound("There is no action " + action + ".");
            };
            if (next == null) {
                throw ProblemException.conflict("Message " + id + " is " + m.status() + "; it cannot be " + ("send".equals(action) ? "sent" : action + "d") + " now.");
            }
            if ("approve".equals(action) && needsSecondPerson(m, actor)) {
                throw ProblemException.forbidden("Message " + id + " is a text or call to all of site " + m.draft().site() + "'s families, and you wrote it:"
                        + " another person must approve it (two-person rule; the site's messaging setting selfApproval allows it).");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE MSG_MESSAGE SET STATUS = ?, APPROVED_BY = COALESCE(APPROVED_BY, ?) WHERE ID = ?")) {
                ps.setString(1, next);
                ps.setString(2, "approve".equals(action) ? actor.name() : null);
                ps.setLong(3, id);
                ps.executeUpdate();
            }
            audit.record(c, actor.name(), "messaging." + action, "message", String.valueOf(id), m.status() + " -> " + next);
            return null;
        });
    }

    /**
     * The two-person rule: site staff do not approve their own text or call to a whole site (every family of it,
     * no grade or list narrowing it) unless the site's settings say {@code selfApproval}. Comms staff are not
     * bound by it; emails and narrower audiences are not either.
     */
    boolean needsSecondPerson(Message m, CurrentUser actor) {
        MessageDraft d = m.draft();
        if (actor.hasRole(Roles.COMMS) || d.site() == null || !actor.name().equals(m.createdBy())) {
            return false;
        }
        boolean textOrCall = d.channels().contains("sms") || d.channels().contains("voice");
        MessageDraft.Audience a = d.audience();
        boolean wholeSite = (a.grades() == null || a.grades().isEmpty()) && (a.sourcedIds() == null || a.sourcedIds().isEmpty());
        return textOrCall && wholeSite && !Boolean.TRUE.equals(siteSettings.apply(d.site()).get("selfApproval"));
    }

    // ------------------------------------------------------------------ planning

    /**
     * Writes every delivery of a message that is sending and not planned yet. Safe to run again after a
     * crash: deliveries already written are skipped, the rest added.
     */
    int plan(long id) {
        if (!renewPlanLease(id, true)) {
            return 0; // another planner holds it; it is taken over if that one stops renewing
        }
        Message m = database.read(c -> load(c, id)).orElseThrow();
        Set<String> seen = database.read(c -> {
            Set<String> keys = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT CHANNEL, CONTACT_VALUE FROM MSG_DELIVERY2 WHERE MESSAGE_ID = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getString(1) + ":" + rs.getString(2));
                    }
                }
            }
            return keys;
        });
        MessageDraft d = m.draft();
        boolean emergency = Consents.EMERGENCY.equals(d.category());
        Instant now = clock.instant();
        Instant quietOk = emergency ? now : quietHours.nextAllowed(now);
        List<Object[]> batch = new ArrayList<>(BATCH);
        int[] written = {0};
        deliveries(d, seen, (r, channel) -> {
            String language = "es".equals(r.language()) ? "es" : r.language() == null ? "en" : r.language();
            Instant notBefore = "email".equals(channel) ? now : quietOk;
            batch.add(new Object[] {r, channel, language, r.allowed() ? "planned" : "skipped",
                    r.allowed() ? null : "no consent for " + d.category() + " messages to this contact", notBefore});
            if (batch.size() == BATCH) {
                written[0] += insert(id, batch);
                batch.clear();
                if (stopRequested) {
                    // the module stops: what is written stays, the next planner adds the rest
                    throw new java.util.concurrent.CancellationException("planning of message " + id + " stopped with the module");
                }
            }
        });
        written[0] += insert(id, batch);
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE MSG_MESSAGE SET PLANNED_AT = ?, PLAN_OWNER = NULL, PLAN_LEASE_UNTIL = NULL"
                    + " WHERE ID = ? AND PLAN_OWNER = ?")) {
                ps.setTimestamp(1, Timestamp.from(clock.instant()));
                ps.setLong(2, id);
                ps.setString(3, planOwner);
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("lost the plan lease of message " + id + " to another planner");
                }
            }
            return null;
        });
        return written[0];
    }

    /** Takes ({@code take}) or renews this instance's lease on planning a message; false when another planner holds it. */
    private boolean renewPlanLease(long id, boolean take) {
        return database.inTransaction(c -> renewPlanLease(c, id, take));
    }

    private boolean renewPlanLease(Connection c, long id, boolean take) throws SQLException {
        Instant now = clock.instant();
        try (PreparedStatement ps = c.prepareStatement("UPDATE MSG_MESSAGE SET PLAN_OWNER = ?, PLAN_LEASE_UNTIL = ? WHERE ID = ? AND PLANNED_AT IS NULL"
                + " AND (PLAN_OWNER = ?" + (take ? " OR PLAN_OWNER IS NULL OR PLAN_LEASE_UNTIL < ?" : "") + ")")) {
            ps.setString(1, planOwner);
            ps.setTimestamp(2, Timestamp.from(now.plusSeconds(config.leaseSeconds())));
            ps.setLong(3, id);
            ps.setString(4, planOwner);
            if (take) {
                ps.setTimestamp(5, Timestamp.from(now));
            }
            return ps.executeUpdate() == 1;
        }
    }

    /** One delivery of a message: who (the first audience row for that contact point) and on which channel. */
    private interface DeliveryConsumer {
        void accept(Recipient recipient, String channel);
    }

    /**
     * What a message expands to, as planning writes it and the preview counts it: one delivery per contact
     * point and channel, however many students link to it; keys already in {@code seen} are left out.
     */
    private void deliveries(MessageDraft d, Set<String> seen, DeliveryConsumer each) {
        directory.audience(new AudienceQuery(d.audience().role(), d.audience().sites(), d.audience().grades(), d.audience().sourcedIds(), d.category()), r -> {
            for (String channel : channelsFor(r, d.channels())) {
                if (seen.add(channel + ":" + r.value())) {
                    each.accept(r, channel);
                }
            }
        });
    }

    static List<String> channelsFor(Recipient r, List<String> wanted) {
        List<String> channels = new ArrayList<>(2);
        switch (r.channel()) {
            case "email" -> { if (wanted.contains("email")) channels.add("email"); }
            case "mobile" -> {
                if (wanted.contains("sms")) channels.add("sms");
                if (wanted.contains("voice")) channels.add("voice");
            }
            case "landline" -> { if (wanted.contains("voice")) channels.add("voice"); }
            default -> { }
        }
        return channels;
    }

    private int insert(long messageId, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        return database.inTransaction(c -> {
            if (!renewPlanLease(c, messageId, false)) {
                throw new IllegalStateException("lost the plan lease of message " + messageId + " to another planner");
            }
            Timestamp now = Timestamp.from(clock.instant());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO MSG_DELIVERY2 (MESSAGE_ID, PERSON_ID, GIVEN_NAME, FAMILY_NAME, STUDENT_NAME, SITE_CODE,"
                    + " CHANNEL, CONTACT_VALUE, LANGUAGE, STATE, REASON, NOT_BEFORE, ATTEMPTS, UPDATED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)")) {
                for (Object[] row : rows) {
                    Recipient r = (Recipient) row[0];
                    ps.setLong(1, messageId);
                    ps.setString(2, r.sourcedId());
                    ps.setString(3, r.givenName());
                    ps.setString(4, r.familyName());
                    ps.setString(5, r.studentName());
                    ps.setString(6, r.siteCode());
                    ps.setString(7, (String) row[1]);
                    ps.setString(8, r.value());
                    ps.setString(9, (String) row[2]);
                    ps.setString(10, (String) row[3]);
                    ps.setString(11, (String) row[4]);
                    ps.setTimestamp(12, Timestamp.from((Instant) row[5]));
                    ps.setTimestamp(13, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return rows.size();
        });
    }

    // ------------------------------------------------------------------ sending

    /** A claimed delivery with what the message says. */
    private record Due(long id, long messageId, String kind, String category, Content content, String channel, String value, String language,
            String givenName, String familyName, String studentName, String siteCode, int attempts) {
    }

    /** One worker pass: plans what needs planning, sends what is due, closes finished messages. Returns deliveries handled. */
    int work(TextProvider provider, int max) {
        List<Long> toPlan = database.inTransaction(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE MSG_MESSAGE SET STATUS = 'sending' WHERE STATUS = 'scheduled' AND SCHEDULED_AT <= ?")) {
                ps.setTimestamp(1, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT ID FROM MSG_MESSAGE WHERE STATUS = 'sending' AND PLANNED_AT IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            // a worker that died holding deliveries: they go back to the queue after the lease
            try (PreparedStatement ps = c.prepareStatement("UPDATE MSG_DELIVERY2 SET STATE = 'planned' WHERE MESSAGE_ID = ? AND STATE = 'sending' AND UPDATED_AT < ?")) {
                for (long message : sendingMessages(c)) {
                    ps.setLong(1, message);
                    ps.setTimestamp(2, Timestamp.from(clock.instant().minusSeconds(config.leaseSeconds())));
                    ps.executeUpdate();
                }
            }
            return ids;
        });
        for (long message : toPlan) {
            try {
                plan(message);
            } catch (java.util.concurrent.CancellationException e) {
                return 0; // stopping
            } catch (RuntimeException e) {
                if (stopRequested) {
                    return 0;
                }
                // one message that cannot be planned (its audience, a lost lease) must not hold up the others' sending
                LOG.warn("Could not plan message {}; the next pass tries again", message, e);
            }
        }
        if (stopRequested) {
            return 0;
        }
        Claim claimed = claim(max);
        List<Due> due = claimed.won();
        // emails of the batch: into the outbox and marked sent in one transaction (exactly once)
        List<Due> emails = due.stream().filter(d -> "email".equals(d.channel())).toList();
        if (!emails.isEmpty()) {
            database.inTransaction(tx -> {
                List<Outcome> outcomes = new ArrayList<>();
                for (Due d : emails) {
                    outcomes.add(new Outcome(d.id(), "sent", null, "mail-" + mail.queue(tx, email(d), "messaging:" + d.messageId()), d.attempts() + 1, null));
                }
                return record(tx, outcomes);
            });
        }
        // texts and calls: paced at the provider's rate, up to `concurrency` requests in flight (a provider answers in
        // ~100-300 ms, so one request at a time would cap a send far below any account's rate); results are recorded
        // every RECORD_EVERY, so a crash can repeat at most RECORD_EVERY + concurrency of them
        List<Outcome> pending = new ArrayList<>();
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(senders.concurrency());
        java.util.concurrent.CompletionService<Attempt> results = new java.util.concurrent.ExecutorCompletionService<>(senders.pool());
        int inFlight = 0;
        int next = 0;
        for (; next < due.size() && !stopRequested; next++) {
            Due d = due.get(next);
            if ("email".equals(d.channel())) {
                continue;
            }
            // the pace: the configured rate, or less after the provider said we went too fast, climbing back by 1% of
            // the configured rate a second
            long now = System.nanoTime();
            rate = Math.min(config.ratePerSecond(), rate + config.ratePerSecond() * 0.01 * (now - rateUpdatedNanos) / 1e9);
            rateUpdatedNanos = now;
            long interval = (long) (1_000_000_000L / Math.max(1.0, rate));
            long catchUp = (long) Math.max(1, rate / 50) * interval; // time lost to our own database work, made up in small bursts
            long earliest = Math.max(nextSendNanos, System.nanoTime() - catchUp);
            if (!pace(earliest, slots)) {
                break; // stopping: see below
            }
            nextSendNanos = Math.max(nextSendNanos, System.nanoTime() - catchUp) + interval;
            results.submit(() -> {
                try {
                    return text(d, provider);
                } finally {
                    slots.release();
                }
            });
            inFlight++;
            java.util.concurrent.Future<Attempt> done;
            while ((done = results.poll()) != null) {
                inFlight--;
                settle(done, pending);
                if (pending.size() >= RECORD_EVERY) { // at once: at most RECORD_EVERY answered and unrecorded, plus those in flight
                    List<Outcome> batch = List.copyOf(pending);
                    database.inTransaction(tx -> record(tx, batch));
                    pending.clear();
                }
            }
        }
        // The module stopping (stopRequested): what is in flight is waited for (a bounded while) and recorded, and
        // what was claimed but never handed to the provider goes back to the queue at once, so a restart repeats
        // nothing and waits for no lease.
        long deadline = Long.MAX_VALUE;
        while (inFlight > 0) {
            if (stopRequested && deadline == Long.MAX_VALUE) {
                deadline = System.nanoTime() + STOP_WAIT_NANOS;
            }
            java.util.concurrent.Future<Attempt> done;
            try {
                done = results.poll(Math.min(100_000_000L, Math.max(0, deadline - System.nanoTime())), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // only a forced stop interrupts: give up waiting, record what is there
                break;
            }
            if (done != null) {
                inFlight--;
                settle(done, pending);
            } else if (System.nanoTime() >= deadline) {
                break; // still unanswered after the wait: those come back after their lease
            }
        }
        if (!pending.isEmpty()) {
            database.inTransaction(tx -> record(tx, pending));
        }
        if (stopRequested) {
            handBack(due.subList(Math.min(next, due.size()), due.size()).stream().filter(d -> !"email".equals(d.channel())).map(Due::id).toList());
        } else if (due.size() + claimed.refused() < max) {
            finish(); // the queue is drained: close what is done (a scan, so not after every batch)
        }
        // refused rows count as handled: a page of them is no reason to wait for the next poll
        return due.size() + claimed.refused();
    }

    /**
     * Waits until {@code earliest} (System.nanoTime()) and for a free request slot, in steps of at most 100 ms so a
     * stop is noticed even during a long pause the provider asked for. False when the module is stopping.
     */
    private boolean pace(long earliest, java.util.concurrent.Semaphore slots) {
        try {
            for (long wait = earliest - System.nanoTime(); wait > 0; wait = earliest - System.nanoTime()) {
                if (stopRequested) {
                    return false;
                }
                long step = Math.min(wait, 100_000_000L);
                Thread.sleep(step / 1_000_000, (int) (step % 1_000_000));
            }
            while (!slots.tryAcquire(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (stopRequested) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Claimed deliveries never handed to the provider: back to the queue, as they were. */
    private void handBack(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE MSG_DELIVERY2 SET STATE = 'planned' WHERE ID = ? AND STATE = 'sending'")) {
                for (long id : ids) {
                    ps.setLong(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Once the worker has stopped: another instance may plan what this one was planning, at once rather than after the lease. */
    void releasePlanLeases() {
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE MSG_MESSAGE SET PLAN_OWNER = NULL, PLAN_LEASE_UNTIL = NULL"
                    + " WHERE PLAN_OWNER = ? AND PLANNED_AT IS NULL")) {
                ps.setString(1, planOwner);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * One finished try: an outcome to record, or the provider's rate limit (the delivery goes back to the queue
     * with no attempt spent, and the worker's pace is pushed back by the pause the provider asked for).
     */
    private void settle(java.util.concurrent.Future<Attempt> done, List<Outcome> pending) {
        Attempt attempt;
        try {
            attempt = done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a send failed unexpectedly", e.getCause());
        }
        if (attempt instanceof Throttled t) {
            long now = System.nanoTime();
            if (now - lastThrottledNanos > 1_000_000_000L) {
                // a new refusal (not another answer to what was already in flight): go a little below what the provider
                // accepted in the last second — its real limit — and pause as asked
                while (!accepted.isEmpty() && now - accepted.peekFirst() > 1_000_000_000L) {
                    accepted.pollFirst();
                }
                double span = accepted.isEmpty() ? 1 : Math.max(0.1, Math.min(1.0, (now - accepted.peekFirst()) / 1e9));
                double seen = accepted.isEmpty() ? rate / 2 : accepted.size() / span;
                rate = Math.max(1.0, Math.min(rate, seen) * 0.95);
                nextSendNanos = Math.max(nextSendNanos, now + t.pauseSeconds() * 1_000_000_000L);
                lastThrottledNanos = now;
            }
            pending.add(new Outcome(t.due().id(), "planned", t.reason(), null, t.due().attempts(), clock.instant().plusSeconds(t.pauseSeconds())));
        } else {
            pending.add((Outcome) attempt);
            long now = System.nanoTime();
            accepted.addLast(now);
            while (now - accepted.peekFirst() > 1_000_000_000L) {
                accepted.pollFirst();
            }
        }
    }

    /** What one try at a text or call came to. */
    private sealed interface Attempt permits Outcome, Throttled {
    }

    /** What happened to one delivery, recorded in batches. */
    private record Outcome(long id, String state, String reason, String providerId, int attempts, Instant notBefore) implements Attempt {
    }

    /** The provider's rate limit answered instead: nothing happened to the delivery. */
    private record Throttled(Due due, String reason, long pauseSeconds) implements Attempt {
    }

    /** Messages being sent, emergencies first, then attendance, then the oldest. */
    private static List<Long> sendingMessages(Connection c) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ID FROM MSG_MESSAGE WHERE STATUS = 'sending'"
                + " ORDER BY CASE CATEGORY WHEN 'emergency' THEN 0 WHEN 'attendance' THEN 1 ELSE 2 END, ID");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** Claims up to {@code max} due deliveries of fully planned messages, per message in {@link #sendingMessages} order. */
    /** What a claim won, and how many due deliveries it skipped because their contact refuses the category now. */
    private record Claim(List<Due> won, int refused) {
    }

    private Claim claim(int max) {
        if (max <= 0) {
            return new Claim(List.of(), 0);
        }
        return database.inTransaction(c -> {
            List<Due> due = new ArrayList<>();
            List<Due> refused = new ArrayList<>();
            Timestamp now = Timestamp.from(clock.instant());
            org.homeroom.platform.api.holds.ActiveHolds held = holds.now();
            for (long messageId : sendingMessages(c)) {
                if (due.size() >= max) {
                    break;
                }
                String kind;
                String category;
                Content content;
                String messageSite;
                try (PreparedStatement ps = c.prepareStatement("SELECT KIND, CATEGORY, CONTENT, SITE_CODE FROM MSG_MESSAGE WHERE ID = ? AND PLANNED_AT IS NOT NULL")) {
                    ps.setLong(1, messageId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            continue; // nothing of a message is sent before all of it is planned (a crash mid-plan resumes the plan first)
                        }
                        kind = rs.getString(1);
                        category = rs.getString(2);
                        content = content(rs.getString(3));
                        messageSite = rs.getString(4);
                    }
                }
                // a communications hold: non-emergency messages wait (a held site's, or all under a district hold)
                org.homeroom.platform.api.holds.ActiveHolds applying = Consents.EMERGENCY.equals(category)
                        ? org.homeroom.platform.api.holds.ActiveHolds.NONE : held;
                if (applying.districtWide() || applying.holds(messageSite)) {
                    continue;
                }
                // one range of MSG_DELIVERY_QUEUE (MESSAGE_ID, STATE, NOT_BEFORE, ID), already in order: no sort
                try (PreparedStatement ps = c.prepareStatement("SELECT ID, CHANNEL, CONTACT_VALUE, LANGUAGE, GIVEN_NAME, FAMILY_NAME, STUDENT_NAME, SITE_CODE, ATTEMPTS"
                        + " FROM MSG_DELIVERY2 --DERBY-PROPERTIES index=MSG_DELIVERY_QUEUE\n"
                        + " WHERE MESSAGE_ID = ? AND STATE = 'planned' AND NOT_BEFORE <= ?" + CommunicationsHolds.deliveryCondition(applying)
                        + " ORDER BY NOT_BEFORE, ID FETCH FIRST " + (max - due.size()) + " ROWS ONLY")) {
                    ps.setLong(1, messageId);
                    ps.setTimestamp(2, now);
                    CommunicationsHolds.bind(ps, 3, applying);
                    List<Due> rows = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new Due(rs.getLong(1), messageId, kind, category, content, rs.getString(2), rs.getString(3),
                                    rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9)));
                        }
                    }
                    // consent as it is now, not as it was at planning: a STOP or an unsubscribe since then stops these at once
                    java.util.Set<String> refusing;
                    try {
                        refusing = rows.isEmpty() ? Set.of() : directory.refusing(category, rows.stream().map(Due::value).toList());
                    } catch (RuntimeException e) {
                        // not sent without the check; the other messages (an emergency) go on
                        LOG.warn("Could not check consent for message {}; its deliveries wait for the next pass", messageId, e);
                        continue;
                    }
                    for (Due d : rows) {
                        (refusing.contains(d.value()) ? refused : due).add(d);
                    }
                }
            }
            if (!refused.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE MSG_DELIVERY2 SET STATE = 'skipped', REASON = ?, UPDATED_AT = ? WHERE ID = ? AND STATE = 'planned'")) {
                    for (Due d : refused) {
                        ps.setString(1, "no consent for " + d.category() + " messages to this contact any more (withdrawn after planning)");
                        ps.setTimestamp(2, now);
                        ps.setLong(3, d.id());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE MSG_DELIVERY2 SET STATE = 'sending', UPDATED_AT = ? WHERE ID = ? AND STATE = 'planned'")) {
                for (Due d : due) {
                    ps.setTimestamp(1, now);
                    ps.setLong(2, d.id());
                    ps.addBatch();
                }
                int[] claimed = ps.executeBatch();
                // another worker (node) may have claimed some of them since they were read: only what this one won is sent
                List<Due> won = new ArrayList<>(due.size());
                for (int i = 0; i < due.size(); i++) {
                    if (claimed[i] == 1) {
                        won.add(due.get(i));
                    }
                }
                return new Claim(won, refused.size());
            }
        });
    }

    private Map<String, Object> fields(Due d) {
        return fields(d.givenName() + " " + d.familyName(), d.givenName(), d.studentName(), d.siteCode(), clock.instant());
    }

    /** The merge fields of one recipient, as of {@code when} (the date in the district's time zone). */
    Map<String, Object> fields(String guardianName, String givenName, String studentName, String siteCode, Instant when) {
        return Map.of("guardianName", guardianName, "givenName", givenName,
                "studentName", studentName == null ? "" : studentName, "siteCode", siteCode == null ? "" : siteCode,
                "date", java.time.LocalDate.ofInstant(when, ZoneId.of(config.zone())).toString(), "districtName", config.districtName());
    }

    /** The link in a parent letter's email to its printable PDF: no sign-in, signed for that one delivery. */
    String letterLink(long deliveryId) {
        return config.letterUrl().replace("{delivery}", String.valueOf(deliveryId)).replace("{token}", unsubscribe.token(letterKey(deliveryId)));
    }

    boolean validLetterToken(long deliveryId, String token) {
        return unsubscribe.valid(letterKey(deliveryId), token);
    }

    /** Signed with the unsubscribe key: an email address always has an "@", so the two kinds of token never collide. */
    private static String letterKey(long deliveryId) {
        return "letter:" + deliveryId;
    }

    private MailMessage email(Due d) {
        boolean es = "es".equals(d.language());
        Content c = d.content();
        Map<String, Object> fields = fields(d);
        String subject = render(pick(es, c.subjectEs(), c.subjectEn()), fields);
        String body = render(pick(es, c.bodyEs(), c.bodyEn()), fields) + footer(d, es);
        // RFC 8058: the mail client's own unsubscribe button posts to the link; on every email the link stops
        // (newsletters, and the general and promotional email it revokes), never on school notices it would not stop
        Map<String, String> headers = unsubscribable(d)
                ? Map.of("List-Unsubscribe", "<" + unsubscribe.link(config.unsubscribeUrl(), d.value()) + ">",
                        "List-Unsubscribe-Post", "List-Unsubscribe=One-Click") : Map.of();
        return new MailMessage(List.of(d.value()), subject, body, null, null, List.of(), headers);
    }

    /** What the unsubscribe link revokes: general and promotional email, and so every newsletter. */
    private static boolean unsubscribable(Due d) {
        return "newsletter".equals(d.kind()) || UNSUBSCRIBES.contains(d.category());
    }

    static final List<String> UNSUBSCRIBES = List.of(Consents.GENERAL, Consents.PROMOTIONAL);

    private Attempt text(Due d, TextProvider provider) {
        boolean es = "es".equals(d.language());
        Content c = d.content();
        int attempts = d.attempts() + 1;
        try {
            String text = "sms".equals(d.channel()) ? render(pick(es, c.textEs(), c.textEn()), fields(d)) : render(pick(es, c.voiceEs(), c.voiceEn()), fields(d));
            ProviderResult result = provider.send(new OutboundText(d.channel(), d.value(), text, d.language(), String.valueOf(d.id())));
            return new Outcome(d.id(), "sent", null, result.providerId(), attempts, null);
        } catch (ProviderException e) {
            if (e.throttled()) {
                return new Throttled(d, e.getMessage(), e.retryAfterSeconds() == null ? 1 : Math.max(0, Math.min(60, e.retryAfterSeconds())));
            }
            boolean again = e.retryable() && attempts < config.maxAttempts();
            Instant retryAt = clock.instant().plusSeconds(e.retryAfterSeconds() != null ? e.retryAfterSeconds() : (long) (5 * Math.pow(2, attempts - 1)));
            return new Outcome(d.id(), again ? "planned" : "failed", e.getMessage(), null, attempts, again ? retryAt : null);
        } catch (RuntimeException e) {
            // our own or the adapter's bug: tried again later, but not for ever
            boolean again = attempts < config.maxAttempts();
            return new Outcome(d.id(), again ? "planned" : "failed", "unexpected error: " + e, null, attempts,
                    again ? clock.instant().plus(Duration.ofSeconds(30)) : null);
        }
    }

    private String footer(Due d, boolean es) {
        if ("letter".equals(d.kind())) {
            return "\n\n--\n" + (es ? "Versión para imprimir (PDF): " : "Printable version (PDF): ") + letterLink(d.id()) + "\n";
        }
        if (!"newsletter".equals(d.kind())) {
            return "";
        }
        String unsubscribe = this.unsubscribe.link(config.unsubscribeUrl(), d.value());
        return "\n\n--\n" + config.districtName() + ", " + config.postalAddress() + "\n"
                + (es ? "Para no recibir más boletines: " : "To stop receiving newsletters: ") + unsubscribe + "\n";
    }

    private Void record(Connection c, List<Outcome> outcomes) throws SQLException {
        // a provider's report that the text did not arrive can come before this record (results are recorded in
        // groups): that failure stands
        try (PreparedStatement ps = c.prepareStatement("UPDATE MSG_DELIVERY2 SET STATE = CASE WHEN STATE = 'failed' AND PROVIDER_STATUS IS NOT NULL THEN STATE ELSE ? END,"
                + " REASON = CASE WHEN STATE = 'failed' AND PROVIDER_STATUS IS NOT NULL THEN REASON ELSE ? END, PROVIDER_ID = COALESCE(?, PROVIDER_ID), ATTEMPTS = ?,"
                + " NOT_BEFORE = COALESCE(?, NOT_BEFORE), UPDATED_AT = ? WHERE ID = ?")) {
            for (Outcome o : outcomes) {
                ps.setString(1, o.state());
                ps.setString(2, o.reason() == null ? null : o.reason().substring(0, Math.min(500, o.reason().length())));
                ps.setString(3, o.providerId());
                ps.setInt(4, o.attempts());
                ps.setTimestamp(5, o.notBefore() == null ? null : Timestamp.from(o.notBefore()));
                ps.setTimestamp(6, Timestamp.from(clock.instant()));
                ps.setLong(7, o.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return null;
    }

    private void finish() {
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE MSG_MESSAGE SET STATUS = 'sent', FINISHED_AT = ? WHERE STATUS = 'sending'"
                    + " AND PLANNED_AT IS NOT NULL AND NOT EXISTS (SELECT 1 FROM MSG_DELIVERY2 D WHERE D.MESSAGE_ID = MSG_MESSAGE.ID"
                    + " AND D.STATE IN ('planned', 'sending'))")) {
                ps.setTimestamp(1, Timestamp.from(clock.instant()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ reading

    Message get(long id, CurrentUser viewer) {
        Message m = database.read(c -> load(c, id)).orElseThrow(() -> ProblemException.notFound("There is no message " + id + "."));
        if (!viewer.hasRole(Roles.COMMS) && (m.draft().site() == null || !viewer.canAccessSite(m.draft().site()))) {
            throw ProblemException.notFound("There is no message " + id + " for your sites.");
        }
        return m;
    }

    java.util.Optional<Message> load(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT KIND, CATEGORY, CHANNELS, AUDIENCE, SITE_CODE, CONTENT, MAX_SEGMENTS, STATUS, SCHEDULED_AT,"
                + " CREATED_BY, APPROVED_BY, CREATED_AT, PLANNED_AT, FINISHED_AT FROM MSG_MESSAGE WHERE ID = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return java.util.Optional.empty();
                }
                MessageDraft draft = new MessageDraft(rs.getString(1), rs.getString(2), List.of(rs.getString(3).split(",")), audience(rs.getString(4)),
                        rs.getString(5), content(rs.getString(6)), rs.getInt(7), instant(rs.getTimestamp(9)));
                Map<String, Integer> counts = new LinkedHashMap<>();
                for (String s : List.of("planned", "sending", "sent", "failed", "skipped")) {
                    counts.put(s, 0);
                }
                int reached;
                try (PreparedStatement q = c.prepareStatement("SELECT STATE, COUNT(*) FROM MSG_DELIVERY2 WHERE MESSAGE_ID = ? GROUP BY STATE")) {
                    q.setLong(1, id);
                    try (ResultSet r = q.executeQuery()) {
                        while (r.next()) {
                            counts.put(r.getString(1), r.getInt(2));
                        }
                    }
                }
                try (PreparedStatement q = c.prepareStatement("SELECT COUNT(DISTINCT PERSON_ID) FROM MSG_DELIVERY2 WHERE MESSAGE_ID = ? AND STATE = 'sent'")) {
                    q.setLong(1, id);
                    try (ResultSet r = q.executeQuery()) {
                        r.next();
                        reached = r.getInt(1);
                    }
                }
                return java.util.Optional.of(new Message(id, draft, rs.getString(8), rs.getString(10), rs.getString(11), rs.getTimestamp(12).toInstant(),
                        instant(rs.getTimestamp(13)), instant(rs.getTimestamp(14)), counts, reached));
            }
        }
    }

    /**
     * A family's unsubscribe from newsletters (the link in every newsletter, or the mail client's one-click
     * button): general and promotional email to that address stop at once; school notices do not.
     */
    boolean unsubscribe(String email, String token, DirectoryService directory) {
        if (!unsubscribe.valid(email, token)) {
            return false;
        }
        // effective at once: the sender checks consent again just before each send
        directory.changeConsent(email, UNSUBSCRIBES, "revoked", "unsubscribe link", null, "unsubscribe-link");
        return true;
    }

    /** Whether a link is good, without changing anything (the page a GET shows). */
    boolean validUnsubscribe(String email, String token) {
        return unsubscribe.valid(email, token);
    }

    String unsubscribeToken(String email) {
        return unsubscribe.token(email);
    }

    /** Provider statuses that mean the family did not get it. */
    static final List<String> NOT_DELIVERED = List.of("failed", "undelivered", "busy", "no-answer", "canceled");

    /**
     * A status report from the provider about a delivery it accepted: kept as it is, and a report that it
     * did not arrive turns the delivery into a failure with the provider's reason (so reach is true).
     * @return whether a delivery took it
     */
    boolean providerStatus(long deliveryId, String status, String errorCode) {
        String s = status == null ? "" : status.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.length() > 20) {
            throw ProblemException.invalid(List.of(new FieldError("MessageStatus", "is required")));
        }
        boolean failed = NOT_DELIVERED.contains(s);
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE MSG_DELIVERY2 SET PROVIDER_STATUS = ?, UPDATED_AT = ?,"
                    + " STATE = CASE WHEN ? THEN 'failed' ELSE STATE END, REASON = CASE WHEN ? THEN ? ELSE REASON END"
                    + " WHERE ID = ? AND STATE IN ('sent', 'sending')")) {
                ps.setString(1, s);
                ps.setTimestamp(2, Timestamp.from(clock.instant()));
                ps.setBoolean(3, failed);
                ps.setBoolean(4, failed);
                ps.setString(5, "provider reported " + s + (errorCode == null || errorCode.isBlank() ? "" : " (error " + errorCode.trim() + ")"));
                ps.setLong(6, deliveryId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    // ------------------------------------------------------------------ helpers

    String render(String template, Map<String, Object> fields) {
        return template == null ? "" : templates.compile(template).execute(fields);
    }

    static Map<String, Object> sample() {
        return Map.of("guardianName", "Maximiliano Alejandro Hernández-Villalobos", "givenName", "Maximiliano Alejandro",
                "studentName", "Guadalupe Concepción", "siteCode", "E01", "date", "2026-12-31", "districtName", "Homeroom Public Schools");
    }

    static String pick(boolean es, String spanish, String english) {
        return es && spanish != null && !spanish.isBlank() ? spanish : english;
    }

    private static String lower(String s) {
        return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Content content(String json) {
        try {
            return JSON.readValue(json, Content.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored content is unreadable", e);
        }
    }

    private static MessageDraft.Audience audience(String json) {
        try {
            return JSON.readValue(json, MessageDraft.Audience.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored audience is unreadable", e);
        }
    }
}
