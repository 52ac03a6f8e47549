package org.homeroom.messaging.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The SPI of SMS and voice providers: one OSGi service per provider, chosen by {@link #id()} in the
 * messaging configuration. Implementations must be safe to call from several threads and must not
 * retry on their own (the messaging worker owns retries, backoff and the per-provider rate limit).
 */
@ConsumerType
public interface TextProvider {

    /** e.g. "twilio", "log". */
    String id();

    /** Sends one text or places one call; returns when the provider has accepted it. */
    ProviderResult send(OutboundText text) throws ProviderException;
}
