package org.homeroom.messaging.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.homeroom.directory.api.AudienceQuery;
import org.homeroom.directory.api.DirectoryService;
import org.homeroom.messaging.api.Message;
import org.homeroom.messaging.api.MessageDraft;
import org.homeroom.messaging.api.Reach;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.data.Database;

/**
 * Reach of a sent (or sending) message, per family: the deliveries say which guardians got something, the
 * directory says which students' families those guardians are. The families are today's (a student who
 * left since is not counted); the deliveries are what happened.
 */
final class ReachReport {

    /** A unit's outcome, best first: one sent delivery makes it reached, whatever else failed. */
    enum Outcome { REACHED, PENDING, NOT_REACHED, NO_CONTACT }

    /** One family (or staff member) and its outcome; {@code members}: the guardians (or the person). */
    record Unit(String id, String name, String site, String grade, Outcome outcome, Set<String> members) {
    }

    private final Database database;
    private final DirectoryService directory;

    ReachReport(Database database, DirectoryService directory) {
        this.database = database;
        this.directory = directory;
    }

    Reach summary(Message m) {
        List<Unit> units = units(m);
        Map<String, int[]> bySite = new TreeMap<>(java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()));
        int[] total = new int[5];
        for (Unit u : units) {
            int[] site = bySite.computeIfAbsent(u.site(), s -> new int[5]);
            for (int[] counts : List.of(total, site)) {
                counts[0]++;
                counts[1 + u.outcome().ordinal()]++;
            }
        }
        List<Reach.SiteReach> sites = new ArrayList<>();
        bySite.forEach((site, c) -> sites.add(new Reach.SiteReach(site, c[0], c[1], c[2], c[3], c[4])));
        return new Reach(m.id(), family(m) ? "family" : "person", total[0], total[1], total[2], total[3], total[4], sites, failures(m.id()));
    }

    /** Every family (or person) of the message with its outcome, in no particular order. */
    List<Unit> units(Message m) {
        Map<String, String[]> personInfo = new HashMap<>(); // staff: name and site
        Map<String, Outcome> people = outcomes(m, null, personInfo, null);
        List<Unit> units = new ArrayList<>();
        if (!family(m)) {
            people.forEach((id, o) -> units.add(new Unit(id, personInfo.get(id)[0], personInfo.get(id)[1], null, o, Set.of(id))));
            return units;
        }
        Map<String, Unit> families = new HashMap<>();
        MessageDraft.Audience a = m.draft().audience();
        directory.families(new AudienceQuery("families", a.sites(), a.grades(), a.sourcedIds(), null), f -> {
            Unit u = families.computeIfAbsent(f.studentId(), id -> new Unit(id, f.studentName(), f.siteCode(), f.grade(), Outcome.NO_CONTACT,
                    new LinkedHashSet<>()));
            if (f.guardianId() != null) {
                u.members().add(f.guardianId());
            }
        });
        families.values().forEach(u -> {
            Outcome o = Outcome.NO_CONTACT;
            for (String guardian : u.members()) {
                o = better(o, people.getOrDefault(guardian, Outcome.NO_CONTACT));
            }
            units.add(new Unit(u.id(), u.name(), u.site(), u.grade(), o, u.members()));
        });
        return units;
    }

    /**
     * Each person's outcome over the message's deliveries ({@code channel}: only that channel's, null for all);
     * a person without a delivery is not in it. {@code names} (may be null) collects staff's names and sites;
     * {@code only} (may be null) keeps just those people, so one school's report holds one school's rows.
     */
    Map<String, Outcome> outcomes(Message m, String channel, Map<String, String[]> names, Set<String> only) {
        if (m.plannedAt() == null) {
            throw new ProblemException(409, "Not sent yet", "Message " + m.id() + " is " + m.status()
                    + "; its reach is known once it has been sent.");
        }
        Map<String, Outcome> people = new HashMap<>();
        database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT PERSON_ID, STATE, GIVEN_NAME, FAMILY_NAME, SITE_CODE FROM MSG_DELIVERY2 WHERE MESSAGE_ID = ?"
                    + (channel == null ? "" : " AND CHANNEL = ?"))) {
                ps.setLong(1, m.id());
                if (channel != null) {
                    ps.setString(2, channel);
                }
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (only != null && !only.contains(rs.getString(1))) {
                            continue;
                        }
                        Outcome o = switch (rs.getString(2)) {
                            case "sent" -> Outcome.REACHED;
                            case "planned", "sending" -> Outcome.PENDING;
                            default -> Outcome.NOT_REACHED;
                        };
                        people.merge(rs.getString(1), o, ReachReport::better);
                        if (names != null && !family(m)) {
                            names.putIfAbsent(rs.getString(1), new String[] {rs.getString(3) + " " + rs.getString(4), rs.getString(5)});
                        }
                    }
                }
            }
            return null;
        });
        return people;
    }

    private List<Reach.Failure> failures(long id) {
        return database.read(c -> {
            List<Reach.Failure> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT STATE, REASON, COUNT(*) FROM MSG_DELIVERY2 WHERE MESSAGE_ID = ? AND STATE IN ('failed', 'skipped')"
                    + " GROUP BY STATE, REASON ORDER BY 3 DESC, 1, 2 FETCH FIRST 50 ROWS ONLY")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Reach.Failure(rs.getString(1), rs.getString(2), rs.getInt(3)));
                    }
                }
            }
            return out;
        });
    }

    static boolean family(Message m) {
        return !"staff".equals(m.draft().audience().role());
    }

    static Outcome better(Outcome a, Outcome b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }
}
