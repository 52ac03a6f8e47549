package org.homeroom.media.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.homeroom.media.api.MediaRequest.NamedStudent;

/**
 * The check a campus visit or filming passes before the principal may approve it: every student named or filmed
 * is in the directory, has no FERPA directory-information opt-out that covers media (scope all or photos, not
 * lapsed: 34 CFR 99.37), and, when the district video- or voice-records students, has the parent's written
 * consent on file or falls under one of 25 O.S. §2002's exceptions.
 */
final class VisitRules {

    /** 25 O.S. §2002's exceptions to the parent's written consent for recording. */
    static final List<String> RECORDING_EXCEPTIONS = List.of("safety", "academic", "extracurricular", "classroom", "security", "id-card");
    /** Opt-out scopes that keep a student out of the media (email or phone opt-outs do not). */
    static final List<String> MEDIA_SCOPES = List.of("all", "photos");

    private VisitRules() {
    }

    record Result(boolean passed, String detail) {
    }

    static Result check(List<NamedStudent> students, Map<String, Optional<StudentDirectory.Student>> found, boolean recording,
            LocalDate today) {
        List<String> problems = new ArrayList<>();
        for (NamedStudent s : students) {
            Optional<StudentDirectory.Student> student = found.getOrDefault(s.sourcedId(), Optional.empty());
            if (student.isEmpty()) {
                problems.add("student " + s.sourcedId() + " is not in the directory");
                continue;
            }
            student.get().optOuts().stream()
                    .filter(o -> MEDIA_SCOPES.contains(o.scope()) && (o.renewBy() == null || !o.renewBy().isBefore(today)))
                    .findFirst()
                    .ifPresent(o -> problems.add("student " + s.sourcedId() + " has a FERPA directory opt-out (" + o.scope()
                            + ", 34 CFR 99.37)"));
            if (recording && !Boolean.TRUE.equals(s.parentConsent()) && s.recordingException() == null) {
                problems.add("student " + s.sourcedId() + " has no written parent consent to recording on file (25 O.S. §2002)");
            }
        }
        if (problems.isEmpty()) {
            return new Result(true, students.isEmpty() ? "no students named or filmed"
                    : students.size() + " student(s) checked: no media opt-out" + (recording ? ", consent to recording on file or excepted" : ""));
        }
        return new Result(false, String.join("; ", problems));
    }
}
