package org.homeroom.messaging.api;

/**
 * One text or call for a provider. {@code channel}: sms or voice (then {@code body} is the script read
 * aloud, in {@code language}); {@code to} is +1XXXXXXXXXX; {@code reference} is our delivery id, which the
 * provider's status callbacks bring back.
 */
public record OutboundText(String channel, String to, String body, String language, String reference) {
}
