package org.homeroom.directory.api;

import java.time.LocalDate;

/**
 * A family's FERPA directory-information opt-out for a student: {@code scope} all, photos (photos and
 * media), email or phone (that channel only); it lapses on {@code renewBy} unless renewed.
 */
public record FerpaOptOut(String scope, LocalDate renewBy) {
}
