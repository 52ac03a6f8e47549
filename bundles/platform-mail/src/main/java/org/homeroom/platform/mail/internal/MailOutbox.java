package org.homeroom.platform.mail.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.DataException;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.data.PagedQuery;
import org.homeroom.platform.api.mail.MailAttachment;
import org.homeroom.platform.api.mail.MailMessage;
import org.homeroom.platform.api.mail.MailService;
import org.homeroom.platform.api.mail.MailStatus;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox ({@code MAIL_OUTBOX}, {@code MAIL_ATTACHMENT}) and its one worker thread.
 *
 * <p>Delivery: the worker claims a due message by pushing its {@code NEXT_ATTEMPT_AT} past a lease
 * with a conditional UPDATE (so another node polling the same database skips it), sends it outside any
 * transaction, then records the outcome. A node that dies mid-send leaves the message due again once
 * the lease ends: at least once, never lost.
 *
 * <p>Configuration changes go through {@link #modified}, not a re-activation: modules holding a
 * reference to {@link MailService} and the admin resource are not restarted when an operator edits
 * {@code etc/org.homeroom.mail.cfg}.
 */
@Component(service = {MailService.class, MailOutbox.class}, configurationPid = MailConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MailConfig.class)
public class MailOutbox implements MailService {

    static final String QUEUED = "queued";
    static final String SENT = "sent";
    static final String LOGGED = "logged";
    static final String FAILED = "failed";
    static final Set<String> STATES = Set.of(QUEUED, SENT, LOGGED, FAILED);
    static final int BATCH = 50;
    private static final String STATUS_COLUMNS =
            "ID, ORIGIN, RECIPIENTS, SUBJECT, STATE, ATTEMPTS, QUEUED_AT, NEXT_ATTEMPT_AT, SENT_AT, LAST_ERROR";
    private static final Logger LOG = LoggerFactory.getLogger(MailOutbox.class);

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private volatile MailSettings settings;
    /** The one worker thread; null in unit tests. */
    private final ScheduledExecutorService worker;
    private ScheduledFuture<?> polling;
    private final AtomicBoolean nudged = new AtomicBoolean();
    /** Not {@code this}: a settings change must not wait for a batch that is sending. */
    private final Object scheduling = new Object();

    @Activate
    public MailOutbox(@Reference Database database, @Reference AuditLog audit, BundleContext context, MailConfig config) {
        this(database, audit, MailSettings.of(config), Clock.systemUTC(), Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "homeroom-mail");
            thread.setDaemon(true);
            return thread;
        }));
        database.migrate("mail", context.getBundle());
        schedule(); // only now: the first poll needs the tables
        LOG.info("Mail outbox ready: {}", settings);
    }

    /** For unit tests: no worker thread; tests call {@link #deliverDue()}. */
    MailOutbox(Database database, AuditLog audit, MailSettings settings, Clock clock) {
        this(database, audit, settings, clock, null);
    }

    private MailOutbox(Database database, AuditLog audit, MailSettings settings, Clock clock, ScheduledExecutorService worker) {
        this.database = database;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
        this.worker = worker;
    }

    @Modified
    void modified(MailConfig config) {
        settings = MailSettings.of(config);
        schedule();
        LOG.info("Mail settings changed: {}", settings);
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
        try { // a send under way finishes (or times out) before the Database it records into goes away
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void schedule() {
        synchronized (scheduling) {
            if (polling != null) {
                polling.cancel(false);
            }
            polling = worker.scheduleWithFixedDelay(this::deliverQuietly, 0, settings.pollSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Wakes the worker soon after a queue call (once its transaction has probably committed); repeated nudges coalesce. */
    private void nudge() {
        if (worker != null && nudged.compareAndSet(false, true)) {
            try {
                worker.schedule(() -> {
                    nudged.set(false);
                    deliverQuietly();
                }, 200, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                nudged.set(false); // shutting down; the next start polls anyway
            }
        }
    }

    // ---------------------------------------------------------------- queue

    @Override
    public long queue(Connection transaction, MailMessage message, String origin) {
        MailMessage m = MessageCheck.checked(message, origin);
        Instant now = clock.instant();
        try {
            long id;
            try (PreparedStatement ps = transaction.prepareStatement("INSERT INTO MAIL_OUTBOX (ORIGIN, RECIPIENTS, SUBJECT, TEXT_BODY,"
                    + " HTML_BODY, REPLY_TO, HEADERS, STATE, ATTEMPTS, QUEUED_AT, NEXT_ATTEMPT_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, origin.trim());
                ps.setString(2, String.join(",", m.to()));
                ps.setString(3, m.subject());
                ps.setString(4, m.text());
                ps.setString(5, m.html());
                ps.setString(6, m.replyTo());
                ps.setString(7, m.headers().isEmpty() ? null : m.headers().entrySet().stream()
                        .map(h -> h.getKey() + ": " + h.getValue()).collect(Collectors.joining("\n")));
                ps.setString(8, QUEUED);
                ps.setTimestamp(9, Timestamp.from(now));
                ps.setTimestamp(10, Timestamp.from(now));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            for (MailAttachment a : m.attachments()) {
                try (PreparedStatement ps = transaction.prepareStatement(
                        "INSERT INTO MAIL_ATTACHMENT (OUTBOX_ID, FILE_NAME, CONTENT_TYPE, CONTENT) VALUES (?, ?, ?, ?)")) {
                    ps.setLong(1, id);
                    ps.setString(2, a.fileName());
                    ps.setString(3, a.contentType());
                    ps.setBytes(4, a.content());
                    ps.executeUpdate();
                }
            }
            nudge();
            return id;
        } catch (SQLException e) {
            throw new DataException("Cannot queue mail: " + e.getMessage(), e);
        }
    }

    @Override
    public long queue(MailMessage message, String origin) {
        return database.inTransaction(c -> queue(c, message, origin));
    }

    // ---------------------------------------------------------------- read

    @Override
    public Optional<MailStatus> status(long id) {
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + STATUS_COLUMNS + " FROM MAIL_OUTBOX WHERE ID = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(status(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Page<MailStatus> find(String state, String origin, PageRequest page) {
        StringBuilder where = new StringBuilder("FROM MAIL_OUTBOX WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (state != null && !state.isBlank()) {
            if (!STATES.contains(state.trim())) {
                throw ProblemException.invalid(List.of(new FieldError("state", "must be one of queued, sent, logged, failed")));
            }
            where.append(" AND STATE = ?");
            args.add(state.trim());
        }
        if (origin != null && !origin.isBlank()) {
            where.append(" AND ORIGIN LIKE ? ESCAPE '\\'");
            args.add(origin.trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        return database.page(new PagedQuery(STATUS_COLUMNS, where.toString(), "ID DESC", args), page, MailOutbox::status);
    }

    private static MailStatus status(ResultSet rs) throws SQLException {
        String state = rs.getString(5);
        return new MailStatus(rs.getLong(1), rs.getString(2), List.of(rs.getString(3).split(",")), rs.getString(4), state,
                rs.getInt(6), instant(rs.getTimestamp(7)), QUEUED.equals(state) ? instant(rs.getTimestamp(8)) : null,
                instant(rs.getTimestamp(9)), rs.getString(10));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    // ---------------------------------------------------------------- admin

    /** Puts a failed message back in the queue with its attempts reset; 404 unknown, 409 not failed. Audited. */
    MailStatus retry(long id, String actor) {
        database.inTransaction(c -> {
            MailStatus current;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + STATUS_COLUMNS + " FROM MAIL_OUTBOX WHERE ID = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw ProblemException.notFound("There is no message " + id + " in the outbox.");
                    }
                    current = status(rs);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE MAIL_OUTBOX SET STATE = ?, ATTEMPTS = 0, NEXT_ATTEMPT_AT = ?"
                    + " WHERE ID = ? AND STATE = ?")) {
                ps.setString(1, QUEUED);
                ps.setTimestamp(2, Timestamp.from(clock.instant()));
                ps.setLong(3, id);
                ps.setString(4, FAILED);
                if (ps.executeUpdate() == 0) {
                    throw ProblemException.conflict("Message " + id + " is " + current.state() + ", not failed: only failed messages can be retried.");
                }
            }
            audit.record(c, actor, "mail.retry", "mail", String.valueOf(id),
                    "failed after " + current.attempts() + " attempts: " + current.lastError());
            return null;
        });
        nudge();
        return status(id).orElseThrow();
    }

    // ---------------------------------------------------------------- worker

    private void deliverQuietly() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            // the database may be down or restarting: the next poll tries again
            LOG.warn("Mail worker could not read the outbox: {}", e.toString());
        }
    }

    /** Delivers every message that is due now (up to one batch); returns how many were handled (sent, logged or failed). */
    synchronized int deliverDue() {
        MailSettings s = settings;
        Instant now = clock.instant();
        // id → attempts as read: the claim succeeds only if nobody else changed the row since
        Map<Long, Integer> due = database.read(c -> {
            Map<Long, Integer> ids = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT ID, ATTEMPTS FROM MAIL_OUTBOX --DERBY-PROPERTIES index=MAIL_OUTBOX_DUE\n"
                    + " WHERE STATE = ? AND NEXT_ATTEMPT_AT <= ? ORDER BY NEXT_ATTEMPT_AT, ID FETCH FIRST " + BATCH + " ROWS ONLY")) {
                ps.setString(1, QUEUED);
                ps.setTimestamp(2, Timestamp.from(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.put(rs.getLong(1), rs.getInt(2));
                    }
                }
            }
            return ids;
        });
        int handled = 0;
        for (Map.Entry<Long, Integer> entry : due.entrySet()) {
            if (Thread.currentThread().isInterrupted()) {
                break; // deactivating: what is left stays queued
            }
            StoredMail mail = claim(entry.getKey(), entry.getValue(), s);
            if (mail == null) {
                continue; // another node took it
            }
            if (!deliver(mail, s)) {
                break; // the server is unreachable: the rest of the batch would only wait for the same timeout
            }
            handled++;
        }
        return handled;
    }

    /** Counts the attempt and hides the message from other workers for the lease; null if another worker was first. */
    StoredMail claim(long id, int attempts, MailSettings s) {
        Instant now = clock.instant();
        return database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE MAIL_OUTBOX SET ATTEMPTS = ATTEMPTS + 1, NEXT_ATTEMPT_AT = ?"
                    + " WHERE ID = ? AND STATE = ? AND ATTEMPTS = ? AND NEXT_ATTEMPT_AT <= ?")) {
                ps.setTimestamp(1, Timestamp.from(now.plus(s.claimLease())));
                ps.setLong(2, id);
                ps.setString(3, QUEUED);
                ps.setInt(4, attempts);
                ps.setTimestamp(5, Timestamp.from(now));
                if (ps.executeUpdate() == 0) {
                    return null;
                }
            }
            return load(c, id);
        });
    }

    private static StoredMail load(Connection c, long id) throws SQLException {
        List<MailAttachment> attachments = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT FILE_NAME, CONTENT_TYPE, CONTENT FROM MAIL_ATTACHMENT WHERE OUTBOX_ID = ? ORDER BY ID")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    attachments.add(new MailAttachment(rs.getString(1), rs.getString(2), rs.getBytes(3)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ORIGIN, RECIPIENTS, SUBJECT, TEXT_BODY, HTML_BODY, REPLY_TO, HEADERS,"
                + " QUEUED_AT, ATTEMPTS FROM MAIL_OUTBOX WHERE ID = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Map<String, String> headers = new LinkedHashMap<>();
                String lines = rs.getString(7);
                if (lines != null) {
                    for (String line : lines.split("\n")) {
                        int colon = line.indexOf(':');
                        headers.put(line.substring(0, colon), line.substring(colon + 1).strip());
                    }
                }
                MailMessage message = new MailMessage(List.of(rs.getString(2).split(",")), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), attachments, headers);
                return new StoredMail(id, rs.getString(1), message, rs.getTimestamp(8).toInstant(), rs.getInt(9));
            }
        }
    }

    /** One attempt and its outcome; false when the server could not be reached at all. */
    private boolean deliver(StoredMail mail, MailSettings s) {
        if (s.logOnly()) {
            MailMessage m = mail.message();
            LOG.info("Mail {} ({}) NOT sent, transport=log: to {}, subject '{}', {} attachment(s){}", mail.id(), mail.origin(), m.to(),
                    m.subject(), m.attachments().size(), m.attachments().stream().map(MailAttachment::fileName).toList());
            LOG.debug("Mail {} text:\n{}", mail.id(), m.text());
            finish(mail.id(), LOGGED, null, null);
            return true;
        }
        try {
            String messageId = SmtpSender.send(s, mail, clock.instant());
            finish(mail.id(), SENT, messageId, null);
            LOG.debug("Mail {} ({}) sent to {} as {}", mail.id(), mail.origin(), mail.message().to(), messageId);
            return true;
        } catch (SmtpSender.SendFailure failure) {
            boolean last = failure.permanent || mail.attempts() >= s.maxAttempts();
            if (last) {
                finish(mail.id(), FAILED, null, failure.getMessage());
                LOG.warn("Mail {} ({}) failed after {} attempt(s): {}", mail.id(), mail.origin(), mail.attempts(), failure.getMessage());
            } else {
                Instant next = clock.instant().plus(s.backoff(mail.attempts()));
                database.inTransaction(c -> {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE MAIL_OUTBOX SET NEXT_ATTEMPT_AT = ?, LAST_ERROR = ? WHERE ID = ?")) {
                        ps.setTimestamp(1, Timestamp.from(next));
                        ps.setString(2, cut(failure.getMessage()));
                        ps.setLong(3, mail.id());
                        return ps.executeUpdate();
                    }
                });
                LOG.info("Mail {} ({}) attempt {} of {} failed, next at {}: {}", mail.id(), mail.origin(), mail.attempts(), s.maxAttempts(),
                        next, failure.getMessage());
                LOG.debug("Mail {} failure", mail.id(), failure.getCause());
            }
            return !failure.unreachable;
        }
    }

    /** Records a message's end: sent or logged (with when and its Message-ID), or failed (with why). */
    private void finish(long id, String state, String messageId, String error) {
        Instant now = clock.instant();
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(error == null
                    ? "UPDATE MAIL_OUTBOX SET STATE = ?, SENT_AT = ?, MESSAGE_ID = ? WHERE ID = ?"
                    : "UPDATE MAIL_OUTBOX SET STATE = ?, LAST_ERROR = ? WHERE ID = ?")) {
                ps.setString(1, state);
                if (error == null) {
                    ps.setTimestamp(2, Timestamp.from(now));
                    ps.setString(3, messageId);
                    ps.setLong(4, id);
                } else {
                    ps.setString(2, cut(error));
                    ps.setLong(3, id);
                }
                return ps.executeUpdate();
            }
        });
    }

    private static String cut(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 999) + "…";
    }
}
