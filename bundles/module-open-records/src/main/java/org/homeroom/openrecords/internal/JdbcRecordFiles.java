package org.homeroom.openrecords.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.homeroom.openrecords.api.FileContent;
import org.homeroom.openrecords.api.OpenRecordsFiles;
import org.homeroom.openrecords.api.RecordFile;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.calendar.DistrictCalendar;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/** Files in ORR_FILE: checked before anything is written, stored in the same transaction as their entry. */
@Component(service = OpenRecordsFiles.class, configurationPid = OpenRecordsConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class JdbcRecordFiles implements OpenRecordsFiles {

    private static final Set<String> VISIBILITIES = Set.of("internal", "requester", "public");
    private static final Pattern UNSAFE_NAME = Pattern.compile("[\\p{Cntrl}\"\\\\/:*?<>|]");
    private static final String COLUMNS = "F.ID, R.TRACKING_NUMBER, F.FILE_NAME, F.CONTENT_TYPE, F.SIZE_BYTES, F.SHA256, F.VISIBILITY,"
            + " F.UPLOADED_AT, F.UPLOADED_BY";

    private final Database database;
    private final AuditLog audit;
    private final RequestStore store;
    private final long maxBytes;
    private final List<FileTypes> accepted;

    @Activate
    public JdbcRecordFiles(@Reference Database database, @Reference AuditLog audit, org.osgi.framework.BundleContext context,
            OpenRecordsConfig config, @Reference DistrictCalendar calendar) {
        this(database, audit, Clock.systemUTC(), config, calendar);
        // whichever component of the bundle starts first creates the tables (migrate is idempotent and locked)
        database.migrate(JdbcOpenRecords.MODULE, context.getBundle());
    }

    JdbcRecordFiles(Database database, AuditLog audit, Clock clock, OpenRecordsConfig config, DistrictCalendar calendar) {
        this.database = database;
        this.audit = audit;
        this.store = new RequestStore(clock, config, calendar);
        this.maxBytes = config.maxFileBytes();
        this.accepted = Arrays.stream(config.fileTypes().split(",")).filter(s -> !s.isBlank())
                .map(code -> FileTypes.ofCode(code).orElseThrow(() -> new IllegalArgumentException("unknown file type " + code))).toList();
    }

    @Override
    public RecordFile upload(String trackingNumber, String fileName, String contentType, String visibility, InputStream content,
            CurrentUser actor) {
        String name = fileName == null ? "" : UNSAFE_NAME.matcher(fileName.strip()).replaceAll("_");
        String shownTo = visibility == null || visibility.isBlank() ? "internal" : visibility.trim().toLowerCase(Locale.ROOT);
        FileTypes type = FileTypes.ofMediaType(contentType).filter(accepted::contains).orElseThrow(() -> new ProblemException(415,
                "Unsupported file type", "Files of type " + contentType + " are not accepted; send one of "
                        + String.join(", ", accepted.stream().map(t -> t.mediaType).toList()) + "."));
        List<FieldError> errors = new ArrayList<>();
        if (name.isEmpty() || name.length() > 200) {
            errors.add(new FieldError("name", "a file name of 1 to 200 characters is required"));
        } else if (!type.nameFits(name)) {
            errors.add(new FieldError("name", "must end in ." + String.join(" or .", type.extensions) + " for " + type.mediaType));
        }
        if (!VISIBILITIES.contains(shownTo)) {
            errors.add(new FieldError("visibility", "must be internal, requester or public"));
        } else if (!actor.hasRole(Roles.COMMS) && !"internal".equals(shownTo)) {
            throw ProblemException.forbidden("Only the communications office releases files; site staff add internal files.");
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        byte[] bytes = readAtMost(content);
        if (bytes.length == 0) {
            throw ProblemException.invalid(List.of(new FieldError("body", "the file is empty")));
        }
        if (!type.contentFits(bytes)) {
            throw ProblemException.invalid(List.of(new FieldError("body", "the content is not a " + type.code.toUpperCase(Locale.ROOT)
                    + " file, though it was sent as " + type.mediaType)));
        }
        String sha = sha256(bytes);
        return database.inTransaction(c -> {
            RequestStore.Row row = store.requireVisible(c, trackingNumber, actor);
            String part = StaffView.partOf(actor, RequestStore.assignments(c, row.request().id()));
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ORR_FILE (REQUEST_ID, FILE_NAME, CONTENT_TYPE, SIZE_BYTES, SHA256,"
                    + " VISIBILITY, CONTENT, UPLOADED_AT, UPLOADED_BY, DEPARTMENT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, row.request().id());
                ps.setString(2, name);
                ps.setString(3, type.mediaType);
                ps.setLong(4, bytes.length);
                ps.setString(5, sha);
                ps.setString(6, shownTo);
                ps.setBytes(7, bytes);
                ps.setTimestamp(8, Timestamp.from(store.clock().instant()));
                ps.setString(9, actor.name());
                ps.setString(10, part);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            String verb = "internal".equals(shownTo) ? "File added" : "File released";
            if ("public".equals(shownTo)) {
                // uploaded for the public: this one file is chosen for the archive (nothing else of the request is)
                Archive.publishUploaded(c, row.request().id(), id, actor.name(), Timestamp.from(store.clock().instant()));
            }
            store.entry(c, row.request().id(), part, actor.name(), "file", shownTo, null, null, null,
                    verb + ": " + name + " (" + type.code.toUpperCase(Locale.ROOT) + ", " + size(bytes.length) + ", file " + id + ").");
            audit.record(c, actor.name(), "open-records.file", JdbcOpenRecords.ENTITY, row.request().trackingNumber(),
                    shownTo + " " + name + " sha256:" + sha);
            return one(c, id).orElseThrow();
        });
    }

    private byte[] readAtMost(InputStream in) {
        if (in == null) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0;) {
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    throw new ProblemException(413, "File too large", "Files may have at most " + size(maxBytes) + ".");
                }
            }
        } catch (IOException e) {
            throw ProblemException.badRequest("The file could not be read: " + e.getMessage());
        }
        return out.toByteArray();
    }

    static String size(long bytes) {
        return bytes < 1024 ? bytes + " bytes" : bytes < 1024 * 1024 ? (bytes / 1024) + " KB" : String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public List<RecordFile> list(String trackingNumber, CurrentUser viewer) {
        return database.read(c -> {
            RequestStore.Row row = store.requireVisible(c, trackingNumber, viewer);
            List<RecordFile> all = files(c, "F.REQUEST_ID = ?", row.request().id());
            if (!StaffView.restricted(viewer)) {
                return all;
            }
            // site staff: the files of their own sites' parts, none of other departments or released to the requester
            Set<Long> theirs = ofParts(c, row.request().id(), viewer);
            return all.stream().filter(f -> theirs.contains(f.id())).toList();
        });
    }

    @Override
    public FileContent download(String trackingNumber, long fileId, CurrentUser viewer) {
        return database.read(c -> {
            RequestStore.Row row = store.requireVisible(c, trackingNumber, viewer);
            boolean allowed = !StaffView.restricted(viewer) || ofParts(c, row.request().id(), viewer).contains(fileId);
            return (allowed ? content(c, fileId, row.request().id(), Set.of("internal", "requester", "public")) : Optional.<FileContent>empty())
                    .orElseThrow(() -> ProblemException.notFound("Request " + row.request().trackingNumber() + " has no file " + fileId + "."));
        });
    }

    @Override
    public Optional<FileContent> requesterDownload(String trackingNumber, String token, long fileId) {
        return database.read(c -> {
            Optional<RequestStore.Row> row = requester(c, trackingNumber, token);
            return row.isEmpty() ? Optional.<FileContent>empty() : content(c, fileId, row.get().request().id(), Set.of("requester", "public"));
        });
    }

    @Override
    public Optional<FileContent> publicDownload(long fileId) {
        // only what staff chose for the archive and have not withdrawn
        return database.read(c -> Archive.servesFile(c, fileId) ? content(c, fileId, null, Set.of("requester", "public")) : Optional.empty());
    }

    @Override
    public List<RecordFile> released(String trackingNumber, String token) {
        return database.read(c -> {
            Optional<RequestStore.Row> row = requester(c, trackingNumber, token);
            return row.isEmpty() ? List.<RecordFile>of()
                    : files(c, "F.REQUEST_ID = ? AND F.VISIBILITY <> 'internal'", row.get().request().id());
        });
    }

    /** Ids of the request's files that belong to one of the viewer's sites' parts. */
    private static Set<Long> ofParts(Connection c, long requestId, CurrentUser viewer) throws SQLException {
        Set<Long> ids = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ID, DEPARTMENT FROM ORR_FILE WHERE REQUEST_ID = ?")) {
            ps.setLong(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(2) != null && viewer.sites().contains(rs.getString(2))) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
        }
        return ids;
    }

    private Optional<RequestStore.Row> requester(Connection c, String trackingNumber, String token) throws SQLException {
        if (trackingNumber == null || token == null) {
            return Optional.empty();
        }
        return store.find(c, trackingNumber.trim().toUpperCase(Locale.ROOT)).filter(r -> Tokens.matches(token.trim(), r.tokenHash()));
    }

    private static Optional<RecordFile> one(Connection c, long id) throws SQLException {
        return files(c, "F.ID = ?", id).stream().findFirst();
    }

    static List<RecordFile> files(Connection c, String where, long arg) throws SQLException {
        List<RecordFile> files = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM ORR_FILE F JOIN ORR_REQUEST R ON R.ID = F.REQUEST_ID WHERE "
                + where + " ORDER BY F.ID")) {
            ps.setLong(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.add(map(rs));
                }
            }
        }
        return files;
    }

    private static RecordFile map(ResultSet rs) throws SQLException {
        return new RecordFile(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6), rs.getString(7),
                rs.getTimestamp(8).toInstant(), rs.getString(9));
    }

    private static Optional<FileContent> content(Connection c, long fileId, Long requestId, Set<String> visibilities) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", F.CONTENT, F.REQUEST_ID FROM ORR_FILE F"
                + " JOIN ORR_REQUEST R ON R.ID = F.REQUEST_ID WHERE F.ID = ?")) {
            ps.setLong(1, fileId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || requestId != null && rs.getLong(11) != requestId) {
                    return Optional.empty();
                }
                RecordFile file = map(rs);
                return visibilities.contains(file.visibility()) ? Optional.of(new FileContent(file, rs.getBytes(10))) : Optional.empty();
            }
        }
    }
}
