package org.homeroom.platform.api.holds;

import java.util.List;

import org.homeroom.platform.api.CurrentUser;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Communications holds, kept in the database so every node sees the same holds at once. Senders (messaging's
 * worker, later modules' schedulers) call {@link #active()} before they claim a non-emergency send.
 */
@ProviderType
public interface HoldService {

    /** What is on hold now (one indexed read; call it once per pass, not per delivery). */
    ActiveHolds active();

    /** Holds, newest first; only the active ones when {@code activeOnly}. */
    List<Hold> list(boolean activeOnly);

    Hold get(long id);

    /** Sets a hold (422 naming the field for an unknown site or a missing reason); audited. */
    Hold set(HoldDraft draft, CurrentUser actor);

    /** Lifts an active hold (409 if it was lifted already); audited. */
    Hold lift(long id, String reason, CurrentUser actor);
}
