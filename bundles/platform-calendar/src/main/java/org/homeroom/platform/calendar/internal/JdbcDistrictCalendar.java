package org.homeroom.platform.calendar.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Validation;
import org.homeroom.platform.api.calendar.BusinessCalendar;
import org.homeroom.platform.api.calendar.BusinessHours;
import org.homeroom.platform.api.calendar.CalendarDay;
import org.homeroom.platform.api.calendar.CalendarDayDraft;
import org.homeroom.platform.api.calendar.DayKind;
import org.homeroom.platform.api.calendar.DistrictCalendar;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.data.Sql;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The district calendar: zone, weekend, hours and US public holidays from configuration, the district's
 * own holidays and closures from HR_CALENDAR_DAY, read on every call (a closure stored on one node counts
 * on the next request on every node).
 */
@Component(service = DistrictCalendar.class, configurationPid = CalendarConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CalendarConfig.class)
public class JdbcDistrictCalendar implements DistrictCalendar {

    /** US public holidays are computed for this many years before and after the current one. */
    static final int YEARS_AROUND = 3;
    private static final String COLUMNS = "SELECT ID, DAY, KIND, NAME_EN, NAME_ES, CREATED_AT, CREATED_BY FROM HR_CALENDAR_DAY";

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private final ZoneId zone;
    private final BusinessCalendar weekendOnly;
    private final BusinessHours hours;
    private final boolean usPublicHolidays;

    @Activate
    public JdbcDistrictCalendar(@Reference Database database, @Reference AuditLog audit, @Reference Clock clock, CalendarConfig config) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
        try {
            this.zone = ZoneId.of(config.zone().trim());
            this.hours = new BusinessHours(LocalTime.parse(config.opens().trim()), LocalTime.parse(config.closes().trim()));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("Bad calendar configuration (" + CalendarConfig.PID + "): " + e.getMessage(), e);
        }
        this.weekendOnly = BusinessCalendar.parse(config.weekend(), "");
        this.usPublicHolidays = config.usPublicHolidays();
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    @Override
    public BusinessHours hours() {
        return hours;
    }

    @Override
    public BusinessCalendar businessDays() {
        Set<LocalDate> closed = new HashSet<>(database.query("SELECT DAY FROM HR_CALENDAR_DAY", rs -> Sql.localDate(rs, "DAY")));
        if (usPublicHolidays) {
            int year = LocalDate.ofInstant(clock.instant(), zone).getYear();
            for (int y = year - YEARS_AROUND; y <= year + YEARS_AROUND; y++) {
                closed.addAll(BusinessCalendar.usPublicHolidays(y));
            }
        }
        return new BusinessCalendar(weekendOnly.weekend(), closed);
    }

    @Override
    public List<CalendarDay> days(LocalDate from, LocalDate to) {
        return database.query(COLUMNS + " WHERE DAY >= ? AND DAY <= ? ORDER BY DAY", JdbcDistrictCalendar::map, from, to);
    }

    @Override
    public CalendarDay add(CalendarDayDraft draft, CurrentUser actor) {
        if (draft == null) {
            throw ProblemException.invalid(List.of(new org.homeroom.platform.api.FieldError("body", "a calendar day object is required")));
        }
        DayKind kind = kind(draft.kind());
        new Validation().required("date", draft.date())
                .check(draft.kind() == null || kind != null, "kind", "must be holiday or closure")
                .required("kind", draft.kind())
                .requiredText("nameEn", draft.nameEn(), 200).requiredText("nameEs", draft.nameEs(), 200)
                .throwIfInvalid();
        return database.inTransaction(c -> {
            if (Sql.queryOne(c, COLUMNS + " WHERE DAY = ?", JdbcDistrictCalendar::map, draft.date()).isPresent()) {
                throw ProblemException.conflict(draft.date() + " is already a holiday or closure; remove it first to change it.");
            }
            long id = Sql.insert(c, "INSERT INTO HR_CALENDAR_DAY (DAY, KIND, NAME_EN, NAME_ES, CREATED_AT, CREATED_BY) VALUES (?, ?, ?, ?, ?, ?)",
                    draft.date(), kind, draft.nameEn().strip(), draft.nameEs().strip(), clock.instant(), actor.name());
            audit.record(c, actor.name(), "calendar.day.add", "calendar-day", String.valueOf(id),
                    draft.date() + " " + kind.name().toLowerCase(Locale.ROOT) + ": " + draft.nameEn().strip());
            return Sql.queryOne(c, COLUMNS + " WHERE ID = ?", JdbcDistrictCalendar::map, id).orElseThrow();
        });
    }

    @Override
    public java.util.Optional<CalendarDay> day(long id) {
        return database.queryOne(COLUMNS + " WHERE ID = ?", JdbcDistrictCalendar::map, id);
    }

    @Override
    public void remove(long id, CurrentUser actor) {
        database.inTransaction(c -> {
            CalendarDay day = Sql.queryOne(c, COLUMNS + " WHERE ID = ?", JdbcDistrictCalendar::map, id)
                    .orElseThrow(() -> ProblemException.notFound("There is no holiday or closure '" + id + "'."));
            Sql.update(c, "DELETE FROM HR_CALENDAR_DAY WHERE ID = ?", id);
            audit.record(c, actor.name(), "calendar.day.remove", "calendar-day", String.valueOf(id), day.date() + ": " + day.nameEn());
            return null;
        });
    }

    private static DayKind kind(String kind) {
        if (kind == null) {
            return null;
        }
        try {
            return DayKind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static CalendarDay map(ResultSet rs) throws SQLException {
        return new CalendarDay(rs.getLong("ID"), Sql.localDate(rs, "DAY"), DayKind.valueOf(rs.getString("KIND")), rs.getString("NAME_EN"),
                rs.getString("NAME_ES"), Sql.instant(rs, "CREATED_AT"), rs.getString("CREATED_BY"));
    }
}
