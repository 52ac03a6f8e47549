package org.homeroom.openrecords.api;

import java.time.Instant;

/** A record released to the public: what was asked, and what staff published about the release. */
public record ArchiveItem(String trackingNumber, String request, String released, Instant releasedAt) {
}
