package org.homeroom.platform.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits how often one client may call a public resource method (or every method of a class): the
 * platform's rate-limit filter counts calls per client address and {@link #bucket()}, and answers
 * 429 problem+json with {@code Retry-After} past {@link #perMinute()}. Signed-in users are not
 * limited (they are accountable and usually staff at work); anonymous callers are. Methods that
 * share a bucket name share one budget per client. Put it on every {@code @PermitAll} method.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RateLimited {

    /** Budget name: methods with the same bucket share one budget per client (e.g. "open-records"). */
    String bucket() default "public";

    /** Calls allowed per client per minute (a token bucket refilled evenly, so a burst of this size is allowed). */
    int perMinute() default 60;
}
