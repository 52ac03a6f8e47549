package org.homeroom.media.api;

/** Filters of the request log; null means any. {@code site}: requests naming that site. */
public record MediaQuery(String status, String topic, Long outletId, String site, String text) {

    public static final MediaQuery ALL = new MediaQuery(null, null, null, null, null);
}
