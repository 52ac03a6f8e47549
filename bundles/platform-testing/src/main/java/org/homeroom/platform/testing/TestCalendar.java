package org.homeroom.platform.testing;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.calendar.BusinessCalendar;
import org.homeroom.platform.api.calendar.BusinessHours;
import org.homeroom.platform.api.calendar.CalendarDay;
import org.homeroom.platform.api.calendar.CalendarDayDraft;
import org.homeroom.platform.api.calendar.DayKind;
import org.homeroom.platform.api.calendar.DistrictCalendar;

/**
 * For unit tests: the district calendar with the platform's defaults (Saturday/Sunday weekend, US
 * public holidays three years around the clock's year, 08:00–16:30) and holidays or closures a test
 * adds, kept in memory. The rules are the platform's own {@link BusinessCalendar}.
 */
public final class TestCalendar implements DistrictCalendar {

    private final ZoneId zone;
    private final Clock clock;
    private final List<CalendarDay> days = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    public TestCalendar(ZoneId zone, Clock clock) {
        this.zone = zone;
        this.clock = clock;
    }

    /** Chicago, the platform's default zone. */
    public TestCalendar(Clock clock) {
        this(ZoneId.of("America/Chicago"), clock);
    }

    /** Adds a closure on {@code date}, as the administrator would through {@code /api/calendar/days}. */
    public TestCalendar closed(LocalDate date) {
        add(new CalendarDayDraft(date, "closure", "Closed", "Cerrado"), new CurrentUser("test", Set.of("admin")));
        return this;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public BusinessCalendar businessDays() {
        Set<LocalDate> closed = new HashSet<>();
        days.forEach(d -> closed.add(d.date()));
        int year = LocalDate.ofInstant(clock.instant(), zone).getYear();
        for (int y = year - 3; y <= year + 3; y++) {
            closed.addAll(BusinessCalendar.usPublicHolidays(y));
        }
        return new BusinessCalendar(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), closed);
    }

    @Override
    public BusinessHours hours() {
        return new BusinessHours(LocalTime.of(8, 0), LocalTime.of(16, 30));
    }

    @Override
    public List<CalendarDay> days(LocalDate from, LocalDate to) {
        List<CalendarDay> found = new ArrayList<>();
        days.stream().filter(d -> !d.date().isBefore(from) && !d.date().isAfter(to))
                .sorted(java.util.Comparator.comparing(CalendarDay::date)).forEach(found::add);
        return found;
    }

    @Override
    public Optional<CalendarDay> day(long id) {
        return days.stream().filter(d -> d.id() == id).findFirst();
    }

    @Override
    public CalendarDay add(CalendarDayDraft draft, CurrentUser actor) {
        if (days.stream().anyMatch(d -> d.date().equals(draft.date()))) {
            throw ProblemException.conflict(draft.date() + " is already a holiday or closure.");
        }
        CalendarDay day = new CalendarDay(ids.incrementAndGet(), draft.date(), DayKind.valueOf(draft.kind().toUpperCase(java.util.Locale.ROOT)),
                draft.nameEn(), draft.nameEs(), Instant.now(clock), actor.name());
        days.add(day);
        return day;
    }

    @Override
    public void remove(long id, CurrentUser actor) {
        if (!days.removeIf(d -> d.id() == id)) {
            throw ProblemException.notFound("There is no holiday or closure '" + id + "'.");
        }
    }
}
