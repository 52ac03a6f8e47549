package org.homeroom.platform.data.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.osgi.service.component.annotations.Component;

/**
 * The platform's clock as a service ({@code @Reference Clock clock}): UTC, like the container and the
 * stored timestamps. A module's unit test passes its own clock to the same constructor instead.
 */
@Component(service = Clock.class)
public class PlatformClock extends Clock {

    private final Clock system = Clock.systemUTC();

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return system.withZone(zone);
    }

    @Override
    public Instant instant() {
        return system.instant();
    }

    @Override
    public long millis() {
        return system.millis();
    }
}
