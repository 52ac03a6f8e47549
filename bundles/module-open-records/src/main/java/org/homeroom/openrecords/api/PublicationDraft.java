package org.homeroom.openrecords.api;

import java.util.List;

/**
 * Staff's choice for the archive, replacing the previous one: {@code summary} written for the public
 * (null or blank: no text), {@code fileIds} the released files to publish (others are withdrawn), and
 * {@code published} false to take the whole entry out of the archive.
 */
public record PublicationDraft(String summary, List<Long> fileIds, Boolean published) {
}
