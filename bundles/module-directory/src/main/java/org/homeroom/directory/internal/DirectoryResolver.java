package org.homeroom.directory.internal;

import java.util.Optional;

import org.homeroom.directory.api.DirectoryService;
import org.homeroom.directory.api.Person;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.api.records.RecordResolver;
import org.homeroom.platform.api.records.ResolvedRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * People of the directory as the platform's links, goals and search show them
 * ({@code directory:person:<sourcedId>}), by the directory's own rule: comms see everyone, site staff the
 * people of their sites and the guardians of their sites' students.
 */
@Component(service = RecordResolver.class)
public class DirectoryResolver implements RecordResolver {

    static final String KIND = "person";
    private final DirectoryService directory;

    @Activate
    public DirectoryResolver(@Reference DirectoryService directory) {
        this.directory = directory;
    }

    @Override
    public String module() {
        return JdbcDirectory.MODULE;
    }

    @Override
    public Optional<ResolvedRecord> resolve(RecordRef ref, CurrentUser user) {
        if (!KIND.equals(ref.kind()) || user == null || !(user.seesAllSites() || user.hasRole(org.homeroom.platform.api.Roles.SITE_STAFF))) {
            return Optional.empty();
        }
        try {
            Person p = directory.person(ref.id(), user).person();
            return Optional.of(new ResolvedRecord(ref, DirectorySearch.title(p.givenName(), p.familyName()), p.siteCode()));
        } catch (ProblemException e) {
            return Optional.empty(); // unknown, or not the user's: the same to the caller
        }
    }
}
