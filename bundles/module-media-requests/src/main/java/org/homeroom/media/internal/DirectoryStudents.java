package org.homeroom.media.internal;

import java.util.Optional;
import java.util.Set;

import org.homeroom.directory.api.DirectoryService;
import org.homeroom.directory.api.PersonDetail;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Roles;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@link StudentDirectory} on the directory module; SCR starts it only when a {@code DirectoryService} is registered. */
@Component(service = StudentDirectory.class)
public class DirectoryStudents implements StudentDirectory {

    /** The directory answers every site's students to the communications office, which runs media requests. */
    private static final CurrentUser READER = new CurrentUser("media-requests", Set.of(Roles.COMMS));

    private final DirectoryService directory;

    @Activate
    public DirectoryStudents(@Reference DirectoryService directory) {
        this.directory = directory;
    }

    @Override
    public Optional<Student> student(String sourcedId) {
        PersonDetail detail;
        try {
            detail = directory.person(sourcedId, READER);
        } catch (ProblemException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        if (detail == null || !"student".equals(detail.person().kind())) {
            return Optional.empty();
        }
        return Optional.of(new Student(detail.person().sourcedId(), detail.person().givenName() + " " + detail.person().familyName(),
                detail.person().siteCode(),
                detail.ferpaOptOuts().stream().map(o -> new OptOut(o.scope(), o.renewBy())).toList()));
    }
}
