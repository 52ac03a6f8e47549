package org.homeroom.directory.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.api.records.RecordResolver;
import org.homeroom.platform.api.records.ResolvedRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * People of the directory as the platform's links, goals and search show them
 * ({@code directory:person:<sourcedId>}), by the rule of {@code JdbcDirectory.person}: comms see everyone,
 * site staff the people of their sites and the guardians of their sites' students. A page of search hits is
 * resolved in two queries, not a person's whole record each ({@code DirectoryRecordsTest} checks both agree).
 */
@Component(service = RecordResolver.class)
public class DirectoryResolver implements RecordResolver {

    static final String KIND = "person";
    private final Database database;

    @Activate
    public DirectoryResolver(@Reference Database database) {
        this.database = database;
    }

    @Override
    public String module() {
        return JdbcDirectory.MODULE;
    }

    @Override
    public Optional<ResolvedRecord> resolve(RecordRef ref, CurrentUser user) {
        return Optional.ofNullable(resolveAll(List.of(ref), user).get(ref));
    }

    private record Row(long id, RecordRef ref, String kind, String title, String site) {
    }

    @Override
    public Map<RecordRef, ResolvedRecord> resolveAll(Collection<RecordRef> refs, CurrentUser user) {
        List<RecordRef> people = refs.stream().filter(r -> KIND.equals(r.kind()) && JdbcDirectory.MODULE.equals(r.module())).distinct().toList();
        if (people.isEmpty() || user == null || !(user.seesAllSites() || user.hasRole(Roles.SITE_STAFF))) {
            return Map.of();
        }
        return database.read(c -> {
            Map<String, RecordRef> byId = new HashMap<>();
            people.forEach(r -> byId.put(r.id(), r));
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT ID, SOURCED_ID, KIND, GIVEN_NAME, FAMILY_NAME, SITE_CODE FROM DIR_PERSON WHERE SOURCED_ID IN ("
                    + String.join(", ", people.stream().map(p -> "?").toList()) + ")")) {
                for (int i = 0; i < people.size(); i++) {
                    ps.setString(i + 1, people.get(i).id());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getLong(1), byId.get(rs.getString(2)), rs.getString(3), DirectorySearch.title(rs.getString(4), rs.getString(5)),
                                rs.getString(6)));
                    }
                }
            }
            // site staff: a guardian who is not at their site is theirs through a student who is
            Set<Long> throughStudents = new HashSet<>();
            List<Row> guardians = rows.stream().filter(r -> !visibleBySite(r, user) && "guardian".equals(r.kind())).toList();
            if (!user.seesAllSites() && !guardians.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT L.GUARDIAN_ID, S.SITE_CODE FROM DIR_LINK L JOIN DIR_PERSON S ON S.ID = L.STUDENT_ID"
                        + " WHERE L.GUARDIAN_ID IN (" + String.join(", ", guardians.stream().map(g -> "?").toList()) + ")")) {
                    for (int i = 0; i < guardians.size(); i++) {
                        ps.setLong(i + 1, guardians.get(i).id());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            if (rs.getString(2) != null && user.canAccessSite(rs.getString(2))) {
                                throughStudents.add(rs.getLong(1));
                            }
                        }
                    }
                }
            }
            Map<RecordRef, ResolvedRecord> found = new LinkedHashMap<>();
            for (Row r : rows) {
                if (r.ref() != null && (visibleBySite(r, user) || throughStudents.contains(r.id()))) {
                    found.put(r.ref(), new ResolvedRecord(r.ref(), r.title(), r.site()));
                }
            }
            return found;
        });
    }

    private static boolean visibleBySite(Row r, CurrentUser user) {
        return user.seesAllSites() || r.site() != null && user.canAccessSite(r.site());
    }
}
