package org.homeroom.openrecords.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.homeroom.openrecords.api.ArchiveItem;
import org.homeroom.openrecords.api.Publication;
import org.homeroom.openrecords.api.PublicationDraft;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.data.PagedQuery;

/**
 * The public archive, chosen item by item by staff: a request is in it only when staff published it
 * (ORR_PUBLICATION), with the summary they wrote for the public and the released files they picked
 * (ORR_PUBLISHED_FILE). Nothing of the request itself (requester, description, notes) is ever read here.
 */
final class Archive {

    private static final Pattern CONTROL = Pattern.compile(".*[\\p{Cntrl}&&[^\\t\\n\\r]].*", Pattern.DOTALL);
    private static final String FROM = "FROM ORR_PUBLICATION P JOIN ORR_REQUEST R ON R.ID = P.REQUEST_ID WHERE P.STATE = 'published'";
    private static final String MATCHES = "(LOWER(P.SUMMARY) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM ORR_PUBLISHED_FILE PF"
            + " JOIN ORR_FILE F ON F.ID = PF.FILE_ID WHERE PF.REQUEST_ID = P.REQUEST_ID AND PF.WITHDRAWN_AT IS NULL"
            + " AND LOWER(F.FILE_NAME) LIKE ? ESCAPE '\\'))";

    private final Database database;
    private final AuditLog audit;
    private final RequestStore store;

    Archive(Database database, AuditLog audit, RequestStore store) {
        this.database = database;
        this.audit = audit;
        this.store = store;
    }

    private record Head(long requestId, String trackingNumber, String summary, Instant publishedAt) {
    }

    private static Head head(ResultSet rs) throws SQLException {
        Timestamp at = rs.getTimestamp(4);
        return new Head(rs.getLong(1), rs.getString(2), rs.getString(3), at == null ? null : at.toInstant());
    }

    private static final String COLUMNS = "P.REQUEST_ID, R.TRACKING_NUMBER, P.SUMMARY, P.PUBLISHED_AT";

    Page<ArchiveItem> list(String text, PageRequest page) {
        List<Object> args = new ArrayList<>();
        String from = FROM;
        if (text != null) {
            from += " AND " + MATCHES;
            args.add(PagedQuery.containsPattern(text));
            args.add(PagedQuery.containsPattern(text));
        }
        Page<Head> heads = database.page(new PagedQuery(COLUMNS, from, "P.PUBLISHED_AT DESC, P.REQUEST_ID DESC", args), page, Archive::head);
        return withFiles(heads);
    }

    private Page<ArchiveItem> withFiles(Page<Head> heads) {
        return database.read(c -> {
            List<ArchiveItem> items = new ArrayList<>();
            for (Head h : heads.items()) {
                items.add(new ArchiveItem(h.trackingNumber(), h.summary(), publishedFiles(c, h.requestId()), h.publishedAt()));
            }
            return new Page<>(items, heads.total(), heads.offset(), heads.limit());
        });
    }

    /** Published entries that mention at least half of {@code words} in their summary or file names, best first. */
    List<ArchiveItem> similar(List<String> words, int max) {
        if (words.size() < 2) {
            return List.of();
        }
        StringBuilder any = new StringBuilder();
        List<Object> args = new ArrayList<>();
        for (String w : words) {
            any.append(any.length() == 0 ? "" : " OR ").append(MATCHES);
            args.add(PagedQuery.containsPattern(w));
            args.add(PagedQuery.containsPattern(w));
        }
        List<ArchiveItem> candidates = withFiles(database.page(new PagedQuery(COLUMNS, FROM + " AND (" + any + ")",
                "P.PUBLISHED_AT DESC, P.REQUEST_ID DESC", args), new PageRequest(0, 200), Archive::head)).items();
        return candidates.stream()
                .map(a -> Map.entry(a, words.stream().filter(w -> said(a).contains(w)).count()))
                .filter(e -> e.getValue() * 2 >= words.size())
                .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                .limit(max).map(Map.Entry::getKey).toList();
    }

    private static String said(ArchiveItem a) {
        StringBuilder text = new StringBuilder(a.summary() == null ? "" : a.summary());
        a.files().forEach(f -> text.append(' ').append(f.fileName()));
        return text.toString().toLowerCase(Locale.ROOT);
    }

