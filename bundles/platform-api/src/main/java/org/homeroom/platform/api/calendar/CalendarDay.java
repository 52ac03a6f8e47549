package org.homeroom.platform.api.calendar;

import java.time.Instant;
import java.time.LocalDate;

/** A day the district's offices are closed, as the office entered it, named in English and Spanish. */
public record CalendarDay(long id, LocalDate date, DayKind kind, String nameEn, String nameEs, Instant createdAt, String createdBy) {
}
