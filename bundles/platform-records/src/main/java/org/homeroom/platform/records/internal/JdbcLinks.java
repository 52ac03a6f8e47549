package org.homeroom.platform.records.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Validation;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.records.RecordLinks;
import org.homeroom.platform.api.records.RecordRef;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Links in HR_LINK. A link is shown from either end, and only to a user who may see both ends; one whose other
 * end belongs to a module that is not installed shows that end as a bare reference to users who work across
 * all sites, and not at all to site staff (nobody can check it for them).
 */
@Component(service = {RecordLinks.class, JdbcLinks.class})
public class JdbcLinks implements RecordLinks {

    static final String OWNER = "platform-records";
    private final Database database;
    private final AuditLog audit;
    private final Resolvers resolvers;
    private final Clock clock;

    @Activate
    public JdbcLinks(@Reference Database database, @Reference AuditLog audit, @Reference Resolvers resolvers, @Reference Clock clock) {
        this.database = database;
        this.audit = audit;
        this.resolvers = resolvers;
        this.clock = clock;
    }

    @Override
    public long link(Connection c, RecordRef from, RecordRef to, String actor) {
        try {
            Optional<Long> existing = find(c, from, to);
            return existing.isPresent() ? existing.get() : insert(c, from, to, null, actor);
        } catch (SQLException e) {
            throw new IllegalStateException("could not link " + from + " and " + to, e);
        }
    }

    /** A user's new link: both ends must exist and be visible to them; 409 when they are linked already. */
    public Link create(LinkDraft draft, CurrentUser user) {
        if (draft == null) {
            throw ProblemException.invalid(List.of(new FieldError("from", "is required"), new FieldError("to", "is required")));
        }
        RecordRef from = Resolvers.parse("from", draft.from());
        RecordRef to = Resolvers.parse("to", draft.to());
        String note = Texts.trim(draft.note());
        Validation v = new Validation();
        v.check(!from.equals(to), "to", "must be another record than from");
        Texts.line(v, "note", note, 500, false);
        v.throwIfInvalid();
        resolvers.require("from", from, user);
        RecordView other = RecordView.of(resolvers.require("to", to, user));
        return database.inTransaction(c -> {
            if (find(c, from, to).isPresent()) {
                throw ProblemException.conflict(from + " and " + to + " are linked already.");
            }
            long id = insert(c, from, to, note == null || note.isEmpty() ? null : note, user.name());
            return new Link(id, other, "to", note == null || note.isEmpty() ? null : note, user.name(), clock.instant());
        });
    }

    /** The record's links this user may see (404, as for an unknown record, when they may not see the record). */
    public LinksOf linksOf(String refText, CurrentUser user) {
        RecordRef ref = Resolvers.parse("ref", refText);
        RecordView record = resolvers.view(ref, user)
                .orElseThrow(() -> ProblemException.notFound("There is no record " + ref + " that you may see."));
        List<Link> links = new ArrayList<>();
        database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT ID, FROM_REF, TO_REF, NOTE, CREATED_BY, CREATED_AT FROM HR_LINK"
                    + " WHERE FROM_REF = ? UNION ALL SELECT ID, FROM_REF, TO_REF, NOTE, CREATED_BY, CREATED_AT FROM HR_LINK WHERE TO_REF = ?"
                    + " ORDER BY 1")) {
                ps.setString(1, ref.toString());
                ps.setString(2, ref.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        boolean outgoing = rs.getString(2).equals(ref.toString());
                        Optional<RecordRef> other = RecordRef.parse(outgoing ? rs.getString(3) : rs.getString(2));
                        Optional<RecordView> view = other.flatMap(o -> resolvers.view(o, user));
                        if (view.isPresent()) {
                            links.add(new Link(rs.getLong(1), view.get(), outgoing ? "to" : "from", rs.getString(4), rs.getString(5),
                                    rs.getTimestamp(6).toInstant()));
                        }
                    }
                }
            }
            return null;
        });
        return new LinksOf(record, links);
    }

    /** Removes a link; the user must be able to see both of its ends (a missing module's end: admin and comms only). */
    public void delete(long id, CurrentUser user) {
        database.inTransaction(c -> {
            RecordRef from;
            RecordRef to;
            try (PreparedStatement ps = c.prepareStatement("SELECT FROM_REF, TO_REF FROM HR_LINK WHERE ID = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw ProblemException.notFound("There is no link " + id + ".");
                    }
                    from = RecordRef.parse(rs.getString(1)).orElseThrow();
                    to = RecordRef.parse(rs.getString(2)).orElseThrow();
                }
            }
            if (resolvers.view(from, user).isEmpty() || resolvers.view(to, user).isEmpty()) {
                throw ProblemException.notFound("There is no link " + id + ".");
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM HR_LINK WHERE ID = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            audit.record(c, user.name(), "link.delete", "link", String.valueOf(id), from + " -> " + to);
            return null;
        });
    }

    private long insert(Connection c, RecordRef from, RecordRef to, String note, String actor) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO HR_LINK (FROM_REF, TO_REF, NOTE, CREATED_BY, CREATED_AT) VALUES (?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, from.toString());
            ps.setString(2, to.toString());
            ps.setString(3, note);
            ps.setString(4, actor);
            ps.setTimestamp(5, Timestamp.from(clock.instant()));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        audit.record(c, actor, "link.create", "link", String.valueOf(id), from + " -> " + to);
        return id;
    }

    /** The link between the two records, in either direction. */
    private static Optional<Long> find(Connection c, RecordRef a, RecordRef b) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ID FROM HR_LINK WHERE (FROM_REF = ? AND TO_REF = ?) OR (FROM_REF = ? AND TO_REF = ?)")) {
            ps.setString(1, a.toString());
            ps.setString(2, b.toString());
            ps.setString(3, b.toString());
            ps.setString(4, a.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }
}
