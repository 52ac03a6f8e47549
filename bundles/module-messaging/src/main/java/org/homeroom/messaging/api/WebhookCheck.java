package org.homeroom.messaging.api;

/**
 * Whether a call to one of messaging's public webhooks really comes from the provider. A refusal carries its
 * reason, which is logged: it names what to check (the URL, the header), never a secret.
 */
public record WebhookCheck(boolean accepted, String reason) {

    public static final WebhookCheck ACCEPTED = new WebhookCheck(true, null);

    public static WebhookCheck refused(String reason) {
        return new WebhookCheck(false, reason);
    }
}
