package org.homeroom.platform.api.holds;

import java.util.Set;

/**
 * What is on hold right now: everything ({@code districtWide}) or the listed sites. A sender asks it before
 * it claims a non-emergency send; emergencies never wait.
 */
public record ActiveHolds(boolean districtWide, Set<String> sites) {

    /** Nothing on hold. */
    public static final ActiveHolds NONE = new ActiveHolds(false, Set.of());
    /** Everything on hold: what a sender assumes when it cannot ask (never sends unchecked). */
    public static final ActiveHolds EVERYTHING = new ActiveHolds(true, Set.of());

    public ActiveHolds {
        sites = Set.copyOf(sites);
    }

    /** True when nothing is on hold. */
    public boolean none() {
        return !districtWide && sites.isEmpty();
    }

    /** Whether a send for {@code site} ({@code null}: a district-wide send) waits now. */
    public boolean holds(String site) {
        return districtWide || (site != null && sites.contains(site));
    }
}
