package org.homeroom.openrecords.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.homeroom.openrecords.api.Assignment;
import org.homeroom.openrecords.api.Entry;
import org.homeroom.openrecords.api.FeeEstimate;
import org.homeroom.openrecords.api.OpenRecordsRequest;
import org.homeroom.openrecords.api.RequestDetail;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.calendar.BusinessCalendar;
import org.homeroom.platform.api.calendar.DistrictCalendar;

/**
 * The rows of a request that every part of the module reads and writes (the request, its entries and
 * assignments), with the district's business calendar that says when it is due. Not a service: each
 * component of the module builds its own from the shared configuration.
 */
final class RequestStore {

    static final String COLUMNS = "ID, TRACKING_NUMBER, CHANNEL, REQUESTER_NAME, REQUESTER_EMAIL, REQUESTER_PHONE, ORGANISATION,"
            + " REQUESTER_TYPE, LANGUAGE, DESCRIPTION, PREFERRED_FORMAT, COMMERCIAL, STATUS, CLOSURE, RECEIVED_ON, ACKNOWLEDGE_BY,"
            + " TARGET_DATE, ACKNOWLEDGED_AT, CLOSED_AT, FEE_TOTAL, PAID_TOTAL, CREATED_AT, CREATED_BY, TOKEN_HASH, FEE_ESTIMATE";
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final Clock clock;
    private final DistrictCalendar district;
    private final Set<LocalDate> configuredClosures;
    private final int dueSoonDays;

    /** Business days are the district calendar's (platform-calendar), plus any closures still listed in this module's configuration. */
    RequestStore(Clock clock, OpenRecordsConfig config, DistrictCalendar district) {
        this.clock = clock;
        this.district = district;
        Set<LocalDate> closures = new HashSet<>();
        for (String date : config.closures().split(",")) {
            if (!date.isBlank()) {
                closures.add(LocalDate.parse(date.trim()));
            }
        }
        this.configuredClosures = Set.copyOf(closures);
        this.dueSoonDays = config.dueSoonBusinessDays();
    }

    Clock clock() {
        return clock;
    }

    ZoneId zone() {
        return district.zone();
    }

