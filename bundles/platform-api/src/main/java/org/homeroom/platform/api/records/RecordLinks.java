package org.homeroom.platform.api.records;

import java.sql.Connection;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Links between records of any two modules, for modules that link as they write (an inquiry that became an
 * open records request). The link is stored in the caller's transaction and audited; linking twice is a
 * no-op. Users create links through {@code POST /api/links}.
 */
@ProviderType
public interface RecordLinks {

    /** Links {@code from} and {@code to} in the caller's transaction; returns the link's id. */
    long link(Connection transaction, RecordRef from, RecordRef to, String actor);
}
