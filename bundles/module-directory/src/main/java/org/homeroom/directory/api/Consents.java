package org.homeroom.directory.api;

import java.util.List;

/**
 * Message categories and the consent rule of each (TCPA, FCC 16-88 and 24-18; DOMAIN.md):
 * <ul>
 * <li>{@code emergency}, {@code attendance}: allowed without prior consent; a revocation of routine
 * messages never stops them (only deleting the number does);</li>
 * <li>{@code school-mission}, {@code general}: consented when the family gave the number to the school
 * (basis {@code given-to-school}), until revoked (STOP and the like, or staff on request);</li>
 * <li>{@code promotional}: only with an explicit opt-in (basis {@code explicit-opt-in}).</li>
 * </ul>
 */
public final class Consents {
    public static final String EMERGENCY = "emergency";
    public static final String ATTENDANCE = "attendance";
    public static final String SCHOOL_MISSION = "school-mission";
    public static final String GENERAL = "general";
    public static final String PROMOTIONAL = "promotional";
    public static final List<String> CATEGORIES = List.of(EMERGENCY, ATTENDANCE, SCHOOL_MISSION, GENERAL, PROMOTIONAL);
    /** What STOP revokes: everything a family can refuse. */
    public static final List<String> REVOCABLE = List.of(SCHOOL_MISSION, GENERAL, PROMOTIONAL);

    private Consents() {
    }

    /** Whether a message of {@code category} may go to a contact whose recorded state for it is {@code state} (null: none recorded). */
    public static boolean allows(String category, String state) {
        return switch (category) {
            case EMERGENCY, ATTENDANCE -> true;
            case SCHOOL_MISSION, GENERAL -> !"revoked".equals(state);
            case PROMOTIONAL -> "granted".equals(state);
            default -> false;
        };
    }
}
