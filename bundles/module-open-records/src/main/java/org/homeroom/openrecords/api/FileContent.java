package org.homeroom.openrecords.api;

/** A file with its bytes, for a download. */
public record FileContent(RecordFile file, byte[] content) {
}
