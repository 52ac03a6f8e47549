package org.homeroom.messaging.api;

/** The provider accepted the text or call: its id for it and its first status (queued, sent…). */
public record ProviderResult(String providerId, String status) {
}