    /** The district's business days as they stand now: a closure stored a moment ago counts. */
    BusinessCalendar calendar() {
        BusinessCalendar now = district.businessDays();
        if (configuredClosures.isEmpty()) {
            return now;
        }
        Set<LocalDate> closed = new HashSet<>(now.holidays());
        closed.addAll(configuredClosures);
        return new BusinessCalendar(now.weekend(), closed);
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone());
    }

    /**
     * Whether {@code user} may see the request: comms and admin see every request; anyone else (site
     * staff) only while one of their sites owes unfinished work on it. Once their part is done they see
     * nothing of it, and a claim does not outlive the site role it was made under.
     */
    boolean visibleTo(Connection c, long requestId, CurrentUser user) throws SQLException {
        return user.hasRole(org.homeroom.platform.api.Roles.COMMS) || !openParts(assignments(c, requestId), user).isEmpty();
    }

    /** The viewer's sites that owe unfinished work on the request (their "parts"), in assignment order. */
    static List<String> openParts(List<Assignment> assignments, CurrentUser user) {
        return assignments.stream().filter(a -> !"done".equals(a.state()) && user.sites().contains(a.department()))
                .map(Assignment::department).toList();
    }

    /** The request for someone who may work on it; 404 (as for an unknown number) for anyone else. */
    Row requireVisible(Connection c, String trackingNumber, CurrentUser user) throws SQLException {
        Row row = require(c, trackingNumber);
        if (!visibleTo(c, row.request().id(), user)) {
            throw ProblemException.notFound("There is no open records request " + row.request().trackingNumber() + " assigned to you.");
        }
        return row;
    }

    record Row(OpenRecordsRequest request, String tokenHash, String feeJson) {
    }

    Row require(Connection c, String trackingNumber) throws SQLException {
        String normalised = trackingNumber == null ? "" : trackingNumber.trim().toUpperCase(Locale.ROOT);
        return find(c, normalised).orElseThrow(() -> ProblemException.notFound("There is no open records request " + normalised + "."));
    }

    Optional<Row> find(Connection c, String trackingNumber) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM ORR_REQUEST R WHERE R.TRACKING_NUMBER = ?")) {
            ps.setString(1, trackingNumber);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Row(map(rs), rs.getString(24), rs.getString(25))) : Optional.empty();
            }
        }
    }

    RequestDetail detail(Connection c, Row row) throws SQLException {
        return new RequestDetail(row.request(), fromJson(row.feeJson()), assignments(c, row.request().id()), entries(c, row.request().id()));
    }

    static List<Entry> entries(Connection c, long requestId) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ID, OCCURRED_AT, ACTOR, KIND, VISIBILITY, FROM_STATUS, TO_STATUS, CITATION, TEXT,"
                + " DEPARTMENT FROM ORR_ENTRY WHERE REQUEST_ID = ? ORDER BY ID")) {
            ps.setLong(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)));
                }
            }
        }
        return entries;
    }

    void entry(Connection c, long requestId, String actor, String kind, String visibility, String from, String to,
            String citation, String text) throws SQLException {
        entry(c, requestId, null, actor, kind, visibility, from, to, citation, text);
    }

    /** An entry that belongs to {@code department}'s part of the request (site staff of that site see it). */
    void entry(Connection c, long requestId, String department, String actor, String kind, String visibility, String from, String to,
            String citation, String text) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ORR_ENTRY (REQUEST_ID, OCCURRED_AT, ACTOR, KIND, VISIBILITY, FROM_STATUS,"
                + " TO_STATUS, CITATION, TEXT, DEPARTMENT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, requestId);
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            ps.setString(3, actor);
            ps.setString(4, kind);
            ps.setString(5, visibility);
            ps.setString(6, from);
            ps.setString(7, to);
            ps.setString(8, citation);
            ps.setString(9, text);
            ps.setString(10, department);
            ps.executeUpdate();
        }
    }

    OpenRecordsRequest map(ResultSet rs) throws SQLException {
        String status = rs.getString(13);
        LocalDate target = rs.getDate(17).toLocalDate();
        String due;
        if (Workflow.CLOSED.equals(status)) {
            due = "closed";
        } else if (today().isAfter(target)) {
            due = "overdue";
        } else {
            due = calendar().businessDaysBetween(today(), target) <= dueSoonDays ? "due-soon" : "on-time";
        }
        Timestamp acknowledged = rs.getTimestamp(18);
        Timestamp closed = rs.getTimestamp(19);
        return new OpenRecordsRequest(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getBoolean(12), status,
                rs.getString(14), rs.getDate(15).toLocalDate(), rs.getDate(16).toLocalDate(), target, due,
                acknowledged == null ? null : acknowledged.toInstant(), closed == null ? null : closed.toInstant(), rs.getBigDecimal(20),
                rs.getBigDecimal(21), rs.getTimestamp(22).toInstant(), rs.getString(23));
    }

    static String toJson(FeeEstimate estimate) {
        try {
            return JSON.writeValueAsString(estimate);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a fee estimate is always serialisable", e);
        }
    }

    static FeeEstimate fromJson(String json) {
        try {
            return json == null ? null : JSON.readValue(json, FeeEstimate.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored fee estimate is unreadable", e);
        }
    }

    static List<Assignment> assignments(Connection c, long requestId) throws SQLException {
        List<Assignment> list = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DEPARTMENT, STATE, ASSIGNEE, NOTE, ASSIGNED_AT, ASSIGNED_BY, CLAIMED_AT, DONE_AT"
                + " FROM ORR_ASSIGNMENT WHERE REQUEST_ID = ? ORDER BY ID")) {
            ps.setLong(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new Assignment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                            rs.getString(6), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8))));
                }
            }
        }
        return list;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

}
