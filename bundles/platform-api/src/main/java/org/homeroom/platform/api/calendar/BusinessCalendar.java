package org.homeroom.platform.api.calendar;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Business days: every day but the weekend and the listed holidays and closures. A snapshot of the
 * district's calendar ({@link DistrictCalendar#businessDays()}), or built directly in a unit test.
 * Deadlines such as open records' acknowledgement and target days count in these. Immutable and thread-safe.
 */
public final class BusinessCalendar {

    private final Set<DayOfWeek> weekend;
    private final Set<LocalDate> holidays;

    public BusinessCalendar(Set<DayOfWeek> weekend, Set<LocalDate> holidays) {
        this.weekend = weekend.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(weekend));
        this.holidays = Set.copyOf(holidays);
        // With no working day in the week, addBusinessDays would never return.
        if (this.weekend.size() == DayOfWeek.values().length) {
            throw new IllegalArgumentException("weekend must leave at least one business day in the week");
        }
    }

    public Set<DayOfWeek> weekend() {
        return weekend;
    }

    public Set<LocalDate> holidays() {
        return holidays;
    }

    public boolean isBusinessDay(LocalDate date) {
        return !weekend.contains(date.getDayOfWeek()) && !holidays.contains(date);
    }

    /**
     * The date {@code days} business days after {@code start}. Counting starts the business day after
     * {@code start} (a request received on a Friday, + 3 → Wednesday); 0 returns {@code start} itself when it is a
     * business day, otherwise the next business day.
     */
    public LocalDate addBusinessDays(LocalDate start, int days) {
        if (days < 0) {
            throw new IllegalArgumentException("days must not be negative, was " + days);
        }
        LocalDate d = start;
        if (days == 0) {
            while (!isBusinessDay(d)) {
                d = d.plusDays(1);
            }
            return d;
        }
        for (int counted = 0; counted < days; ) {
            d = d.plusDays(1);
            if (isBusinessDay(d)) {
                counted++;
            }
        }
        return d;
    }

    /** Business days d with from &lt; d ≤ to; 0 when equal; the negative mirror when {@code to} is before {@code from}. */
    public int businessDaysBetween(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            return -businessDaysBetween(to, from);
        }
        int n = 0;
        for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
            if (isBusinessDay(d)) {
                n++;
            }
        }
        return n;
    }

    /**
     * From configuration strings: weekend days like "SATURDAY,SUNDAY" (case-insensitive) and ISO holidays like
     * "2026-12-24,2026-12-31". Blank means none.
     */
    public static BusinessCalendar parse(String weekendDays, String holidays) {
        Set<DayOfWeek> weekend = EnumSet.noneOf(DayOfWeek.class);
        for (String entry : entries(weekendDays)) {
            try {
                weekend.add(DayOfWeek.valueOf(entry.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown weekend day '" + entry + "' (expected e.g. SATURDAY)");
            }
        }
        Set<LocalDate> dates = new HashSet<>();
        for (String entry : entries(holidays)) {
            try {
                dates.add(LocalDate.parse(entry));
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("Bad holiday date '" + entry + "' (expected YYYY-MM-DD)");
            }
        }
        return new BusinessCalendar(weekend, dates);
    }

    /** Saturday/Sunday weekend, US public holidays of the given years, plus the district's own closures. */
    public static BusinessCalendar withUsHolidays(int fromYear, int toYear, Set<LocalDate> extraDistrictClosures) {
        if (toYear < fromYear) {
            throw new IllegalArgumentException("toYear " + toYear + " is before fromYear " + fromYear);
        }
        Set<LocalDate> all = new HashSet<>();
        for (int y = fromYear; y <= toYear; y++) {
            all.addAll(usPublicHolidays(y));
        }
        if (extraDistrictClosures != null) {
            all.addAll(extraDistrictClosures);
        }
        return new BusinessCalendar(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), all);
    }

    /**
     * US public (federal) holidays observed in {@code year}. Fixed-date holidays falling on a weekend move to the
     * observed weekday (Saturday → Friday before, Sunday → Monday after), as federal and district offices close
     * then. New Year's Day of the next year observed on December 31 belongs to this year's set; when this year's
     * January 1 is a Saturday, its observed day is in the previous year's set.
     */
    public static Set<LocalDate> usPublicHolidays(int year) {
        Set<LocalDate> days = new HashSet<>();
        LocalDate newYear = observed(LocalDate.of(year, 1, 1));
        if (newYear.getYear() == year) {
            days.add(newYear);
        }
        LocalDate nextNewYear = observed(LocalDate.of(year + 1, 1, 1));
        if (nextNewYear.getYear() == year) {
            days.add(nextNewYear);
        }
        days.add(nth(year, Month.JANUARY, 3, DayOfWeek.MONDAY));   // Martin Luther King Jr. Day
        days.add(nth(year, Month.FEBRUARY, 3, DayOfWeek.MONDAY));  // Presidents' Day
        days.add(LocalDate.of(year, 5, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))); // Memorial Day
        days.add(observed(LocalDate.of(year, 6, 19)));             // Juneteenth
        days.add(observed(LocalDate.of(year, 7, 4)));              // Independence Day
        days.add(nth(year, Month.SEPTEMBER, 1, DayOfWeek.MONDAY)); // Labor Day
        days.add(observed(LocalDate.of(year, 11, 11)));            // Veterans Day
        LocalDate thanksgiving = nth(year, Month.NOVEMBER, 4, DayOfWeek.THURSDAY);
        days.add(thanksgiving);
        days.add(thanksgiving.plusDays(1));
        days.add(observed(LocalDate.of(year, 12, 25)));            // Christmas Day
        return Set.copyOf(days);
    }

    private static LocalDate observed(LocalDate d) {
        return switch (d.getDayOfWeek()) {
            case SATURDAY -> d.minusDays(1);
            case SUNDAY -> d.plusDays(1);
            default -> d;
        };
    }

    private static LocalDate nth(int year, Month month, int n, DayOfWeek dow) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, dow));
    }

    private static String[] entries(String csv) {
        return csv == null || csv.isBlank() ? new String[0]
                : Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .toArray(String[]::new);
    }
}
