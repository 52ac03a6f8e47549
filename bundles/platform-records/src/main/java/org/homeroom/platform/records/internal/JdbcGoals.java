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
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Validation;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.records.RecordRef;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The strategic plan ("The Great Commitment") in HR_GOAL, and the records tagged with each goal in
 * HR_GOAL_TAG. Tags are references, so they outlive a module's uninstall; what a user is shown of them goes
 * through the modules' resolvers like links do.
 */
@Component(service = JdbcGoals.class)
public class JdbcGoals {

    static final Set<String> KINDS = Set.of("goal", "guardrail", "indicator");
    private static final String COLUMNS = "ID, KIND, NAME, NAME_ES, CREATED_AT, UPDATED_AT";
    private final Database database;
    private final AuditLog audit;
    private final Resolvers resolvers;
    private final Clock clock;

    @Activate
    public JdbcGoals(@Reference Database database, @Reference AuditLog audit, @Reference Resolvers resolvers, @Reference Clock clock) {
        this.database = database;
        this.audit = audit;
        this.resolvers = resolvers;
        this.clock = clock;
    }

    /** Goals first, then guardrails, then indicators; each by name. {@code kind} narrows it (null: all). */
    public List<Goal> list(String kind) {
        String k = kind == null || kind.isBlank() ? null : checkKind(kind);
        return database.read(c -> {
            List<Goal> goals = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM HR_GOAL" + (k == null ? "" : " WHERE KIND = ?")
                    + " ORDER BY CASE KIND WHEN 'goal' THEN 0 WHEN 'guardrail' THEN 1 ELSE 2 END, NAME, ID")) {
                if (k != null) {
                    ps.setString(1, k);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        goals.add(map(rs));
                    }
                }
            }
            return goals;
        });
    }

    public Goal get(long id) {
        return database.read(c -> require(c, id));
    }

    public Goal create(GoalDraft draft, CurrentUser actor) {
        GoalDraft d = validate(draft);
        return database.inTransaction(c -> {
            checkUnique(c, d, null);
            long id;
            Timestamp now = Timestamp.from(clock.instant());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO HR_GOAL (KIND, NAME, NAME_ES, CREATED_AT, UPDATED_AT) VALUES (?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, d.kind());
                ps.setString(2, d.name());
                ps.setString(3, d.nameEs());
                ps.setTimestamp(4, now);
                ps.setTimestamp(5, now);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            audit.record(c, actor.name(), "goal.create", "goal", String.valueOf(id), d.kind() + ": " + d.name());
            return require(c, id);
        });
    }

    public Goal update(long id, GoalDraft draft, CurrentUser actor) {
        GoalDraft d = validate(draft);
        return database.inTransaction(c -> {
            Goal before = require(c, id);
            checkUnique(c, d, id);
            try (PreparedStatement ps = c.prepareStatement("UPDATE HR_GOAL SET KIND = ?, NAME = ?, NAME_ES = ?, UPDATED_AT = ? WHERE ID = ?")) {
                ps.setString(1, d.kind());
                ps.setString(2, d.name());
                ps.setString(3, d.nameEs());
                ps.setTimestamp(4, Timestamp.from(clock.instant()));
                ps.setLong(5, id);
                ps.executeUpdate();
            }
            audit.record(c, actor.name(), "goal.update", "goal", String.valueOf(id), before.kind() + ": " + before.name() + " -> " + d.kind() + ": " + d.name());
            return require(c, id);
        });
    }

    /** Tags a record the user may see with the goal; tagging twice is 409. */
    public GoalTag tag(long goalId, TagDraft draft, CurrentUser user) {
        RecordRef ref = Resolvers.parse("ref", draft == null ? null : draft.ref());
        RecordView record = RecordView.of(resolvers.require("ref", ref, user));
        return database.inTransaction(c -> {
            require(c, goalId);
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM HR_GOAL_TAG WHERE GOAL_ID = ? AND REF = ?")) {
                ps.setLong(1, goalId);
                ps.setString(2, ref.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw ProblemException.conflict(ref + " is tagged with goal " + goalId + " already.");
                    }
                }
            }
            Timestamp now = Timestamp.from(clock.instant());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO HR_GOAL_TAG (GOAL_ID, REF, TAGGED_BY, TAGGED_AT) VALUES (?, ?, ?, ?)")) {
                ps.setLong(1, goalId);
                ps.setString(2, ref.toString());
                ps.setString(3, user.name());
                ps.setTimestamp(4, now);
                ps.executeUpdate();
            }
            audit.record(c, user.name(), "goal.tag", "goal", String.valueOf(goalId), ref.toString());
            return new GoalTag(goalId, record, user.name(), now.toInstant());
        });
    }

    /** Removes a tag; the user must be able to see the record (or, for a module not installed, work across all sites). */
    public void untag(long goalId, String refText, CurrentUser user) {
        RecordRef ref = Resolvers.parse("ref", refText);
        if (resolvers.view(ref, user).isEmpty()) {
            throw ProblemException.notFound("There is no record " + ref + " that you may see.");
        }
        database.inTransaction(c -> {
            require(c, goalId);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM HR_GOAL_TAG WHERE GOAL_ID = ? AND REF = ?")) {
                ps.setLong(1, goalId);
                ps.setString(2, ref.toString());
                if (ps.executeUpdate() == 0) {
                    throw ProblemException.notFound(ref + " is not tagged with goal " + goalId + ".");
                }
            }
            audit.record(c, user.name(), "goal.untag", "goal", String.valueOf(goalId), ref.toString());
            return null;
        });
    }

    /** What every module tagged with the goal, newest first, as far as this user may see it. */
    public List<GoalTag> records(long goalId, CurrentUser user) {
        return database.read(c -> {
            require(c, goalId);
            List<GoalTag> tags = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT REF, TAGGED_BY, TAGGED_AT FROM HR_GOAL_TAG WHERE GOAL_ID = ? ORDER BY TAGGED_AT DESC, REF")) {
                ps.setLong(1, goalId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String taggedBy = rs.getString(2);
                        java.time.Instant at = rs.getTimestamp(3).toInstant();
                        RecordRef.parse(rs.getString(1)).flatMap(r -> resolvers.view(r, user))
                                .ifPresent(view -> tags.add(new GoalTag(goalId, view, taggedBy, at)));
                    }
                }
            }
            return tags;
        });
    }

    private static GoalDraft validate(GoalDraft draft) {
        GoalDraft d = draft == null ? new GoalDraft(null, null, null) : draft;
        String name = Texts.trim(d.name());
        String nameEs = Texts.trim(d.nameEs());
        String kind = d.kind() == null ? null : d.kind().trim().toLowerCase(Locale.ROOT);
        Validation v = new Validation();
        Texts.line(v, "name", name, 200, true);
        Texts.line(v, "nameEs", nameEs, 200, true);
        if (kind == null || kind.isEmpty()) {
            v.check(false, "kind", "is required (goal, guardrail or indicator)");
        } else {
            v.check(KINDS.contains(kind), "kind", "must be goal, guardrail or indicator");
        }
        v.throwIfInvalid();
        return new GoalDraft(name, nameEs, kind);
    }

    private static String checkKind(String kind) {
        String k = kind.trim().toLowerCase(Locale.ROOT);
        if (!KINDS.contains(k)) {
            throw ProblemException.invalid(List.of(new org.homeroom.platform.api.FieldError("kind", "must be goal, guardrail or indicator")));
        }
        return k;
    }

    private static void checkUnique(Connection c, GoalDraft d, Long self) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ID FROM HR_GOAL WHERE KIND = ? AND LOWER(NAME) = ?")) {
            ps.setString(1, d.kind());
            ps.setString(2, d.name().toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (self == null || rs.getLong(1) != self) {
                        throw ProblemException.conflict("There is already a " + d.kind() + " named \"" + d.name() + "\".");
                    }
                }
            }
        }
    }

    private static Goal require(Connection c, long id) throws SQLException {
        return find(c, id).orElseThrow(() -> ProblemException.notFound("There is no goal " + id + "."));
    }

    private static Optional<Goal> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM HR_GOAL WHERE ID = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    private static Goal map(ResultSet rs) throws SQLException {
        return new Goal(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant());
    }
}
