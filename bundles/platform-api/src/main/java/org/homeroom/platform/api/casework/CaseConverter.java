package org.homeroom.platform.api.casework;

import java.sql.Connection;
import java.util.Map;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.records.RecordRef;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns a case into a record of another module, as an OSGi service (whiteboard): the module that owns the target
 * (or an adapter module with an optional reference to it) registers one per {@link #target()}, e.g.
 * {@code open-records:request} or {@code media-requests:request}. {@link CaseworkService#convert} finds it by
 * target; when none is registered the conversion is a 422 naming {@code target}, nothing stored.
 */
@ConsumerType
public interface CaseConverter {

    /** {@code module:kind} of the records this converter creates. */
    String target();

    /**
     * Creates the record in the caller's transaction from the case (requester, language, text, site, topic) and
     * {@code options} (the target's own fields, from the request); the target's clock starts now. Throws a
     * {@link org.homeroom.platform.api.ProblemException} (4xx) for bad options; returns the new record's reference.
     */
    RecordRef convert(Connection transaction, CaseRecord source, Map<String, String> options, CurrentUser actor);
}
