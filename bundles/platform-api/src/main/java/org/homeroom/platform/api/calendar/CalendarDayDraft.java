package org.homeroom.platform.api.calendar;

import java.time.LocalDate;

/** What the administrator sends to add a holiday or closure ({@code kind}: holiday or closure). */
public record CalendarDayDraft(LocalDate date, String kind, String nameEn, String nameEs) {
}
