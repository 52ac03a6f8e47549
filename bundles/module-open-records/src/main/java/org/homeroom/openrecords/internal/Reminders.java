package org.homeroom.openrecords.internal;

import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.homeroom.openrecords.api.Assignment;
import org.homeroom.openrecords.api.OpenRecordsReminders;
import org.homeroom.openrecords.api.OpenRecordsRequest;
import org.homeroom.openrecords.api.ReminderRun;
import org.homeroom.platform.api.calendar.DistrictCalendar;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.mail.MailMessage;
import org.homeroom.platform.api.mail.MailService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reminds the office of due-soon and overdue requests: one digest email, one internal entry per request. */
@Component(service = OpenRecordsReminders.class, immediate = true, configurationPid = OpenRecordsConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class Reminders implements OpenRecordsReminders {

    private static final Logger LOG = LoggerFactory.getLogger(Reminders.class);
    private static final int DIGEST_LINES = 200;

    private final Database database;
    private final AuditLog audit;
    private final MailService mail;
    private final RequestStore store;
    private final OpenRecordsConfig config;
    private final ScheduledExecutorService timer;

    @Activate
    public Reminders(@Reference Database database, @Reference AuditLog audit, @Reference MailService mail,
            org.osgi.framework.BundleContext context, OpenRecordsConfig config, @Reference DistrictCalendar calendar) {
        this(database, audit, mail, Clock.systemUTC(), config, calendar);
        // whichever component of the bundle starts first creates the tables (migrate is idempotent and locked)
        database.migrate(JdbcOpenRecords.MODULE, context.getBundle());
        if (config.reminderMinutes() > 0) {
            timer.scheduleWithFixedDelay(this::runQuietly, 1, config.reminderMinutes(), TimeUnit.MINUTES);
        }
    }

    Reminders(Database database, AuditLog audit, MailService mail, Clock clock, OpenRecordsConfig config, DistrictCalendar calendar) {
        this.database = database;
        this.audit = audit;
        this.mail = mail;
        this.store = new RequestStore(clock, config, calendar);
        this.config = config;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "homeroom-open-records-reminders"));
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }

    private void runQuietly() {
        try {
            ReminderRun run = remindNow("system");
            if (!run.trackingNumbers().isEmpty()) {
                LOG.info("Reminded the office of {} due-soon and {} overdue open records requests", run.dueSoon(), run.overdue());
            }
        } catch (RuntimeException e) {
            LOG.warn("Open records reminders failed; the next run tries again", e);
        }
    }

    @Override
    public ReminderRun remindNow(String actor) {
        return database.inTransaction(c -> {
            LocalDate today = store.today();
            LocalDate dueSoonCutoff = store.calendar().addBusinessDays(today, config.dueSoonBusinessDays());
            List<OpenRecordsRequest> due = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RequestStore.COLUMNS + " FROM ORR_REQUEST R WHERE R.STATUS <> 'closed'"
                    + " AND R.TARGET_DATE <= ? AND NOT EXISTS (SELECT 1 FROM ORR_REMINDER M WHERE M.REQUEST_ID = R.ID AND M.REMINDED_ON = ?"
                    + " AND M.KIND = CASE WHEN R.TARGET_DATE < ? THEN 'overdue' ELSE 'due-soon' END) ORDER BY R.TARGET_DATE, R.ID")) {
                ps.setDate(1, Date.valueOf(dueSoonCutoff));
                ps.setDate(2, Date.valueOf(today));
                ps.setDate(3, Date.valueOf(today));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(store.map(rs));
                    }
                }
            }
            if (due.isEmpty()) {
                return new ReminderRun(0, 0, List.of(), null);
            }
            int overdue = (int) due.stream().filter(r -> r.targetDate().isBefore(today)).count();
            StringBuilder text = new StringBuilder("Open records requests that need attention on " + today + ":\n\n");
            for (OpenRecordsRequest r : due.subList(0, Math.min(DIGEST_LINES, due.size()))) {
                List<Assignment> work = RequestStore.assignments(c, r.id()).stream().filter(a -> !"done".equals(a.state())).toList();
                text.append(r.trackingNumber()).append(" — ").append(r.targetDate().isBefore(today) ? "OVERDUE since " : "due ")
                        .append(r.targetDate()).append(", ").append(r.status())
                        .append(work.isEmpty() ? ", no department assigned" : ", work owed by " + work.stream()
                                .map(a -> a.department() + (a.assignee() == null ? " (unclaimed)" : " (" + a.assignee() + ")"))
                                .collect(Collectors.joining(", ")))
                        .append('\n');
            }
            if (due.size() > DIGEST_LINES) {
                text.append("… and ").append(due.size() - DIGEST_LINES).append(" more; see the overdue list.\n");
            }
            String subject = "Open records: " + overdue + " overdue, " + (due.size() - overdue) + " due soon";
            long mailId = mail.queue(c, MailMessage.text(config.officeEmail(), subject, text.toString()), JdbcOpenRecords.MODULE + ":reminders");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ORR_REMINDER (REQUEST_ID, KIND, REMINDED_ON, MAIL_ID) VALUES (?, ?, ?, ?)")) {
                for (OpenRecordsRequest r : due) {
                    ps.setLong(1, r.id());
                    ps.setString(2, r.targetDate().isBefore(today) ? "overdue" : "due-soon");
                    ps.setDate(3, Date.valueOf(today));
                    ps.setLong(4, mailId);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            for (OpenRecordsRequest r : due) {
                store.entry(c, r.id(), actor, "reminder", "internal", null, null, null, (r.targetDate().isBefore(today) ? "Overdue" : "Due soon")
                        + " (target " + r.targetDate() + "): the office was reminded (message " + mailId + ").");
            }
            audit.record(c, actor, "open-records.reminders", JdbcOpenRecords.ENTITY, "*", overdue + " overdue, " + (due.size() - overdue) + " due soon");
            return new ReminderRun(due.size() - overdue, overdue, due.stream().map(OpenRecordsRequest::trackingNumber).toList(), mailId);
        });
    }
}
