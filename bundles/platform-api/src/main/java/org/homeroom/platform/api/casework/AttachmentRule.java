package org.homeroom.platform.api.casework;

import java.util.Set;

/** Which files a case type accepts: content types (lower case, e.g. {@code application/pdf}) and a size limit. */
public record AttachmentRule(Set<String> contentTypes, long maxBytes) {

    /** PDF, images, plain text and Word documents up to 10 MB. */
    public static final AttachmentRule DOCUMENTS = new AttachmentRule(Set.of("application/pdf", "image/png", "image/jpeg",
            "text/plain", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), 10L * 1024 * 1024);

    public AttachmentRule {
        contentTypes = Set.copyOf(contentTypes);
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
    }
}
