package org.homeroom.messaging.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;

import org.homeroom.platform.api.holds.ActiveHolds;
import org.homeroom.platform.api.holds.HoldService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's communications hold as the worker applies it: read once per claim; a non-emergency message
 * of a held site (or any, under a district hold) is not claimed, nor are its deliveries to families of a held
 * site. Emergencies always go. Without the holds bundle nothing is held; when the holds cannot be read,
 * everything non-emergency waits for the next pass (never sent unchecked).
 */
final class CommunicationsHolds {

    private static final Logger LOG = LoggerFactory.getLogger(CommunicationsHolds.class);
    private final Supplier<HoldService> service;

    CommunicationsHolds(Supplier<HoldService> service) {
        this.service = service;
    }

    ActiveHolds now() {
        HoldService holds = service.get();
        if (holds == null) {
            return ActiveHolds.NONE;
        }
        try {
            return holds.active();
        } catch (RuntimeException e) {
            LOG.warn("Could not read the communications holds; non-emergency messages wait for the next pass", e);
            return ActiveHolds.EVERYTHING;
        }
    }

    /** The extra condition on MSG_DELIVERY2 that leaves a held site's deliveries in the queue ("" when none is held). */
    static String deliveryCondition(ActiveHolds holds) {
        return holds.sites().isEmpty() ? ""
                : " AND (SITE_CODE IS NULL OR SITE_CODE NOT IN (" + String.join(", ", holds.sites().stream().map(s -> "?").toList()) + "))";
    }

    /** Binds {@link #deliveryCondition}'s parameters from {@code index}; returns the next index. */
    static int bind(PreparedStatement ps, int index, ActiveHolds holds) throws SQLException {
        for (String site : List.copyOf(holds.sites())) {
            ps.setString(index++, site);
        }
        return index;
    }
}
