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

    /**
     * Whether a call to messaging's webhooks ({@code /api/messaging/webhooks/sms|status}) comes from this provider.
     * The provider owns both its secret and the public address it was told to call, so they are configured once,
     * with the provider. A provider that calls no webhooks refuses every call (the default).
     */
    default WebhookCheck checkWebhook(WebhookCall call) {
        return WebhookCheck.refused("the text provider '" + id() + "' calls no webhooks");
    }
}
