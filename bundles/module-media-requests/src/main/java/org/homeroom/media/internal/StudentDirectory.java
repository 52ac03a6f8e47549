package org.homeroom.media.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What a visit check needs from the directory module, behind our own interface so the module runs without the
 * directory (the adapter {@link DirectoryStudents} registers it only when {@code DirectoryService} is there).
 */
public interface StudentDirectory {

    /** The student's FERPA directory opt-outs, or empty when the directory has no such student. */
    Optional<Student> student(String sourcedId);

    /** A student as the visit check sees them; {@code optOuts} lists each opt-out's scope and renew-by date (null: no lapse). */
    record Student(String sourcedId, String name, String siteCode, List<OptOut> optOuts) {
        public Student {
            optOuts = optOuts == null ? List.of() : List.copyOf(optOuts);
        }
    }

    record OptOut(String scope, LocalDate renewBy) {
    }
}
