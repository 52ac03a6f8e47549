package org.homeroom.openrecords.api;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

import org.homeroom.platform.api.CurrentUser;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Files of a request, kept in the database with the request. Only the configured types are accepted,
 * and the content must be what the declared type says (a "PDF" that is not one is refused).
 */
@ProviderType
public interface OpenRecordsFiles {

    /**
     * Stores a file. 413 over the size limit, 415 for a type that is not accepted, 422 when the content
     * does not match the type or the name; site staff may add internal files to requests assigned to them.
     */
    RecordFile upload(String trackingNumber, String fileName, String contentType, String visibility, InputStream content, CurrentUser actor);

    List<RecordFile> list(String trackingNumber, CurrentUser viewer);

    FileContent download(String trackingNumber, long fileId, CurrentUser viewer);

    /** A file released to the requester (or the public), with the request's token; empty when anything does not match. */
    Optional<FileContent> requesterDownload(String trackingNumber, String token, long fileId);

    /** A file released to the public, for the archive. */
    Optional<FileContent> publicDownload(long fileId);

    /** Released files the requester sees with the token. */
    List<RecordFile> released(String trackingNumber, String token);
}
