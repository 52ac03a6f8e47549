package org.homeroom.platform.api.holds;

import java.time.Instant;
import java.util.List;

/**
 * One communications hold: for the whole district ({@code sites} empty) or some sites, who set it, why,
 * and when and by whom it was lifted ({@code null} while active).
 */
public record Hold(long id, List<String> sites, String reason, String setBy, Instant setAt, String liftedBy, Instant liftedAt,
        String liftReason) {

    public Hold {
        sites = List.copyOf(sites);
    }

    public boolean active() {
        return liftedAt == null;
    }

    public boolean districtWide() {
        return sites.isEmpty();
    }
}