    private static List<ArchiveItem.ArchiveFile> publishedFiles(Connection c, long requestId) throws SQLException {
        List<ArchiveItem.ArchiveFile> files = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT F.ID, F.FILE_NAME, F.CONTENT_TYPE, F.SIZE_BYTES, F.SHA256 FROM ORR_PUBLISHED_FILE PF"
                + " JOIN ORR_FILE F ON F.ID = PF.FILE_ID WHERE PF.REQUEST_ID = ? AND PF.WITHDRAWN_AT IS NULL ORDER BY F.ID")) {
            ps.setLong(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.add(new ArchiveItem.ArchiveFile(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5)));
                }
            }
        }
        return files;
    }

    /** Whether the archive serves this file now: chosen, not withdrawn, and its request's entry published. */
    static boolean servesFile(Connection c, long fileId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM ORR_PUBLISHED_FILE PF JOIN ORR_PUBLICATION P ON P.REQUEST_ID = PF.REQUEST_ID"
                + " WHERE PF.FILE_ID = ? AND PF.WITHDRAWN_AT IS NULL AND P.STATE = 'published'")) {
            ps.setLong(1, fileId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    Publication publication(String trackingNumber) {
        return database.read(c -> read(c, store.require(c, trackingNumber)));
    }

    private static Publication read(Connection c, RequestStore.Row row) throws SQLException {
        long id = row.request().id();
        String state = "none";
        String summary = null;
        Instant publishedAt = null;
        Instant updatedAt = null;
        String updatedBy = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT STATE, SUMMARY, PUBLISHED_AT, UPDATED_AT, UPDATED_BY FROM ORR_PUBLICATION WHERE REQUEST_ID = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    state = rs.getString(1);
                    summary = rs.getString(2);
                    publishedAt = rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant();
                    updatedAt = rs.getTimestamp(4).toInstant();
                    updatedBy = rs.getString(5);
                }
            }
        }
        List<Publication.PublishableFile> files = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT F.ID, F.FILE_NAME, F.VISIBILITY, PF.FILE_ID, PF.WITHDRAWN_AT FROM ORR_FILE F"
                + " LEFT JOIN ORR_PUBLISHED_FILE PF ON PF.FILE_ID = F.ID WHERE F.REQUEST_ID = ? AND F.VISIBILITY <> 'internal' ORDER BY F.ID")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getLong(4);
                    boolean chosen = !rs.wasNull() && rs.getTimestamp(5) == null;
                    files.add(new Publication.PublishableFile(rs.getLong(1), rs.getString(2), rs.getString(3), chosen));
                }
            }
        }
        return new Publication(row.request().trackingNumber(), state, summary, files, publishedAt, updatedAt, updatedBy);
    }

    Publication publish(String trackingNumber, PublicationDraft draft, CurrentUser actor) {
        if (draft == null) {
            throw ProblemException.invalid(List.of(new FieldError("body", "a publication object is required")));
        }
        String summary = draft.summary() == null || draft.summary().isBlank() ? null : draft.summary().strip();
        boolean published = draft.published() == null || draft.published();
        Set<Long> chosen = new LinkedHashSet<>(draft.fileIds() == null ? List.of() : draft.fileIds());
        List<FieldError> errors = new ArrayList<>();
        if (summary != null && summary.length() > 8000) {
            errors.add(new FieldError("summary", "must be at most 8000 characters"));
        }
        if (summary != null && CONTROL.matcher(summary).matches()) {
            errors.add(new FieldError("summary", "must not contain control characters"));
        }
        if (chosen.contains(null)) {
            errors.add(new FieldError("fileIds", "must be file ids"));
        }
        if (published && summary == null && chosen.isEmpty()) {
            errors.add(new FieldError("summary", "write a summary for the public or choose at least one released file to publish"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return database.inTransaction(c -> {
            RequestStore.Row row = store.require(c, trackingNumber);
            long requestId = row.request().id();
            Publication before = read(c, row);
            Set<Long> releasable = new LinkedHashSet<>();
            before.files().forEach(f -> releasable.add(f.id()));
            List<FieldError> wrong = new ArrayList<>();
            for (Long id : chosen) {
                if (!releasable.contains(id)) {
                    wrong.add(new FieldError("fileIds", "file " + id + " is not a file released on " + row.request().trackingNumber()
                            + "; release it to the requester first (upload with visibility=requester)"));
                }
            }
            if (!wrong.isEmpty()) {
                throw ProblemException.invalid(wrong);
            }
            Timestamp now = Timestamp.from(store.clock().instant());
            for (Publication.PublishableFile f : before.files()) {
                if (chosen.contains(f.id()) && !f.published()) {
                    publishFile(c, requestId, f.id(), actor.name(), now);
                } else if (!chosen.contains(f.id()) && f.published()) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE ORR_PUBLISHED_FILE SET WITHDRAWN_AT = ?, WITHDRAWN_BY = ? WHERE FILE_ID = ?")) {
                        ps.setTimestamp(1, now);
                        ps.setString(2, actor.name());
                        ps.setLong(3, f.id());
                        ps.executeUpdate();
                    }
                }
            }
            String state = published ? "published" : "withdrawn";
            // PUBLISHED_AT is when it last went into the archive: the archive lists newest first
            try (PreparedStatement ps = c.prepareStatement("UPDATE ORR_PUBLICATION SET SUMMARY = ?, STATE = ?, UPDATED_AT = ?, UPDATED_BY = ?"
                    + (published ? ", PUBLISHED_AT = ?" : ", PUBLISHED_AT = PUBLISHED_AT") + " WHERE REQUEST_ID = ?")) {
                ps.setString(1, summary);
                ps.setString(2, state);
                ps.setTimestamp(3, now);
                ps.setString(4, actor.name());
                int i = 5;
                if (published) {
                    ps.setTimestamp(i++, now);
                }
                ps.setLong(i, requestId);
                if (ps.executeUpdate() == 0) {
                    insert(c, requestId, summary, state, published ? now : null, now, actor.name());
                }
            }
            String what = published ? "Published in the public archive: " + (summary == null ? "no summary" : "a summary") + ", "
                    + chosen.size() + (chosen.size() == 1 ? " file." : " files.") : "Taken out of the public archive.";
            store.entry(c, requestId, actor.name(), "publication", "internal", null, null, null, what);
            audit.record(c, actor.name(), published ? "open-records.publish" : "open-records.unpublish", JdbcOpenRecords.ENTITY,
                    row.request().trackingNumber(), "files " + chosen);
            return read(c, store.require(c, trackingNumber));
        });
    }

    private static void insert(Connection c, long requestId, String summary, String state, Timestamp publishedAt, Timestamp now, String actor)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ORR_PUBLICATION (REQUEST_ID, SUMMARY, STATE, PUBLISHED_AT, UPDATED_AT, UPDATED_BY)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, requestId);
            ps.setString(2, summary);
            ps.setString(3, state);
            ps.setTimestamp(4, publishedAt);
            ps.setTimestamp(5, now);
            ps.setString(6, actor);
            ps.executeUpdate();
        }
    }

    /** Puts one released file in the archive (a new row, or a withdrawn one back). */
    private static void publishFile(Connection c, long requestId, long fileId, String actor, Timestamp now) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE ORR_PUBLISHED_FILE SET WITHDRAWN_AT = NULL, WITHDRAWN_BY = NULL,"
                + " PUBLISHED_AT = ?, PUBLISHED_BY = ? WHERE FILE_ID = ?")) {
            up.setTimestamp(1, now);
            up.setString(2, actor);
            up.setLong(3, fileId);
            if (up.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ORR_PUBLISHED_FILE (FILE_ID, REQUEST_ID, PUBLISHED_AT, PUBLISHED_BY) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, fileId);
            ps.setLong(2, requestId);
            ps.setTimestamp(3, now);
            ps.setString(4, actor);
            ps.executeUpdate();
        }
    }

    /**
     * A file uploaded with visibility {@code public}: staff chose that one file for the archive. It is
     * published with the request's archive entry (created without text when there is none; a summary
     * already written stays as it is).
     */
    static void publishUploaded(Connection c, long requestId, long fileId, String actor, Timestamp now) throws SQLException {
        publishFile(c, requestId, fileId, actor, now);
        try (PreparedStatement ps = c.prepareStatement("UPDATE ORR_PUBLICATION SET STATE = 'published', PUBLISHED_AT = ?, UPDATED_AT = ?,"
                + " UPDATED_BY = ? WHERE REQUEST_ID = ?")) {
            ps.setTimestamp(1, now);
            ps.setTimestamp(2, now);
            ps.setString(3, actor);
            ps.setLong(4, requestId);
            if (ps.executeUpdate() == 0) {
                insert(c, requestId, null, "published", now, now, actor);
            }
        }
    }
}
