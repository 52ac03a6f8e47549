package org.homeroom.platform.rest.internal;

/**
 * The HTTP-behaviour keys of {@code etc/org.homeroom.rest.cfg} (same PID as {@link RestConfig}, kept
 * apart from the sign-in keys): who the client is behind a proxy, which sites may call the public
 * POSTs from a browser, how many clients the rate limiter remembers.
 */
public @interface HttpConfig {

    /** Proxies whose X-Forwarded-For is believed: addresses or CIDR ranges, separated by commas. Empty: none. */
    String trustedProxies() default "";

    /** Origins (https://www.school.example) whose pages may call the public POSTs (open records intake). */
    String corsOrigins() default "";

    /** Clients the rate limiter remembers at most; the least recently seen are forgotten first. */
    int rateLimitClients() default 100_000;

    /** Requests per minute per client for named buckets, over the code's defaults: {@code open-records=60, public-pages=240}. */
    String rateLimits() default "";
}
