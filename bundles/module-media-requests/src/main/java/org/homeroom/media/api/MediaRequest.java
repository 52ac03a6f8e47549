package org.homeroom.media.api;

import java.time.Instant;
import java.util.List;

/**
 * One media request. {@code reporterDeadline} is what the reporter asked for; {@code officeDue} is the office's
 * own SLA (the topic's business days on the district calendar): the two are never the same field.
 * {@code kind}: question, interview, campus-visit, filming, records. {@code status}: new, assigned, in-progress,
 * answered, closed, declined, converted. For a campus visit or filming, {@code visit} holds the named students,
 * the last check's result and the principal's approval.
 */
public record MediaRequest(long id, long outletId, String outletName, Long journalistId, String kind, String topic, String summary,
        boolean onRecord, String language, Instant reporterDeadline, Instant officeDue, List<String> sites, Long spokespersonId,
        String spokesperson, String status, Visit visit, String openRecordsNumber, Instant createdAt, String createdBy,
        Instant updatedAt, String updatedBy) {

    public static final List<String> KINDS = List.of("question", "interview", "campus-visit", "filming", "records");
    public static final List<String> STATUSES = List.of("new", "assigned", "in-progress", "answered", "closed", "declined", "converted");

    public MediaRequest {
        sites = sites == null ? List.of() : List.copyOf(sites);
    }

    /**
     * A campus visit or filming: when, whether the district will video- or voice-record students, the students
     * named or filmed, and the check: {@code check} is null (not run), passed, refused (with {@code checkDetail}
     * naming why) or approved (the principal's approval recorded with who recorded it).
     */
    public record Visit(Instant at, boolean recording, List<NamedStudent> students, String check, String checkDetail,
            Instant checkedAt, String principalApproval, Instant principalApprovedAt, String approvalRecordedBy) {

        public Visit {
            students = students == null ? List.of() : List.copyOf(students);
        }
    }

    /**
     * A student a visit names or films: the directory's sourcedId, whether the parent's written consent to
     * recording is on file, and the 25 O.S. §2002 exception that applies instead, if any (safety, academic,
     * extracurricular, classroom, security, id-card).
     */
    public record NamedStudent(String sourcedId, Boolean parentConsent, String recordingException) {
    }

    /**
     * What staff send to log a request. {@code language} defaults to the journalist's, else the outlet's;
     * {@code onRecord} defaults to true; {@code reporterDeadline} may be null but never in the past.
     * {@code visitAt}, {@code recording} and {@code students} are for campus-visit and filming only.
     */
    public record Draft(Long outletId, Long journalistId, String kind, String topic, String summary, Boolean onRecord,
            String language, Instant reporterDeadline, List<String> sites, Instant visitAt, Boolean recording,
            List<NamedStudent> students) {
    }
}
