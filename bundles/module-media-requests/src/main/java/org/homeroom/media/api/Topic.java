package org.homeroom.media.api;

/** A topic the office answers on, with its own SLA in business days (0: the same business day). */
public record Topic(String code, String nameEn, String nameEs, int slaBusinessDays) {
}
