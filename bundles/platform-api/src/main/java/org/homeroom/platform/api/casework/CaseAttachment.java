package org.homeroom.platform.api.casework;

import java.time.Instant;

/** A file on a case (the content is read with {@link CaseworkService#attachmentContent}). */
public record CaseAttachment(long id, long caseId, String fileName, String contentType, long size, String uploadedBy, Instant at) {
}
