package org.homeroom.platform.api.calendar;

/** What a stored calendar day is: a holiday the district observes, or a closure (weather, emergency, a board decision). */
public enum DayKind {
    HOLIDAY, CLOSURE
}
